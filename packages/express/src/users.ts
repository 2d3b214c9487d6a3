import type { IntercomUser, MaybeUser } from '@intercom-identity/core';

/** The parts of a request where Express apps usually keep the signed-in user. */
interface RequestWithUser {
  /** Passport puts the deserialized user here. */
  user?: unknown;
  /** express-session's session, where hand-written logins often keep the user. */
  session?: { user?: unknown } | null;
}

/**
 * The default `getUser`: Passport's `req.user`, else express-session's
 * `req.session.user`, else null (a visitor). The core's one user mapping
 * applies, as in every adapter: `user_id` (else `id`), `email`, `name`,
 * `phone`, `created_at`, company and custom attributes are sent; nothing else
 * of the object leaves the server.
 */
export function userFromRequest(req: object): MaybeUser {
  const { user, session } = req as RequestWithUser;
  return (user ?? session?.user ?? null) as IntercomUser | null;
}
