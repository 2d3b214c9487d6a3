import { CDN_CACHE_HEADERS } from '@intercom-identity/core';

/**
 * Which route rules put a rendered page into a shared cache. Used at build time
 * (to warn) and per request (to skip signing): a page cached once is served to
 * everybody, so it must never carry one person's proof.
 */

/** The part of a Nitro route rule that decides caching, before or after Nitro normalizes it. */
export interface CachingRouteRule {
  swr?: boolean | number;
  isr?: boolean | number | Record<string, unknown>;
  prerender?: boolean;
  cache?: false | Record<string, unknown> | boolean;
  [rule: string]: unknown;
}

/** Why a route's rendered HTML is shared between people. */
export type CachingKind = 'swr' | 'isr' | 'prerender' | 'cache';

/**
 * The caching rule in a route's rules, or null when every request is rendered
 * for its own. Nitro rewrites `swr: 60` into `cache: { swr: true, maxAge: 60 }`;
 * both spellings answer 'swr'.
 */
export function cachingKind(rule: CachingRouteRule | null | undefined): CachingKind | null {
  if (typeof rule !== 'object' || rule === null) return null;
  if (rule.prerender === true) return 'prerender';
  if (rule.isr !== undefined && rule.isr !== false && rule.isr !== 0) return 'isr';
  if (rule.swr !== undefined && rule.swr !== false && rule.swr !== 0) return 'swr';
  const cache = rule.cache;
  if (cache === undefined || cache === false || cache === null) return null;
  if (typeof cache === 'object' && (cache as { swr?: unknown }).swr === true) return 'swr';
  return 'cache';
}

// Routes that render no page, so no Messenger boots there.
const NO_PAGE = [
  /^\/api(\/|$)/,
  /^\/_nuxt(\/|$)/,
  /^\/__nuxt/,
  /^\/_ipx(\/|$)/,
  /\.(json|xml|txt|js|css|ico|png|svg|webmanifest)$/,
];

/** Whether a route pattern can answer with a page (and so with the Messenger's boot script). */
export function rendersPage(pattern: string, endpoint: string | false): boolean {
  if (endpoint !== false && (pattern === endpoint || pattern.startsWith(`${endpoint}/`))) return false;
  return !NO_PAGE.some((re) => re.test(pattern));
}

/**
 * The response headers of a route rule (`headers: {...}`) that would let a CDN or
 * a shared cache keep its pages: the CDN cache headers (RFC 9213 and the
 * vendors' own), and a `Cache-Control` that is neither `private` nor `no-store`.
 * Lowercase names, in the rule's order.
 */
export function cachingHeaders(rule: CachingRouteRule | null | undefined): string[] {
  const headers = typeof rule === 'object' && rule !== null ? rule.headers : undefined;
  if (typeof headers !== 'object' || headers === null) return [];
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const key = name.toLowerCase();
    if (found.includes(key)) continue;
    if (CDN_CACHE_HEADERS.includes(key)) found.push(key);
    else if (key === 'cache-control') {
      const directives = String(value)
        .toLowerCase()
        .split(',')
        .map((part) => part.split('=')[0]?.trim());
      if (!directives.includes('private') && !directives.includes('no-store')) found.push(key);
    }
  }
  return found;
}

/** One route whose pages a shared cache would keep, or whose rule sends caching headers with them. */
export interface CachedPageRoute {
  route: string;
  /** `headers`: the rule's `headers` would let a CDN or a shared cache keep the page. */
  kind: CachingKind | 'headers';
  /** The caching headers of a `headers` rule, lowercase. */
  headers?: string[];
}

/**
 * The page routes that route rules (or the prerender list) cache in a shared
 * cache. On those the Messenger boots as a visitor for everybody.
 */
export function findCachedPageRoutes(
  routeRules: Record<string, CachingRouteRule | undefined> | undefined,
  options: { prerenderRoutes?: readonly string[]; endpoint?: string | false } = {},
): CachedPageRoute[] {
  const endpoint = options.endpoint ?? '/api/intercom-identity';
  const found: CachedPageRoute[] = [];
  for (const [route, rule] of Object.entries(routeRules ?? {})) {
    if (!rendersPage(route, endpoint)) continue;
    const kind = cachingKind(rule);
    if (kind !== null) {
      found.push({ route, kind });
      continue;
    }
    const headers = cachingHeaders(rule);
    if (headers.length > 0) found.push({ route, kind: 'headers', headers });
  }
  for (const route of options.prerenderRoutes ?? []) {
    if (rendersPage(route, endpoint) && !found.some((f) => f.route === route)) found.push({ route, kind: 'prerender' });
  }
  return found;
}

/** The build-time warning for one cached page route. */
export function cachedPageWarning({ route, kind, headers = [] }: CachedPageRoute): string {
  if (kind === 'headers')
    return (
      `Route "${route}" sets ${headers.join(', ')} in its route rule headers, but its pages boot the Intercom Messenger. ` +
      'A CDN obeys CDN-Cache-Control, Surrogate-Control and their vendor variants instead of Cache-Control. ' +
      "On a page signed for a user they are removed (and Cache-Control is private, no-store), so no one's proof is cached; " +
      'visitor pages keep them, and a CDN may then serve a cached visitor page to signed-in users. ' +
      'Remove those headers from the rule to identify users on that route.'
    );
  const how = kind === 'prerender' ? 'is prerendered' : `has a "${kind}" route rule that caches it in a shared cache`;
  return (
    `Route "${route}" ${how}, but its pages boot the Intercom Messenger. A cached page is served to everybody, ` +
    'so signed-in users get the visitor Messenger there (no identity proof is signed). ' +
    'Remove the rule to identify users on that route.'
  );
}
