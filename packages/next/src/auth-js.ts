import {
  type AuthJsSession,
  type IntercomUser,
  type MaybeUser,
  type SignedInSession,
  userFromAuthJsSession,
} from '@intercom-identity/core';

export type { AuthJsSession, SignedInSession } from '@intercom-identity/core';

/**
 * Turns Auth.js's `auth()` into the `getUser` of {@link createIntercomIdentity}:
 * `session.user.id` becomes `user_id`, `email` and `name` are passed on, and no
 * session (or a user with neither an id nor an email) is a visitor. Pass `map`
 * to send more profile fields, or to take the id from somewhere else.
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
): () => Promise<IntercomUser | null> {
  return async () => userFromAuthJsSession(await auth(), map);
}
