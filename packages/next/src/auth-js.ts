import {
  type AuthJsSession,
  type AuthJsSessionOptions,
  type IntercomUser,
  type MaybeUser,
  type SignedInSession,
  userFromAuthJsSession,
} from '@intercom-identity/core';

export type { AuthJsSession, AuthJsSessionOptions, SignedInSession } from '@intercom-identity/core';

/**
 * Turns Auth.js's `auth()` into the `getUser` of {@link createIntercomIdentity}:
 * `session.user.id` becomes `user_id`, `email` and `name` are passed on, and no
 * session (or a user with neither an id nor an email) is a visitor. Pass `map`
 * to send more profile fields, or to take the id from somewhere else.
 *
 * A session without `user.id` is passed on by its email, with a `USER_ID_MISSING`
 * warning once (to `options.logger`, default console): JWT mode (the default)
 * boots such a user as a visitor, user_hash mode signs the email. Expose the id
 * in your session callback.
 *
 * Typed structurally, so this package does not depend on next-auth.
 *
 * @example
 * ```ts
 * // lib/intercom.ts
 * import { createIntercomIdentity, fromAuthJs } from '@intercom-identity/next';
 * import { auth } from '@/auth';
 * export const intercom = createIntercomIdentity({ getUser: fromAuthJs(auth) });
 * ```
 */
export function fromAuthJs<S extends AuthJsSession>(
  auth: () => Promise<S | null | undefined>,
  map?: (session: SignedInSession<S>) => MaybeUser,
  options?: AuthJsSessionOptions,
): () => Promise<IntercomUser | null> {
  return async () => userFromAuthJsSession(await auth(), map, options);
}
