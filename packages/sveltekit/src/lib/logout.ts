import { type AdapterOptions, createIntercomAdapter, type EnvSource, type IntercomAdapter } from '@intercom-identity/core';
import type { RequestEvent } from '@sveltejs/kit';
import { loadRuntimeEnv, runtimeEnv } from './env.js';
import { userFromLocals } from './users.js';

/** Options of {@link expireIntercomSession}: where the env is read, or the app id itself. */
export interface ExpireIntercomSessionOptions {
  /** The app id; default `INTERCOM_APP_ID` of the env. */
  appId?: string;
  /** Where the `INTERCOM_*` variables are read. Default: as {@link intercomHandle} reads them. */
  env?: () => EnvSource;
}

let shared: IntercomAdapter<RequestEvent> | undefined;

function adapterFor(options: ExpireIntercomSessionOptions): IntercomAdapter<RequestEvent> {
  const create = () =>
    createIntercomAdapter<RequestEvent>(options as AdapterOptions<RequestEvent>, {
      name: 'expireIntercomSession',
      env: runtimeEnv,
      getUser: userFromLocals,
    });
  if (options.appId !== undefined || options.env !== undefined) return create();
  shared ??= create();
  return shared;
}

/**
 * The server's half of a logout, for the route or action that ends the
 * session: expires the Messenger's session cookie (`intercom-session-{app_id}`,
 * and any other the request sent), host-only and on each domain of the
 * request's host, path `/`, through `event.cookies`. The next person on this
 * browser then cannot get the last user's conversations, even when the page's
 * `shutdownIntercom()` never ran.
 *
 * @example
 * ```ts
 * // src/routes/logout/+server.ts
 * import { expireIntercomSession } from '@intercom-identity/sveltekit';
 * export const GET = async (event) => {
 *   event.cookies.delete('session', { path: '/' });
 *   await expireIntercomSession(event);
 *   return new Response(null, { status: 303, headers: { location: '/' } });
 * };
 * ```
 */
export async function expireIntercomSession(
  event: Pick<RequestEvent, 'cookies' | 'request' | 'url'>,
  options: ExpireIntercomSessionOptions = {},
): Promise<void> {
  if (options.env === undefined) await loadRuntimeEnv();
  const cookies = adapterFor(options).logoutCookies({ cookie: event.request.headers.get('cookie'), host: event.url.host });
  // The Messenger's cookies are read by its script: expire them as such (not HttpOnly, SameSite=Lax).
  for (const { name, domain } of cookies)
    event.cookies.delete(name, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      ...(domain === undefined ? {} : { domain }),
    });
}
