import { cspScriptHash, IntercomIdentityError } from '@intercom-identity/core';
import type { APIContext, MiddlewareHandler } from 'astro';
import { astroAdapter, type IntercomAstroOptions } from './adapter.js';
import { allowScriptHash, hasPolicy, injectIntoHead } from './inject.js';

/** Options of {@link intercomMiddleware}. */
export interface IntercomMiddlewareOptions extends IntercomAstroOptions {
  /** Extra Messenger settings for every page, such as `{ alignment: 'left' }`. */
  settings?: Record<string, unknown>;
  /**
   * The CSP nonce of this response, for the boot script, when the app sends a
   * nonce-based policy of its own. Default: `context.locals.cspNonce` when it
   * is a string. (Astro's own `security.csp` is hash-based: the boot script's
   * hash is added to its header without this.)
   */
  nonce?: (context: APIContext) => string | undefined;
}

function defaultNonce(context: APIContext): string | undefined {
  const nonce: unknown = (context.locals as { cspNonce?: unknown }).cspNonce;
  return typeof nonce === 'string' ? nonce : undefined;
}

function isPage(response: Response): boolean {
  return /^text\/html\b/i.test(response.headers.get('content-type') ?? '');
}

/**
 * The Astro middleware that signs the Messenger's boot payload for the user of
 * each page rendered on demand and puts the boot script into its `<head>`.
 * The integration adds it after the app's own `src/middleware.ts` (which sets
 * `context.locals.user`); compose it yourself in `sequence()` when you need
 * functions in its options, with the integration's `middleware: false`.
 *
 * - Only GET and HEAD responses that are HTML documents get the script (before
 *   `</head>`); API routes, redirects, the proof endpoint and fragments without
 *   a head (partials, server islands) are left as they are.
 * - Prerendered pages get no script (a page built once must not carry one
 *   user's proof): the build says so once per page.
 * - The `INTERCOM_*` variables are read per request (`process.env`): one build serves any secret.
 * - A page that carries a proof gets `Cache-Control: private, no-store`, even
 *   when it set `public`, and loses any CDN cache header.
 * - With Astro's `security.csp`, the script's hash joins the page's
 *   `script-src`; with a nonce policy of the app's own, the script carries
 *   `locals.cspNonce` (or what `nonce(context)` returns).
 * - A bad user object or a failing `getUser` is logged and boots a visitor;
 *   never an unsigned identified user.
 *
 * @example
 * ```ts
 * // src/middleware.ts (with intercomIdentity({ middleware: false }) in astro.config.mjs)
 * import { intercomMiddleware } from '@intercom-identity/astro';
 * import { defineMiddleware, sequence } from 'astro:middleware';
 * const session = defineMiddleware((context, next) => {
 *   context.locals.user = findUser(context.cookies.get('session')?.value);
 *   return next();
 * });
 * export const onRequest = sequence(session, intercomMiddleware({ settings: { alignment: 'left' } }));
 * ```
 */
export function intercomMiddleware(options?: IntercomMiddlewareOptions): MiddlewareHandler {
  const intercom = astroAdapter(options, 'intercomMiddleware');
  const nonce = options?.nonce ?? defaultNonce;
  if (typeof nonce !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'intercomMiddleware: nonce must be a function of the context that returns the CSP nonce of the response.',
    );

  return async function intercomMiddleware(context, next) {
    const response = await next();
    if (!isPage(response)) return response;
    if (context.isPrerendered) {
      intercom.logOnce(
        'warn',
        `${context.routePattern} is prerendered, so it gets no Messenger boot script. Render it on demand (\`export const prerender = false\`) where the Messenger should know the signed-in user.`,
      );
      return response;
    }
    const method = context.request.method;
    if (method !== 'GET' && method !== 'HEAD') return response;
    const boot = await intercom.boot(context);
    if (boot === null) return response;
    const html = intercom.scriptWithNonce(boot, nonce(context));
    const headers = new Headers(response.headers);
    // The body changes length: the stream is sent chunked.
    headers.delete('content-length');
    if (hasPolicy(headers)) allowScriptHash(headers, await cspScriptHash(html));
    if (boot.signed) intercom.applyCacheRule(headers, context.routePattern);
    // A HEAD response without a body still gets the headers of the page it stands for.
    return new Response(response.body === null ? null : injectIntoHead(response.body, html), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
