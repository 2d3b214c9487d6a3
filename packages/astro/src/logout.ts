import type { EnvSource, IntercomAdapter } from '@intercom-identity/core';
import type { APIContext } from 'astro';
import { astroAdapter } from './adapter.js';

/** Options of {@link expireIntercomSession}: where the env is read, or the app id itself. */
export interface ExpireIntercomSessionOptions {
  /** The app id; default `INTERCOM_APP_ID` of the env. */
  appId?: string;
  /** Where the `INTERCOM_*` variables are read. Default: as the middleware reads them (`process.env`). */
  env?: (context?: APIContext) => EnvSource;
}

let shared: IntercomAdapter<APIContext> | undefined;

function adapterFor(options: ExpireIntercomSessionOptions | undefined): IntercomAdapter<APIContext> {
  const create = () => astroAdapter(options, 'expireIntercomSession');
  if (options !== undefined) return create();
  shared ??= create();
  return shared;
}

/**
 * The server's half of a logout, for the route that ends the session: adds to
 * `response` the `Set-Cookie` headers that expire the Messenger's session
 * cookie (`intercom-session-{app_id}`, and any other the request sent),
 * host-only and on each domain of the request's host, path `/`, and returns
 * it. The next person on this browser then cannot get the last user's
 * conversations, even when the page's `shutdownIntercom()` never ran. (Astro's
 * `context.cookies` keeps one cookie per name, so the headers go on the
 * response itself.)
 *
 * @example
 * ```ts
 * // src/pages/logout.ts
 * import { expireIntercomSession } from '@intercom-identity/astro';
 * import type { APIRoute } from 'astro';
 * export const prerender = false;
 * export const GET: APIRoute = (context) => {
 *   context.cookies.delete('session', { path: '/' });
 *   return expireIntercomSession(context, context.redirect('/', 303));
 * };
 * ```
 */
export function expireIntercomSession(
  context: Pick<APIContext, 'request' | 'url'>,
  response: Response,
  options?: ExpireIntercomSessionOptions,
): Response {
  const cookies = adapterFor(options).logoutCookies(
    { cookie: context.request.headers.get('cookie'), host: context.url.host },
    context as APIContext,
  );
  let target = response;
  try {
    for (const { header } of cookies) target.headers.append('set-cookie', header);
  } catch {
    // The headers of a fetched response are immutable: the cookies go on a copy.
    target = new Response(response.body, response);
    for (const { header } of cookies) target.headers.append('set-cookie', header);
  }
  return target;
}
