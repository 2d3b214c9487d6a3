import { type AdapterOptions, createIntercomAdapter, type EnvSource, type IntercomAdapter } from '@intercom-identity/core';
import type { Request, Response } from 'express';
import { userFromRequest } from './users.js';

/** Options of {@link expireIntercomSession}: where the env is read, or the app id itself. */
export interface ExpireIntercomSessionOptions {
  /** The app id; default `INTERCOM_APP_ID` of the env. */
  appId?: string;
  /** Where the `INTERCOM_*` variables are read. Default: `process.env`. */
  env?: () => EnvSource;
}

let shared: IntercomAdapter<Request> | undefined;

function adapterFor(options: ExpireIntercomSessionOptions): IntercomAdapter<Request> {
  const create = () =>
    createIntercomAdapter<Request>(options as AdapterOptions<Request>, {
      name: 'expireIntercomSession',
      env: () => process.env,
      getUser: userFromRequest,
    });
  if (options.appId !== undefined || options.env !== undefined) return create();
  shared ??= create();
  return shared;
}

/**
 * The server's half of a logout, for the route that ends the session: adds
 * the `Set-Cookie` lines that expire the Messenger's session cookie
 * (`intercom-session-{app_id}`, and any other the request sent), host-only and
 * on each domain of the request's host, path `/`. The next person on this
 * browser then cannot get the last user's conversations, even when the page's
 * `shutdownIntercom()` never ran. Call it before the response is sent.
 *
 * @example
 * ```ts
 * import { expireIntercomSession } from '@intercom-identity/express';
 * app.get('/logout', (req, res, next) => {
 *   req.session.destroy((error) => {
 *     if (error) return next(error);
 *     res.clearCookie('connect.sid');
 *     expireIntercomSession(req, res);
 *     res.redirect(303, '/');
 *   });
 * });
 * ```
 */
export function expireIntercomSession(req: Request, res: Response, options: ExpireIntercomSessionOptions = {}): void {
  const cookies = adapterFor(options ?? {}).logoutCookies({ cookie: req.headers.cookie, host: req.hostname });
  // The Messenger's cookies are read by its script: they are expired as such (not HttpOnly, SameSite=Lax).
  const secure = req.secure ? '; Secure' : '';
  if (cookies.length > 0)
    res.append(
      'Set-Cookie',
      cookies.map(({ header }) => header + secure),
    );
}
