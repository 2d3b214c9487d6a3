import { type IntercomUser, userFromAuthJsSession } from '@intercom-identity/core';

/** The part of an Auth.js (next-auth v5) session that identifies the user. */
export interface AuthJsSession {
  user?: {
    id?: string | null;
    email?: string | null;
    name?: string | null;
  } | null;
}

/** A signed-in Auth.js session: one that has a user. */
export type SignedInSession<S extends AuthJsSession> = S & { user: NonNullable<S['user']> };

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
  map?: (session: SignedInSession<S>) => IntercomUser | null | undefined,
): () => Promise<IntercomUser | null> {
  return async () => {
    const session = await auth();
    if (!session?.user) return null;
    const signedIn = session as SignedInSession<S>;
    if (map) return map(signedIn) ?? null;
    return userFromAuthJsSession(signedIn);
  };
}
