import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomIdentityConfig,
  type MaybeUser,
} from '@intercom-identity/core';
import type { Request, RequestHandler } from 'express';
import { sendWebResponse, webRequestOf } from './http.js';
import { userFromRequest } from './users.js';

/** Options of {@link intercomProofEndpoint}: how to find the user, plus any config field to override the env. */
export interface IntercomProofEndpointOptions extends IntercomIdentityConfig {
  /**
   * The signed-in user of this request, or null. Default: Passport's
   * `req.user`, else express-session's `req.session.user`.
   */
  getUser?: (req: Request) => MaybeUser | Promise<MaybeUser>;
  /** Where the `INTERCOM_*` variables are read, per request. Default: `process.env`. */
  env?: () => EnvSource;
}

/**
 * The proof endpoint, for every method: mount it with `app.all`. It gives the
 * signed-in user's proof to the site's iOS and Android apps
 * (`?platform=ios|android`, each signed with its own secret) and fresh JWTs
 * to the browser (`?platform=web`, with the workspace's `app_id`, `api_base`
 * and `widget_url`). It signs only the user of the session: any identifier in
 * the query or body is ignored. No session: 401. Never cacheable.
 *
 * `GET`, `HEAD` and `POST` are answered, `OPTIONS` too (the CORS preflight of
 * an origin listed in `INTERCOM_IDENTITY_ALLOWED_ORIGINS`), other methods with
 * 405. A browser call from a site that is not on that list is refused (403)
 * before `getUser` runs. No body parser is needed: the body is never read.
 *
 * @example
 * ```ts
 * import { intercomProofEndpoint } from '@intercom-identity/express';
 * app.all('/api/intercom-identity', intercomProofEndpoint()); // after your session middleware
 * ```
 */
export function intercomProofEndpoint(options?: IntercomProofEndpointOptions): RequestHandler {
  const intercom = createIntercomAdapter<Request>(options as AdapterOptions<Request> | undefined, {
    name: 'intercomProofEndpoint',
    env: () => process.env,
    getUser: userFromRequest,
  });
  return (req, res, next) => {
    intercom
      .proofEndpoint(webRequestOf(req), req)
      .then((response) => sendWebResponse(res, response, req.method === 'HEAD'))
      .catch(next);
  };
}
