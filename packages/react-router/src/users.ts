import type { IntercomUser } from '@intercom-identity/core';
import { createContext, type RouterContext } from 'react-router';
import type { RequestArgs } from './args.js';

/**
 * The router context of the signed-in user, which the default `getUser` reads.
 * The app's auth middleware sets it for each request (`null`, the default, is a
 * visitor), and the app's loaders may read it too. The core's one user mapping
 * applies, as in every adapter: `user_id` (else `id`), `email`, `name`, `phone`,
 * `created_at`, company and custom attributes are sent; nothing else of the
 * object leaves the server.
 *
 * @example
 * ```ts
 * // app/root.tsx
 * import { intercomMiddleware, userContext } from '@intercom-identity/react-router/server';
 * export const middleware: Route.MiddlewareFunction[] = [
 *   async ({ request, context }) => {
 *     context.set(userContext, await userFromSession(request)); // your session
 *   },
 *   intercomMiddleware(),
 * ];
 * ```
 */
export const userContext: RouterContext<IntercomUser | null> = createContext<IntercomUser | null>(null);

/** The default `getUser`: the value of {@link userContext} for this request. */
export function userFromContext({ context }: Pick<RequestArgs, 'context'>): IntercomUser | null {
  return context.get(userContext) ?? null;
}
