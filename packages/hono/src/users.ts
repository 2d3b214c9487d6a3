import type { IntercomUser } from '@intercom-identity/core';
import type { Context } from 'hono';

/**
 * The default `getUser`: `c.get('user')`, where a Hono app's session middleware
 * usually puts the signed-in user. The core's one user mapping applies, as in
 * every adapter: `user_id` (else `id`), `email`, `name`, `phone`, `created_at`,
 * company and custom attributes are sent; nothing else of the object leaves the
 * server. No `user`, or one with neither an id nor an email, is a visitor.
 *
 * @example
 * ```ts
 * import { intercomIdentity, userFromContext } from '@intercom-identity/hono';
 * app.use(intercomIdentity({ getUser: userFromContext }));
 * ```
 */
export function userFromContext(c: Context): IntercomUser | null {
  return (c.get('user') ?? null) as IntercomUser | null;
}
