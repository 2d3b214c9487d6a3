import { problemResponse } from '@intercom-identity/core';
import type { APIRoute } from 'astro';
import { astroAdapter, type IntercomAstroOptions } from './adapter.js';

/** Options of {@link intercomProofEndpoint}: how to find the user and the env, plus any config field to override the env. */
export type IntercomProofEndpointOptions = IntercomAstroOptions;

/**
 * The proof endpoint, an Astro API route for every method: it gives the
 * signed-in user's proof to the site's iOS and Android apps
 * (`?platform=ios|android`, each signed with its own secret) and fresh JWTs to
 * the browser (`?platform=web`). Signs only the user of the session: any
 * identifier in the query or body is ignored. No session: 401. Never
 * cacheable. The integration mounts it at `/api/intercom-identity`; mount it
 * yourself with `export const ALL` when you turned that off (`proofRoute: false`).
 *
 * @example
 * ```ts
 * // src/pages/api/intercom-identity.ts
 * import { intercomProofEndpoint } from '@intercom-identity/astro';
 * export const prerender = false;
 * export const ALL = intercomProofEndpoint();
 * ```
 */
export function intercomProofEndpoint(options?: IntercomProofEndpointOptions): APIRoute {
  const intercom = astroAdapter(options, 'intercomProofEndpoint');
  return (context) => {
    // A prerendered proof would be one user's, for everybody; and there is no session at build time.
    if (context.isPrerendered)
      return problemResponse(401, 'NO_SESSION', 'There is no signed-in user while the site is prerendered.');
    return intercom.proofEndpoint(context.request, context);
  };
}
