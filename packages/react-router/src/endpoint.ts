import { problemResponse } from '@intercom-identity/core';
import { type IntercomReactRouterOptions, reactRouterAdapter } from './adapter.js';
import type { RequestArgs } from './args.js';
import { prerendering } from './env.js';

/** Options of {@link intercomProofEndpoint}: how to find the user and the env, plus any config field to override the env. */
export type IntercomProofEndpointOptions = IntercomReactRouterOptions;

/** The resource route's handlers that {@link intercomProofEndpoint} returns. */
export interface IntercomProofEndpoint {
  /** GET (and HEAD, and the CORS preflight `OPTIONS`, which React Router sends to the loader). */
  loader(args: RequestArgs): Promise<Response>;
  /** POST. */
  action(args: RequestArgs): Promise<Response>;
}

/**
 * The proof endpoint, as a resource route module: it gives the signed-in
 * user's proof to the site's iOS and Android apps (`?platform=ios|android`,
 * each signed with its own secret) and fresh JWTs to the browser
 * (`?platform=web`). Signs only the user of the session: any identifier in the
 * query or body is ignored. No session: 401. Never cacheable. Cross-origin
 * callers need their origin in `INTERCOM_IDENTITY_ALLOWED_ORIGINS` (or the
 * `allowedOrigins` option). The root middleware runs for resource routes too,
 * so the user the auth middleware set is there.
 *
 * @example
 * ```ts
 * // app/routes.ts: route('api/intercom-identity', 'routes/api.intercom-identity.ts')
 * // app/routes/api.intercom-identity.ts
 * import { intercomProofEndpoint } from '@intercom-identity/react-router/server';
 * const proofEndpoint = intercomProofEndpoint();
 * export const loader = proofEndpoint.loader; // not destructured: React Router refuses that
 * export const action = proofEndpoint.action;
 * ```
 */
export function intercomProofEndpoint(options?: IntercomProofEndpointOptions): IntercomProofEndpoint {
  const intercom = reactRouterAdapter(options, 'intercomProofEndpoint');
  const handle = async ({ request, context }: RequestArgs): Promise<Response> => {
    // A prerendered proof would be one user's, for everybody; and there is no session at build time.
    if (prerendering()) return problemResponse(401, 'NO_SESSION', 'There is no signed-in user while the site is prerendered.');
    return intercom.proofEndpoint(request, { request, context });
  };
  return { loader: handle, action: handle };
}
