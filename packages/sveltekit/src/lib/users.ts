import type { IntercomUser } from '@intercom-identity/core';
import { IntercomIdentityError, userFromAuthJsSession } from '@intercom-identity/core';

/** What a `getUser` may return: the signed-in user, or null (or undefined) for a visitor. */
export type MaybeUser = IntercomUser | null | undefined;

/** The part of a request event the user resolvers read. */
export interface EventWithLocals {
  locals: object;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The default `getUser`: `event.locals.user`, where most SvelteKit auth setups
 * (Lucia-style sessions, hand-written hooks) put the signed-in user. Sends
 * `user_id` (or `id`), `email`, `name` and `created_at` (Unix seconds or a
 * Date); nothing else of the object leaves the server. No `locals.user`, or one
 * with neither an id nor an email, is a visitor. For more profile fields, pass
 * your own `getUser`.
 *
 * @example
 * ```ts
 * // src/hooks.server.ts: an earlier handle sets event.locals.user
 * import { intercomHandle, userFromLocals } from '@intercom-identity/sveltekit';
 * export const handle = intercomHandle({ getUser: userFromLocals });
 * ```
 */
export function userFromLocals(event: EventWithLocals): IntercomUser | null {
  const user = (event.locals as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const fields = user as Record<string, unknown>;
  const result: IntercomUser = {};
  const id = fields.user_id ?? fields.id;
  if ((typeof id === 'string' && id !== '') || typeof id === 'number') result.user_id = id;
  const email = text(fields.email);
  if (email !== undefined) result.email = email;
  if (result.user_id === undefined && result.email === undefined) return null;
  const name = text(fields.name);
  if (name !== undefined) result.name = name;
  const created = fields.created_at;
  if (typeof created === 'number' || created instanceof Date) result.created_at = created;
  return result;
}

/** The part of an Auth.js session that identifies the user. */
export interface AuthJsSession {
  user?: {
    id?: string | null;
    email?: string | null;
    name?: string | null;
  } | null;
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
  map?: (session: S & { user: NonNullable<S['user']> }) => MaybeUser,
): (event: EventWithAuth<S>) => Promise<IntercomUser | null> {
  return async (event) => {
    const auth = (event.locals as { auth?: unknown }).auth;
    if (typeof auth !== 'function')
      throw new IntercomIdentityError(
        'HANDLER_OPTIONS_INVALID',
        "event.locals.auth is not a function. Put @auth/sveltekit's handle before intercomHandle() in sequence().",
      );
    const session = (await auth()) as S | null | undefined;
    if (!session?.user) return null;
    const signedIn = session as S & { user: NonNullable<S['user']> };
    if (map) return map(signedIn) ?? null;
    return userFromAuthJsSession(signedIn);
  };
}
