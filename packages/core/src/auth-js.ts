import type { Logger } from './config.js';
import { logOnceTo } from './log.js';
import type { IntercomUser } from './user.js';

/** The shape of an Auth.js session that matters here (next-auth v5, @auth/sveltekit, ...). */
export interface AuthJsSession {
  user?: { id?: string | null; email?: string | null; name?: string | null } | null;
}

/** A signed-in Auth.js session: one that has a user. */
export type SignedInSession<S extends AuthJsSession> = S & { user: NonNullable<S['user']> };

/** Options of {@link userFromAuthJsSession}. */
export interface AuthJsSessionOptions {
  /** Where the once-only `USER_ID_MISSING` warning goes. Default: console. */
  logger?: Logger;
}

/**
 * The line said once when a session user has an email but no id: JWT mode (the
 * default) refuses such a user, user_hash mode signs the email, and an email is
 * only as trustworthy as the provider that verified it.
 */
export const USER_ID_MISSING_WARNING =
  "USER_ID_MISSING: a signed-in Auth.js session has no user.id. In JWT mode (the default) this user boots the Messenger as a visitor (JWT_USER_ID_REQUIRED); in user_hash mode, or with INTERCOM_IDENTITY_JWT_FALLBACK=user_hash, the email is signed as the identifier. Expose a stable user id in the session callback (session.user.id = token.sub), or pass map: with a provider that does not verify emails, anyone could sign in as another person's email.";

/**
 * The Intercom user of an Auth.js session: its `user.id` as `user_id`, `email`
 * and `name`; null when nobody is signed in or the session has neither an id nor
 * an email. `map` replaces that mapping for a signed-in session (more profile
 * fields, another id). The adapters' `fromAuthJs` resolvers use it.
 *
 * A session user without an id is passed on by its email, with a `USER_ID_MISSING`
 * warning (once per logger): JWT mode (the default) boots such a user as a
 * visitor, user_hash mode signs the email. Give the session a stable user id.
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
  options: AuthJsSessionOptions = {},
): IntercomUser | null {
  const signedIn = session?.user;
  if (!signedIn) return null;
  const user = map ? (map(session as SignedInSession<S>) ?? null) : defaultUser(signedIn);
  if (user !== null && typeof user === 'object' && isEmailOnly(user))
    logOnceTo(options.logger ?? console)('warn', USER_ID_MISSING_WARNING);
  return user;
}

function defaultUser(signedIn: NonNullable<AuthJsSession['user']>): IntercomUser | null {
  const { id, email, name } = signedIn;
  if (!id && !email) return null;
  const user: IntercomUser = {};
  if (id) user.user_id = id;
  if (email) user.email = email;
  if (name) user.name = name;
  return user;
}

/** Whether the core would sign this user by its email: an email, and no user_id or id. */
export function isEmailOnly(user: IntercomUser): boolean {
  const id = user.user_id ?? user.id;
  return (id === undefined || id === null || id === '') && typeof user.email === 'string' && user.email !== '';
}
