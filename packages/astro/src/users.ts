import type { IntercomUser } from '@intercom-identity/core';

/** The part of Astro's context the default user lookup reads. */
export interface ContextWithLocals {
  locals: object;
}

/**
 * The default `getUser`: `context.locals.user` (`Astro.locals.user` in a
 * page), where an Astro app's own `src/middleware.ts` usually puts the
 * signed-in user. The core's one user mapping applies, as in every adapter:
 * `user_id` (else `id`), `email`, `name`, `phone`, `created_at`, company and
 * custom attributes are sent; nothing else of the object leaves the server. No
 * `locals.user`, or one with neither an id nor an email, is a visitor.
 *
 * @example
 * ```ts
 * // src/middleware.ts
 * import { intercomMiddleware, userFromLocals } from '@intercom-identity/astro';
 * import { sequence } from 'astro:middleware';
 * export const onRequest = sequence(session, intercomMiddleware({ getUser: userFromLocals }));
 * ```
 */
export function userFromLocals(context: ContextWithLocals): IntercomUser | null {
  return ((context.locals as { user?: IntercomUser | null }).user ?? null) as IntercomUser | null;
}
