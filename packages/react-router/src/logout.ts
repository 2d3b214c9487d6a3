import type { EnvSource, IntercomAdapter } from '@intercom-identity/core';
import { reactRouterAdapter } from './adapter.js';
import type { RequestArgs } from './args.js';

/** Options of {@link expireIntercomSession}: where the env is read, or the app id itself. */
export interface ExpireIntercomSessionOptions {
  /** The app id; default `INTERCOM_APP_ID` of the env. */
  appId?: string;
  /** Where the `INTERCOM_*` variables are read. Default: as `intercomMiddleware` reads them. */
  env?: (args: RequestArgs) => EnvSource;
}

let shared: IntercomAdapter<RequestArgs> | undefined;

function adapterFor(options: ExpireIntercomSessionOptions | undefined): IntercomAdapter<RequestArgs> {
  const create = () => reactRouterAdapter(options, 'expireIntercomSession');
  if (options !== undefined) return create();
  shared ??= create();
  return shared;
}

/**
 * The server's half of a logout, for the loader or action that ends the
 * session: appends the `Set-Cookie` lines that expire the Messenger's session
 * cookie (`intercom-session-{app_id}`, and any other the request sent),
 * host-only and on each domain of the request's host, path `/`, to `target`
 * (the headers of your redirect, or the response itself), and returns it;
 * without `target`, to new headers. The next person on this browser then
 * cannot get the last user's conversations, even when the page's
 * `shutdownIntercom()` never ran.
 *
 * @example
 * ```ts
 * // app/routes/logout.ts
 * import { redirect } from 'react-router';
 * import { expireIntercomSession } from '@intercom-identity/react-router/server';
 * export async function action({ request, context }: Route.ActionArgs) {
 *   const headers = new Headers({ 'set-cookie': await sessionStorage.destroySession(session) });
 *   expireIntercomSession({ request, context }, headers);
 *   return redirect('/', { headers });
 * }
 * ```
 */
export function expireIntercomSession(args: RequestArgs, target?: undefined, options?: ExpireIntercomSessionOptions): Headers;
export function expireIntercomSession<T extends Headers | Response>(
  args: RequestArgs,
  target: T,
  options?: ExpireIntercomSessionOptions,
): T;
export function expireIntercomSession(
  args: RequestArgs,
  target?: Headers | Response,
  options?: ExpireIntercomSessionOptions,
): Headers | Response {
  const headers: Headers =
    target === undefined ? new Headers() : target instanceof Response ? target.headers : (target as Headers);
  const cookies = adapterFor(options).logoutCookies(
    { cookie: args.request.headers.get('cookie'), host: new URL(args.request.url).host },
    args,
  );
  for (const { header } of cookies) headers.append('set-cookie', header);
  return target ?? headers;
}
