import type { NextConfig } from 'next';
import { describe, expect, it } from 'vitest';
import { withIntercomIdentity } from '../src/config.js';

type Rules = Awaited<ReturnType<NonNullable<NextConfig['headers']>>>;

/** The rules Next.js gets from the wrapped config, as `next build` asks for them. */
async function rulesOf(config: NextConfig): Promise<Rules> {
  return (await config.headers?.()) ?? [];
}

const rule = (source: string, headers: Record<string, string>) => ({
  source,
  headers: Object.entries(headers).map(([key, value]) => ({ key, value })),
});

describe('withIntercomIdentity (next.config)', () => {
  it.each([
    'CDN-Cache-Control',
    'Surrogate-Control',
    'Vercel-CDN-Cache-Control',
    'Cloudflare-CDN-Cache-Control',
    'Netlify-CDN-Cache-Control',
  ])('fails the build when headers() sets %s on pages, naming the source and the header', async (name) => {
    const config = withIntercomIdentity({ headers: async () => [rule('/:path*', { [name]: 'max-age=3600' })] });
    await expect(rulesOf(config)).rejects.toMatchObject({
      code: 'SIGNED_PAGE_CACHEABLE',
      message: expect.stringContaining(`"/:path*" (${name.toLowerCase()})`),
    });
  });

  it('fails the build on a Cache-Control that lets a shared cache keep pages, which Next.js would send as it is', async () => {
    for (const value of ['public, s-maxage=600', 'max-age=60', 'no-cache']) {
      const config = withIntercomIdentity({ headers: async () => [rule('/account', { 'Cache-Control': value })] });
      await expect(rulesOf(config), value).rejects.toMatchObject({ code: 'SIGNED_PAGE_CACHEABLE' });
    }
  });

  it('the message says what to do and names every rule at fault, never a header value', async () => {
    const config = withIntercomIdentity({
      headers: async () => [
        rule('/', { 'CDN-Cache-Control': 'max-age=111' }),
        rule('/blog/:slug', { 'Surrogate-Control': 'max-age=222', 'Cache-Control': 'public, max-age=333' }),
      ],
    });
    const error = await rulesOf(config).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).toContain('"/" (cdn-cache-control); "/blog/:slug" (surrogate-control, cache-control)');
    expect(error?.message).toContain('cacheableSources');
    expect(error?.message).not.toMatch(/111|222|333/);
  });

  it('keeps every rule that lets no cache keep a page, and the rules of Next.js assets and of listed sources', async () => {
    const rules = [
      rule('/:path*', { 'X-Frame-Options': 'DENY', 'Cache-Control': 'private, no-store' }),
      rule('/settings', { 'Cache-Control': 'no-store' }),
      rule('/_next/static/:path*', { 'CDN-Cache-Control': 'max-age=31536000' }),
      rule('/_next/image', { 'Cache-Control': 'public, max-age=600' }),
      rule('/images/:path*', { 'CDN-Cache-Control': 'max-age=600', 'Cache-Control': 'public, max-age=600' }),
    ];
    const config = withIntercomIdentity({ headers: async () => rules }, { cacheableSources: ['/images/:path*'] });
    expect(await rulesOf(config)).toEqual(rules);
  });

  it('a listed source covers only that exact source', async () => {
    const config = withIntercomIdentity(
      { headers: async () => [rule('/images/:path*', { 'CDN-Cache-Control': 'max-age=600' })] },
      { cacheableSources: ['/images/:file'] },
    );
    await expect(rulesOf(config)).rejects.toMatchObject({ code: 'SIGNED_PAGE_CACHEABLE' });
  });

  it('wraps a config function of the phase too, and keeps the rest of the config', async () => {
    const wrapped = withIntercomIdentity(async (phase: string, _context: { defaultConfig: NextConfig }) => ({
      poweredByHeader: false,
      env: { PHASE: phase },
      headers: async () => [rule('/', { 'CDN-Cache-Control': 'max-age=60' })],
    }));
    const config = await wrapped('phase-production-build', { defaultConfig: {} });
    expect(config).toMatchObject({ poweredByHeader: false, env: { PHASE: 'phase-production-build' } });
    await expect(rulesOf(config)).rejects.toMatchObject({ code: 'SIGNED_PAGE_CACHEABLE' });
  });

  it('leaves a config without headers() as it is', () => {
    const config: NextConfig = { cacheComponents: true };
    expect(withIntercomIdentity(config)).toBe(config);
  });

  it('refuses cacheableSources that are not a list of sources', () => {
    for (const cacheableSources of ['/images/:path*', ['images'], [42]])
      expect(() => withIntercomIdentity({}, { cacheableSources: cacheableSources as never })).toThrow(
        expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }),
      );
  });
});
