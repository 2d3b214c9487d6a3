/**
 * @intercom-identity/next/config: the `next.config` wrapper. It checks the
 * app's `headers()` rules when Next.js reads them (`next build`, `next dev`),
 * and fails with `SIGNED_PAGE_CACHEABLE` when a rule would let a CDN or a
 * shared cache keep a page that carries a signed-in user's proof.
 *
 * @packageDocumentation
 */
import { IntercomIdentityError } from '@intercom-identity/core';
import type { NextConfig } from 'next';
import { cachingHeaders, isNextAsset } from './cache-headers.js';

/** A `next.config` export: the config, or a function of the phase that returns it. */
export type NextConfigExport =
  | NextConfig
  | ((phase: string, context: { defaultConfig: NextConfig }) => NextConfig | Promise<NextConfig>);

/** Options of {@link withIntercomIdentity}. */
export interface WithIntercomIdentityOptions {
  /**
   * `headers()` sources (exactly as written in the rule) that answer with no page
   * that renders `<IntercomMessenger />` and not with the proof endpoint, such
   * as `/images/:path*` for files of `public/`: their CDN and `Cache-Control`
   * headers are left to them. Next.js's own `/_next/static` and `/_next/image`
   * need no entry.
   */
  cacheableSources?: readonly string[];
}

type HeaderRules = Awaited<ReturnType<NonNullable<NextConfig['headers']>>>;

function checkRules(rules: HeaderRules, cacheable: ReadonlySet<string>): void {
  if (!Array.isArray(rules)) return; // Next.js reports a malformed headers() itself.
  const problems: string[] = [];
  for (const rule of rules) {
    if (typeof rule !== 'object' || rule === null || typeof rule.source !== 'string') continue;
    if (isNextAsset(rule.source) || cacheable.has(rule.source)) continue;
    const list = Array.isArray(rule.headers) ? rule.headers : [];
    const names = cachingHeaders(
      list
        .filter((header) => typeof header?.key === 'string' && typeof header.value === 'string')
        .map((header) => [header.key, header.value] as const),
    );
    if (names.length > 0) problems.push(`"${rule.source.slice(0, 100)}" (${names.join(', ')})`);
  }
  if (problems.length > 0)
    throw new IntercomIdentityError(
      'SIGNED_PAGE_CACHEABLE',
      `next.config headers() lets a CDN or a shared cache keep pages that carry a signed-in user's Intercom proof: ${problems.join('; ')}. ` +
        'A CDN obeys CDN-Cache-Control, Surrogate-Control and their vendor variants instead of Cache-Control, and Next.js keeps a Cache-Control set there, ' +
        "so one person's page would be served to everybody. Remove those headers from the rule, or, if its source serves no page with " +
        '<IntercomMessenger /> and not the proof endpoint (public files, other route handlers), list the source in withIntercomIdentity(config, { cacheableSources }).',
    );
}

function guard(config: NextConfig, cacheable: ReadonlySet<string>): NextConfig {
  const headers = config?.headers;
  if (typeof headers !== 'function') return config;
  return {
    ...config,
    async headers() {
      const rules = await headers.call(config);
      checkRules(rules, cacheable);
      return rules;
    },
  };
}

/**
 * Wraps the app's `next.config`: when Next.js reads the `headers()` rules
 * (`next build`, `next dev`), a rule that sets `CDN-Cache-Control`,
 * `Surrogate-Control`, `Vercel-CDN-Cache-Control`, `Cloudflare-CDN-Cache-Control`,
 * `Netlify-CDN-Cache-Control`, or a `Cache-Control` that is neither `private` nor
 * `no-store`, fails with `SIGNED_PAGE_CACHEABLE`. A server component cannot take
 * such a header off a response, and Next.js keeps the app's `Cache-Control` on a
 * page rendered per request, so this is the place to stop it.
 *
 * Headers set in `proxy.ts` are the job of `withIntercomCacheRule`
 * (`@intercom-identity/next/proxy`).
 *
 * @example
 * ```ts
 * // next.config.ts
 * import type { NextConfig } from 'next';
 * import { withIntercomIdentity } from '@intercom-identity/next/config';
 *
 * const nextConfig: NextConfig = { cacheComponents: true };
 * export default withIntercomIdentity(nextConfig);
 * ```
 */
export function withIntercomIdentity<C extends NextConfigExport>(config: C, options: WithIntercomIdentityOptions = {}): C {
  const sources = options?.cacheableSources ?? [];
  if (!Array.isArray(sources) || sources.some((source) => typeof source !== 'string' || !source.startsWith('/')))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'withIntercomIdentity: cacheableSources must be a list of headers() sources, such as ["/images/:path*"].',
    );
  const cacheable: ReadonlySet<string> = new Set(sources);
  if (typeof config === 'function') {
    const wrapped = async (phase: string, context: { defaultConfig: NextConfig }) =>
      guard(await config(phase, context), cacheable);
    return wrapped as C;
  }
  return guard(config as NextConfig, cacheable) as C;
}
