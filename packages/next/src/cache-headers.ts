import { CDN_CACHE_HEADERS } from '@intercom-identity/core';

/** Paths of Next.js's own build files and optimized images: they never carry a proof. */
const NEXT_ASSETS = /^\/_next\/(?:static|image)(?:[/?]|$)/;

/** Whether a path (or a `headers()` source) only ever answers with Next.js's own assets. */
export function isNextAsset(path: string): boolean {
  return NEXT_ASSETS.test(path);
}

/** `Cache-Control` directives that let a shared cache keep a response: neither `private` nor `no-store`. */
function sharedCacheable(cacheControl: string): boolean {
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((part) => part.split('=')[0]?.trim());
  return !directives.includes('private') && !directives.includes('no-store');
}

/**
 * The headers of a list that would let a CDN or a shared cache keep a page with
 * one person's proof: every CDN cache header (RFC 9213 and the vendors' own),
 * and a `Cache-Control` that is neither `private` nor `no-store`. Lowercase names.
 */
export function cachingHeaders(headers: Iterable<readonly [string, string]>): string[] {
  const found: string[] = [];
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    if (CDN_CACHE_HEADERS.includes(key) || (key === 'cache-control' && sharedCacheable(value))) {
      if (!found.includes(key)) found.push(key);
    }
  }
  return found;
}
