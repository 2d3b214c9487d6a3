import type { AuthJsSession, IntercomUser, MaybeUser, SignedInSession } from '@intercom-identity/core';
import { IntercomIdentityError, userFromAuthJsSession } from '@intercom-identity/core';

export type { AuthJsSession, MaybeUser } from '@intercom-identity/core';

/** The part of a request event the user resolvers read. */
export interface EventWithLocals {
  locals: object;
}

/**
 * The default `getUser`: `event.locals.user`, where most SvelteKit auth setups
 * (Lucia-style sessions, hand-written hooks) put the signed-in user. The core's
 * one user mapping applies, as in every adapter: `user_id` (else `id`),
 * `email`, `name`, `phone`, `created_at`, company and custom attributes are
 * sent; nothing else of the object leaves the server. No `locals.user`, or one
 * with neither an id nor an email, is a visitor.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts: an earlier handle sets event.locals.user
 * import { intercomHandle, userFromLocals } from '@intercom-identity/sveltekit';
 * export const handle = intercomHandle({ getUser: userFromLocals });
 * ```
 */
export function userFromLocals(event: EventWithLocals): IntercomUser | null {
  return ((event.locals as { user?: IntercomUser | null }).user ?? null) as IntercomUser | null;
}

/** A request event with `locals.auth()`, as `@auth/sveltekit`'s handle leaves it. */
export interface EventWithAuth<S extends AuthJsSession = AuthJsSession> {
  locals: { auth?: () => Promise<S | null | undefined> } | object;
}

/**
 * The `getUser` for `@auth/sveltekit`: reads `event.locals.auth()` (its handle
 * must come first in `sequence()`), sends `session.user.id` as `user_id`, with
 * `email` and `name`. No session, or a user with neither an id nor an email, is
 * a visitor. Pass `map` for more profile fields or another id. Typed
 * structurally: this package does not depend on Auth.js.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts
 * import { sequence } from '@sveltejs/kit/hooks';
 * import { fromAuthJs, intercomHandle } from '@intercom-identity/sveltekit';
 * import { handle as authHandle } from './auth';
 * export const handle = sequence(authHandle, intercomHandle({ getUser: fromAuthJs() }));
 * ```
 */
export function fromAuthJs<S extends AuthJsSession = AuthJsSession>(
  map?: (session: SignedInSession<S>) => MaybeUser,
): (event: EventWithAuth<S>) => Promise<IntercomUser | null> {
  return async (event) => {
    const auth = (event.locals as { auth?: unknown }).auth;
    if (typeof auth !== 'function')
      throw new IntercomIdentityError(
        'HANDLER_OPTIONS_INVALID',
        "event.locals.auth is not a function. Put @auth/sveltekit's handle before intercomHandle() in sequence().",
      );
    return userFromAuthJsSession((await auth()) as S | null | undefined, map);
  };
}
