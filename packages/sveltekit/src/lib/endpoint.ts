import {
  createEnvIdentity,
  createMobileHandler,
  type EnvSource,
  type Identity,
  type IntercomIdentityConfig,
  IntercomIdentityError,
  setupErrorResponse,
} from '@intercom-identity/core';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { building } from '$app/env';
import { loadRuntimeEnv, runtimeEnv } from './env.js';
import { type MaybeUser, userFromLocals } from './users.js';

/** Options of {@link intercomEndpoint}: how to find the user, plus any config field to override the env. */
export interface IntercomEndpointOptions extends IntercomIdentityConfig {
  /** The signed-in user of this request, or null. Default: {@link userFromLocals} (`event.locals.user`). */
  getUser?: (event: RequestEvent) => MaybeUser | Promise<MaybeUser>;
  /**
   * Where the `INTERCOM_*` variables are read, per request. Default: those declared in `src/env.ts`
   * (`$app/env/private`), on SvelteKit 2 `$env/dynamic/private`, then `process.env`.
   */
  env?: () => EnvSource;
}

function problem(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * `GET` and `POST` for `src/routes/api/intercom-identity/+server.ts`: the
 * signed-in user's proof for the site's iOS and Android apps
 * (`?platform=ios|android`, each signed with its own secret) and fresh JWTs for
 * the browser (`?platform=web`). Signs only the user of the session: any
 * identifier in the query or body is ignored. No session: 401. Never cacheable.
 *
 * @example
 * ```ts
 * // src/routes/api/intercom-identity/+server.ts
 * import { intercomEndpoint } from '@intercom-identity/sveltekit';
 * export const { GET, POST } = intercomEndpoint();
 * ```
 */
export function intercomEndpoint(options: IntercomEndpointOptions = {}): { GET: RequestHandler; POST: RequestHandler } {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError('HANDLER_OPTIONS_INVALID', 'intercomEndpoint takes an options object, such as { getUser }.');
  const { getUser = userFromLocals, env, ...config } = options;
  if (typeof getUser !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'getUser must be a function of the request event that returns the signed-in user, or null.',
    );
  const current = createEnvIdentity(env ?? runtimeEnv, config);
  // The core's handler sees the Request; the user is found from its event.
  const events = new WeakMap<Request, RequestEvent>();
  const handlers = new WeakMap<Identity, (request: Request) => Promise<Response>>();

  const handle: RequestHandler = async (event) => {
    // A prerendered proof would be one user's, for everybody; and there is no session at build time.
    if (building) return problem(401, 'NO_SESSION', 'There is no signed-in user while the site is prerendered.');
    if (env === undefined) await loadRuntimeEnv();
    const setup = current();
    if (!setup.ok) return setupErrorResponse(setup.error);
    let handler = handlers.get(setup.identity);
    if (handler === undefined) {
      handler = createMobileHandler({
        config: setup.identity.config,
        getUser: (request) => {
          const owner = events.get(request);
          return owner === undefined ? null : getUser(owner);
        },
      });
      handlers.set(setup.identity, handler);
    }
    events.set(event.request, event);
    return handler(event.request);
  };
  return { GET: handle, POST: handle };
}
