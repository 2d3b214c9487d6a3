import type { EnvSource, IntercomAdapter } from '@intercom-identity/core';
import type { Context, Env } from 'hono';
import { honoAdapter } from './adapter.js';

/** Options of {@link expireIntercomSession}: where the env is read, or the app id itself. */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export interface ExpireIntercomSessionOptions<E extends Env = any> {
  /** The app id; default `INTERCOM_APP_ID` of the env. */
  appId?: string;
  /** Where the `INTERCOM_*` variables are read. Default: as {@link intercomIdentity} reads them. */
  env?: (c: Context<E>) => EnvSource;
}

let shared: IntercomAdapter<Context> | undefined;

function adapterFor(options: ExpireIntercomSessionOptions | undefined): IntercomAdapter<Context> {
  const create = () => honoAdapter(options, 'expireIntercomSession');
  if (options !== undefined) return create();
  shared ??= create();
  return shared;
}

/**
 * The server's half of a logout, for the route that ends the session: appends
 * the `Set-Cookie` headers that expire the Messenger's session cookie
 * (`intercom-session-{app_id}`, and any other the request sent), host-only and
 * on each domain of the request's host, path `/`. The next person on this
 * browser then cannot get the last user's conversations, even when the page's
 * `shutdownIntercom()` never ran. Call it before the route makes its response
 * (`c.redirect()`, `c.body()`), or in a middleware after `await next()`.
 *
 * @example
 * ```ts
 * import { expireIntercomSession } from '@intercom-identity/hono';
 * import { deleteCookie } from 'hono/cookie';
 * app.get('/logout', (c) => {
 *   deleteCookie(c, 'session', { path: '/' });
 *   expireIntercomSession(c);
 *   return c.redirect('/', 303);
 * });
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export function expireIntercomSession<E extends Env = any>(c: Context<E>, options?: ExpireIntercomSessionOptions<E>): void {
  const cookies = adapterFor(options).logoutCookies(
    { cookie: c.req.header('cookie'), host: new URL(c.req.url).host },
    c as Context,
  );
  for (const { header } of cookies) c.header('set-cookie', header, { append: true });
}
