import {
  type AdapterOptions,
  createIntercomAdapter,
  type EnvSource,
  type IntercomIdentityConfig,
  type MaybeUser,
  problemResponse,
} from '@intercom-identity/core';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { building } from '$app/env';
import { loadRuntimeEnv, runtimeEnv } from './env.js';
import { userFromLocals } from './users.js';

/** Options of {@link intercomProofEndpoint}: how to find the user, plus any config field to override the env. */
export interface IntercomProofEndpointOptions extends IntercomIdentityConfig {
  /** The signed-in user of this request, or null. Default: {@link userFromLocals} (`event.locals.user`). */
  getUser?: (event: RequestEvent) => MaybeUser | Promise<MaybeUser>;
  /**
   * Where the `INTERCOM_*` variables are read, per request. Default: those declared in `src/env.ts`
   * (`$app/env/private`), on SvelteKit 2 `$env/dynamic/private`, then `process.env`.
   */
  env?: () => EnvSource;
}

/** @deprecated Renamed {@link IntercomProofEndpointOptions}; the old name goes in the next minor version. */
export type IntercomEndpointOptions = IntercomProofEndpointOptions;

/**
 * The proof endpoint: `GET` and `POST` for
 * `src/routes/api/intercom-identity/+server.ts`. It gives the signed-in user's
 * proof to the site's iOS and Android apps (`?platform=ios|android`, each signed
 * with its own secret) and fresh JWTs to the browser (`?platform=web`). Signs
 * only the user of the session: any identifier in the query or body is
 * ignored. No session: 401. Never cacheable. `OPTIONS` answers the CORS
 * preflight of a front end on another origin that INTERCOM_IDENTITY_ALLOWED_ORIGINS
 * lists: export it too when you have one.
 *
 * @example
 * ```ts
 * // src/routes/api/intercom-identity/+server.ts
 * import { intercomProofEndpoint } from '@intercom-identity/sveltekit';
 * export const { GET, POST } = intercomProofEndpoint();
 * ```
 */
export function intercomProofEndpoint(options: IntercomProofEndpointOptions = {}): {
  GET: RequestHandler;
  POST: RequestHandler;
  OPTIONS: RequestHandler;
} {
  const intercom = createIntercomAdapter<RequestEvent>(options as AdapterOptions<RequestEvent>, {
    name: 'intercomProofEndpoint',
    env: runtimeEnv,
    getUser: userFromLocals,
  });
  const handle: RequestHandler = async (event) => {
    // A prerendered proof would be one user's, for everybody; and there is no session at build time.
    if (building) return problemResponse(401, 'NO_SESSION', 'There is no signed-in user while the site is prerendered.');
    if (options?.env === undefined) await loadRuntimeEnv();
    return intercom.proofEndpoint(event.request, event);
  };
  return { GET: handle, POST: handle, OPTIONS: handle };
}

/** @deprecated Renamed {@link intercomProofEndpoint}; the old name goes in the next minor version. */
export const intercomEndpoint: typeof intercomProofEndpoint = intercomProofEndpoint;
