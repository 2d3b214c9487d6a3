import { IntercomIdentityError, type RenderedBoot, SIGNED_CACHE_CONTROL } from '@intercom-identity/core';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { honoAdapter, type IntercomHonoOptions } from './adapter.js';
import { answeredByProofEndpoint } from './endpoint.js';

/** The variables {@link intercomIdentity} sets, for the `Variables` of your app's `Env`. */
export interface IntercomVariables {
  /**
   * The Messenger's boot for this request: `html` is the whole inline
   * `<script>` for the page head, `settings` the settings it sets, `signed`
   * whether it carries a proof. Null when the setup is broken (the page then
   * renders without the Messenger) and for methods other than GET and HEAD.
   */
  intercom: RenderedBoot | null;
}

/** Options of {@link intercomIdentity}. */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export interface IntercomIdentityOptions<E extends Env = any> extends IntercomHonoOptions<E> {
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /**
   * The CSP nonce of this response, for the boot script. Default:
   * `c.get('secureHeadersNonce')`, which Hono's `secureHeaders()` sets when its
   * policy uses `NONCE`.
   */
  nonce?: (c: Context<E>) => string | undefined;
}

/** The route pattern of the response (`/posts/:id`), so that a warning is said once per route, not per URL. */
function routeOf(c: Context): string {
  try {
    return routePath(c) || c.req.path;
  } catch {
    // An app on another copy of Hono (jsr:@hono/hono next to npm:hono) keeps its match where this copy cannot read it.
    return c.req.path;
  }
}

function defaultNonce(c: Context): string | undefined {
  const nonce: unknown = c.get('secureHeadersNonce');
  return typeof nonce === 'string' ? nonce : undefined;
}

/**
 * The Hono middleware that signs the Messenger's boot payload for the user of
 * each GET or HEAD request and puts it in `c.var.intercom`, for the page to
 * print in its head (`raw(c.var.intercom.html)` with hono/jsx). Put it after
 * the middleware that finds the session.
 *
 * - The `INTERCOM_*` variables are read per request: the bindings of `c.env`
 *   (Cloudflare Workers), then `process.env` (Node, Bun) or `Deno.env`.
 * - A response that carries a proof gets `Cache-Control: private, no-store`,
 *   even when the route set `public`, and loses any CDN cache header
 *   (`CDN-Cache-Control`, `Surrogate-Control`, vendor variants).
 * - The boot script carries the nonce of `secureHeaders()` (or of `nonce(c)`).
 * - A bad user object or a failing `getUser` is logged and boots a visitor;
 *   never an unsigned identified user.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { html, raw } from 'hono/html';
 * import { type IntercomVariables, intercomIdentity } from '@intercom-identity/hono';
 * const app = new Hono<{ Variables: IntercomVariables & { user: User | null } }>();
 * app.use(session()); // your session middleware: c.set('user', ...)
 * app.use(intercomIdentity());
 * app.get('/', (c) => c.html(html`<html><head>${raw(c.var.intercom?.html ?? '')}</head><body>Hi</body></html>`));
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: as Hono's own helpers, any app Env by default.
export function intercomIdentity<E extends Env = any>(
  options?: IntercomIdentityOptions<E>,
): MiddlewareHandler<{ Variables: IntercomVariables }> {
  const intercom = honoAdapter(options, 'intercomIdentity');
  const nonce = (options?.nonce as ((c: Context) => string | undefined) | undefined) ?? defaultNonce;
  if (typeof nonce !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomIdentity: nonce must be a function of the context that returns the CSP nonce of the response.',
    );

  return async function intercomIdentity(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      c.set('intercom', null);
      return next();
    }
    const boot = await intercom.boot(c, { nonce: nonce(c) });
    c.set('intercom', boot);
    // Set before the route runs, so the response is made with it: changing a
    // finished response makes Hono copy it (and its body stream) on every request.
    if (boot?.signed === true) c.header('cache-control', SIGNED_CACHE_CONTROL);
    await next();
    if (boot?.signed !== true || answeredByProofEndpoint(c)) return;
    // The route kept it: nothing to change. It set its own (or CDN headers): the rule replaces them.
    // c.header() also works on a finished response, even one whose headers were immutable (a fetch()).
    const headers = {
      get: (name: string) => c.res.headers.get(name),
      set: (name: string, value: string) => c.header(name, value),
      delete: (name: string) => c.header(name, undefined),
    };
    intercom.applyCacheRule(headers, routeOf(c));
  };
}
