/**
 * @intercom-identity/next/proxy: the cache rule for the app's `proxy.ts`
 * (`middleware.ts` before Next 16). Headers a proxy sets on a request that goes
 * on to a page are sent with that page, and Next.js keeps them, even when the
 * page carries a signed-in user's proof.
 *
 * @packageDocumentation
 */
import { applySignedCacheRule, IntercomIdentityError, type Logger } from '@intercom-identity/core';
import { cachingHeaders, isNextAsset } from './cache-headers.js';

// biome-ignore lint/suspicious/noConfusingVoidType: a proxy that returns nothing lets the request through, as Next.js allows.
type ProxyResult = Response | null | undefined | void;

/** A proxy (middleware) function: the request, and the event for `waitUntil`. */
export type ProxyFunction<Request_ extends Request = Request, Event = unknown> = (
  request: Request_,
  event: Event,
) => ProxyResult | Promise<ProxyResult>;

/** Options of {@link withIntercomCacheRule}. */
export interface IntercomCacheRuleOptions {
  /** Where the once-only warning about a removed header goes. Default `console`. */
  logger?: Logger;
}

// How Next.js marks a proxy response that lets the request go on to a route
// (`NextResponse.next()`, `NextResponse.rewrite()`): only those reach a page.
function goesOnToARoute(response: Response): boolean {
  return response.headers.get('x-middleware-next') === '1' || response.headers.has('x-middleware-rewrite');
}

/**
 * Wraps the app's proxy function. When it lets a request go on to a page or a
 * route handler with a header that would let a CDN or a shared cache keep the
 * response (`CDN-Cache-Control`, `Surrogate-Control`, the Vercel, Cloudflare and
 * Netlify variants, or a `Cache-Control` that is neither `private` nor
 * `no-store`), the core's cache rule is applied: the CDN headers are removed and
 * the response is sent with `Cache-Control: private, no-store`. What was changed
 * is said once. A response without such a header is left as it is (Next.js
 * sends its own `Cache-Control`), and so are redirects, responses the proxy
 * answers itself, and Next.js's `/_next/static` and `/_next/image` files.
 *
 * Headers of `next.config` are checked by `withIntercomIdentity`
 * (`@intercom-identity/next/config`).
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { withIntercomCacheRule } from '@intercom-identity/next/proxy';
 * import { NextResponse } from 'next/server';
 *
 * export const proxy = withIntercomCacheRule(() => NextResponse.next());
 * ```
 */
export function withIntercomCacheRule<Request_ extends Request, Event>(
  proxy: ProxyFunction<Request_, Event>,
  options: IntercomCacheRuleOptions = {},
): (request: Request_, event: Event) => Promise<ProxyResult> {
  if (typeof proxy !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'withIntercomCacheRule takes your proxy function, such as withIntercomCacheRule((request) => NextResponse.next()).',
    );
  const logger: Logger = options?.logger ?? console;
  const said = new Set<string>();
  return async (request, event) => {
    const response = await proxy(request, event);
    if (!(response instanceof Response) || !goesOnToARoute(response)) return response;
    if (isNextAsset(new URL(request.url).pathname)) return response;
    const entries: [string, string][] = [];
    response.headers.forEach((value, name) => void entries.push([name, value]));
    const changed = cachingHeaders(entries);
    if (changed.length === 0) return response;
    applySignedCacheRule(response.headers);
    const line = changed.join(', ');
    if (!said.has(line)) {
      said.add(line);
      logger.warn(
        `[intercom-identity] proxy.ts set ${line}, but its pages carry a signed-in user's proof: ` +
          'withIntercomCacheRule removed the CDN cache headers and sent Cache-Control "private, no-store".',
      );
    }
    return response;
  };
}
