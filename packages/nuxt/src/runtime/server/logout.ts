// expireIntercomSession(event): auto-imported in the app's server routes.

import type { H3Event } from 'h3';
import { appendResponseHeader, getRequestHeader, getRequestHost } from '#imports';
import { intercom } from './setup.js';

/**
 * The server's half of a logout, for the route that ends the session: expires
 * the Messenger's session cookie (`intercom-session-{app_id}`, and any other the
 * request sent), host-only and on each domain of the request's host, path `/`.
 * The next person on this browser then cannot get the last user's
 * conversations, even when the page's shutdown never ran.
 *
 * @example
 * ```ts
 * // server/routes/logout.get.ts
 * export default defineEventHandler(async (event) => {
 *   await clearUserSession(event);
 *   expireIntercomSession(event);
 *   return sendRedirect(event, '/', 303);
 * });
 * ```
 */
export function expireIntercomSession(event: H3Event): void {
  const lines = intercom.logoutCookies({ cookie: getRequestHeader(event, 'cookie'), host: getRequestHost(event) });
  for (const line of lines) appendResponseHeader(event, 'set-cookie', line);
}
