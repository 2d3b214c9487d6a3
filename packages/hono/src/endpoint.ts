import type { Context, Env, Handler } from 'hono';
import { honoAdapter, type IntercomHonoOptions } from './adapter.js';

/** Options of {@link intercomProofEndpoint}: how to find the user and the env, plus any config field to override the env. */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export type IntercomProofEndpointOptions<E extends Env = any> = IntercomHonoOptions<E>;

// The requests the proof endpoint answered: its response has its own cache rule (`no-store`).
const answered = new WeakSet<Context>();

/** Whether the proof endpoint answered this request. */
export function answeredByProofEndpoint(c: Context): boolean {
  return answered.has(c);
}

/**
 * The proof endpoint, a Hono handler for every method: it gives the signed-in
 * user's proof to the site's iOS and Android apps (`?platform=ios|android`,
 * each signed with its own secret) and fresh JWTs to the browser
 * (`?platform=web`, with the workspace's `app_id`, `api_base` and
 * `widget_url`). Signs only the user of the session: any identifier in the
 * query or body is ignored. No session: 401. Never cacheable. Cross-origin
 * callers need their origin in `INTERCOM_IDENTITY_ALLOWED_ORIGINS` (or the
 * `allowedOrigins` option); their preflight (`OPTIONS`) is answered here, so
 * mount it with `app.all`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { intercomProofEndpoint } from '@intercom-identity/hono';
 * const app = new Hono();
 * app.all('/api/intercom-identity', intercomProofEndpoint());
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export function intercomProofEndpoint<E extends Env = any>(options?: IntercomProofEndpointOptions<E>): Handler<E> {
  const intercom = honoAdapter(options, 'intercomProofEndpoint');
  return (c) => {
    answered.add(c);
    return intercom.proofEndpoint(c.req.raw, c);
  };
}
