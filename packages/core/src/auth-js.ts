import type { IntercomUser } from './user.js';

/** The shape of an Auth.js session that matters here (next-auth v5, @auth/sveltekit, ...). */
export interface AuthJsSession {
  user?: { id?: string | null; email?: string | null; name?: string | null } | null;
}

/** A signed-in Auth.js session: one that has a user. */
export type SignedInSession<S extends AuthJsSession> = S & { user: NonNullable<S['user']> };

/**
 * The Intercom user of an Auth.js session: its `user.id` as `user_id`, `email`
 * and `name`; null when nobody is signed in or the session has neither an id nor
 * an email. `map` replaces that mapping for a signed-in session (more profile
 * fields, another id). The adapters' `fromAuthJs` resolvers use it.
 *
 * @example
 * ```ts
 * import { userFromAuthJsSession } from '@intercom-identity/core';
 * userFromAuthJsSession({ user: { id: 'u_1001', email: 'alice@example.com' } });
 * // { user_id: 'u_1001', email: 'alice@example.com' }
 * ```
 */
export function userFromAuthJsSession<S extends AuthJsSession>(
  session: S | null | undefined,
  map?: (session: SignedInSession<S>) => IntercomUser | null | undefined,
): IntercomUser | null {
  const signedIn = session?.user;
  if (!signedIn) return null;
  if (map) return map(session as SignedInSession<S>) ?? null;
  const { id, email, name } = signedIn;
  if (!id && !email) return null;
  const user: IntercomUser = {};
  if (id) user.user_id = id;
  if (email) user.email = email;
  if (name) user.name = name;
  return user;
}
