import { describe, expect, it } from 'vitest';
import { cachedPageWarning, cachingKind, findCachedPageRoutes } from '../src/runtime/cache-rules.js';
import { skipSigning } from '../src/runtime/server/logic.js';

describe('which route rules cache a page for everybody', () => {
  it.each([
    [{ swr: 60 }, 'swr'],
    [{ swr: true }, 'swr'],
    // What Nitro turns `swr: 60` into at run time.
    [{ cache: { swr: true, maxAge: 60 } }, 'swr'],
    [{ isr: true }, 'isr'],
    [{ isr: 3600 }, 'isr'],
    [{ prerender: true }, 'prerender'],
    [{ cache: { maxAge: 60 } }, 'cache'],
  ])('%j caches (%s)', (rule, kind) => {
    expect(cachingKind(rule)).toBe(kind);
    expect(skipSigning(false, rule)).toBe(kind);
  });

  it.each([
    [{}],
    [{ swr: false }],
    [{ isr: false }],
    [{ prerender: false }],
    [{ cache: false }],
    [{ ssr: false }],
    [{ headers: { 'x-frame-options': 'DENY' } }],
    [undefined],
  ])('%j renders every request for its own', (rule) => {
    expect(cachingKind(rule)).toBeNull();
    expect(skipSigning(false, rule)).toBeNull();
  });

  it('while prerendering nothing is signed, whatever the rules say', () => {
    expect(skipSigning(true, {})).toBe('prerender');
    expect(skipSigning(true, undefined)).toBe('prerender');
  });
});

describe('the build warning', () => {
  it('names the example app’s swr route and nothing else', () => {
    // The route rules of examples/nuxt-app/nuxt.config.ts.
    const found = findCachedPageRoutes({ '/news': { swr: 60 } });
    expect(found).toEqual([{ route: '/news', kind: 'swr' }]);
    const message = cachedPageWarning(found[0]!);
    expect(message).toContain('Route "/news" has a "swr" route rule');
    expect(message).toContain('visitor Messenger');
    expect(message).toContain('Remove the rule');
  });

  it('covers isr, prerender, cache rules and the prerender list', () => {
    const found = findCachedPageRoutes(
      {
        '/blog/**': { isr: 600 },
        '/about': { prerender: true },
        '/pricing': { cache: { maxAge: 300 } },
        '/dashboard/**': { ssr: false },
        '/account': {},
      },
      { prerenderRoutes: ['/legal', '/about'] },
    );
    expect(found).toEqual([
      { route: '/blog/**', kind: 'isr' },
      { route: '/about', kind: 'prerender' },
      { route: '/pricing', kind: 'cache' },
      { route: '/legal', kind: 'prerender' },
    ]);
    expect(cachedPageWarning({ route: '/legal', kind: 'prerender' })).toContain('Route "/legal" is prerendered');
  });

  it.each([
    'CDN-Cache-Control',
    'Surrogate-Control',
    'Vercel-CDN-Cache-Control',
    'Cloudflare-CDN-Cache-Control',
    'Netlify-CDN-Cache-Control',
  ])('names a page route whose rule sets %s in its headers', (name) => {
    const found = findCachedPageRoutes({ '/pricing': { headers: { [name]: 'max-age=600' } } });
    expect(found).toEqual([{ route: '/pricing', kind: 'headers', headers: [name.toLowerCase()] }]);
    const message = cachedPageWarning(found[0]!);
    expect(message).toContain(`Route "/pricing" sets ${name.toLowerCase()} in its route rule headers`);
    expect(message).toContain('Remove those headers');
    expect(message).not.toContain('max-age=600');
  });

  it('names a shared-cacheable Cache-Control of a rule, and leaves private or no-store ones and other headers alone', () => {
    expect(
      findCachedPageRoutes({
        '/blog/**': { headers: { 'cache-control': 'public, s-maxage=600', 'x-frame-options': 'DENY' } },
        '/account': { headers: { 'Cache-Control': 'private, no-store' } },
        '/settings': { headers: { 'cache-control': 'no-store' } },
        '/about': { headers: { 'x-frame-options': 'DENY' } },
      }),
    ).toEqual([{ route: '/blog/**', kind: 'headers', headers: ['cache-control'] }]);
  });

  it('a route that a shared cache keeps anyway is named once, for its caching rule', () => {
    expect(findCachedPageRoutes({ '/news': { swr: 60, headers: { 'cdn-cache-control': 'max-age=60' } } })).toEqual([
      { route: '/news', kind: 'swr' },
    ]);
  });

  it('says nothing about CDN headers on routes that render no page', () => {
    expect(
      findCachedPageRoutes({
        '/_nuxt/**': { headers: { 'cdn-cache-control': 'max-age=31536000' } },
        '/api/**': { headers: { 'surrogate-control': 'max-age=60' } },
        '/api/intercom-identity': { headers: { 'cdn-cache-control': 'max-age=60' } },
      }),
    ).toEqual([]);
  });

  it('says nothing about routes that render no page: APIs, assets, the endpoint itself', () => {
    expect(
      findCachedPageRoutes(
        {
          '/api/**': { cache: { maxAge: 60 } },
          '/_nuxt/**': { swr: 3600 },
          '/sitemap.xml': { prerender: true },
          '/proofs': { swr: 60 },
        },
        { endpoint: '/proofs' },
      ),
    ).toEqual([]);
  });
});
