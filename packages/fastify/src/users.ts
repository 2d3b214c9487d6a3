import type { IntercomUser } from '@intercom-identity/core';

export type { MaybeUser } from '@intercom-identity/core';

/**
 * The default `getUser` of {@link intercomIdentity}: the signed-in user of the
 * request where the usual Fastify plugins keep it.
 *
 * - `request.user`, as `@fastify/passport` sets it after `serializeUser` /
 *   `deserializeUser`;
 * - else `request.session.user`, as an app sets it with `@fastify/session`
 *   (`request.session.user = { id, email, name }` at login);
 * - else null: a visitor.
 *
 * The core's one user mapping applies, as in every adapter: `user_id` (else
 * `id`), `email`, `name`, `phone`, `created_at`, company and custom attributes
 * are sent; nothing else of the object leaves the server. A user with neither
 * an id nor an email is a visitor.
 *
 * @example
 * ```ts
 * import { intercomIdentity, userFromRequest } from '@intercom-identity/fastify';
 * import { userFromApiToken } from './auth.js'; // your own lookup, for API clients
 * // Your source first, then the usual ones.
 * await app.register(intercomIdentity, {
 *   getUser: async (request) => (await userFromApiToken(request)) ?? userFromRequest(request),
 * });
 * ```
 */
export function userFromRequest(request: object): IntercomUser | null {
  // Typed loosely: neither plugin is a dependency, and each declares these properties itself.
  const { user: passport, session } = request as { user?: unknown; session?: unknown };
  if (passport !== undefined && passport !== null) return passport as IntercomUser;
  if (typeof session !== 'object' || session === null) return null;
  return ((session as { user?: unknown }).user ?? null) as IntercomUser | null;
}
