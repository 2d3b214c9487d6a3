/**
 * The cache rule of a response that carries one person's proof: the browser
 * may not keep it, and no shared cache or CDN may either.
 */

/** What a signed page is sent with. */
export const SIGNED_CACHE_CONTROL = 'private, no-store';

/**
 * Headers that CDNs obey instead of `Cache-Control` (RFC 9213 and the vendors'
 * own): any of them on a signed page would let a CDN serve one person's proof
 * to everybody, so they are removed.
 */
export const CDN_CACHE_HEADERS: readonly string[] = [
  'cdn-cache-control',
  'surrogate-control',
  'vercel-cdn-cache-control',
  'cloudflare-cdn-cache-control',
  'netlify-cdn-cache-control',
];

/** Response headers as each framework exposes them: `Headers`, or a wrapper of Node's response. */
export interface HeaderTarget {
  get(name: string): string | null | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** What {@link applySignedCacheRule} changed, for a warning. */
export interface CacheRuleResult {
  /** The app's own `Cache-Control` that was replaced, or null. */
  replaced: string | null;
  /** CDN cache headers that were removed. */
  removed: string[];
}

/** `private` and `no-store` both: nothing may keep the response. An app header like that is left as it is. */
export function isPrivateNoStore(cacheControl: string | null | undefined): boolean {
  if (cacheControl === null || cacheControl === undefined) return false;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((part) => part.split('=')[0]?.trim());
  return directives.includes('private') && directives.includes('no-store');
}

/**
 * Makes a response that carries a proof private: `Cache-Control: private, no-store`
 * (an app value that already has both directives is kept) and no CDN cache header.
 *
 * @example
 * ```ts
 * import { applySignedCacheRule } from '@intercom-identity/core';
 * if (boot.signed) applySignedCacheRule(response.headers);
 * ```
 */
export function applySignedCacheRule(headers: HeaderTarget): CacheRuleResult {
  const result: CacheRuleResult = { replaced: null, removed: [] };
  const cacheControl = headers.get('cache-control') ?? null;
  if (!isPrivateNoStore(cacheControl)) {
    result.replaced = cacheControl;
    headers.set('cache-control', SIGNED_CACHE_CONTROL);
  }
  for (const name of CDN_CACHE_HEADERS) {
    const value = headers.get(name);
    if (value === null || value === undefined) continue;
    headers.delete(name);
    result.removed.push(name);
  }
  return result;
}
