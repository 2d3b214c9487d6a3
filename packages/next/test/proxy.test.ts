import { describe, expect, it } from 'vitest';
import { withIntercomCacheRule } from '../src/proxy.js';
import { recordingLogger } from './support.js';

// What NextResponse.next() and NextResponse.rewrite() mark their responses with.
const next = (headers: Record<string, string> = {}) => new Response(null, { headers: { 'x-middleware-next': '1', ...headers } });
const rewrite = (headers: Record<string, string> = {}) =>
  new Response(null, { headers: { 'x-middleware-rewrite': 'http://app.test/other', ...headers } });

const CDN = {
  'CDN-Cache-Control': 'max-age=600',
  'Surrogate-Control': 'max-age=600',
  'Vercel-CDN-Cache-Control': 'max-age=600',
  'Cloudflare-CDN-Cache-Control': 'max-age=600',
  'Netlify-CDN-Cache-Control': 'max-age=600',
};

async function run(response: Response | undefined, path = '/account', logger = recordingLogger()) {
  const proxy = withIntercomCacheRule(() => response, { logger });
  return { result: await proxy(new Request(`http://app.test${path}`), undefined), logger };
}

describe('withIntercomCacheRule (proxy.ts)', () => {
  it('takes every CDN cache header off a request that goes on to a page, and makes it private, no-store', async () => {
    for (const response of [next({ ...CDN, 'X-Frame-Options': 'DENY' }), rewrite(CDN)]) {
      const { result } = await run(response);
      const headers = Object.fromEntries((result as Response).headers);
      for (const name of Object.keys(CDN)) expect(headers[name.toLowerCase()], name).toBeUndefined();
      expect(headers['cache-control']).toBe('private, no-store');
    }
    const { result } = await run(next({ ...CDN, 'X-Frame-Options': 'DENY' }));
    expect((result as Response).headers.get('x-frame-options')).toBe('DENY');
  });

  it('replaces a Cache-Control that lets a shared cache keep the page (Next.js would send it as it is)', async () => {
    const { result } = await run(next({ 'Cache-Control': 'public, s-maxage=3600' }));
    expect((result as Response).headers.get('cache-control')).toBe('private, no-store');
  });

  it('leaves a response with no caching header as it is, so Next.js sends its own Cache-Control', async () => {
    const response = next({ 'X-Frame-Options': 'DENY' });
    const { result, logger } = await run(response);
    expect(result).toBe(response);
    expect(response.headers.get('cache-control')).toBeNull();
    expect(logger.lines).toEqual([]);
  });

  it('leaves what reaches no page: redirects, answers of the proxy itself, Next.js assets, no response', async () => {
    const redirect = new Response(null, { status: 307, headers: { location: '/login', ...CDN } });
    const answer = new Response('blocked', { status: 403, headers: CDN });
    for (const [response, path] of [
      [redirect, '/account'],
      [answer, '/account'],
      [next(CDN), '/_next/static/chunks/app.js'],
      [next(CDN), '/_next/image'],
    ] as const) {
      const { result } = await run(response, path);
      expect(result).toBe(response);
      expect(response.headers.get('cdn-cache-control'), path).toBe('max-age=600');
    }
    expect((await run(undefined)).result).toBeUndefined();
  });

  it('says once what it removed, naming the headers, never their values', async () => {
    const logger = recordingLogger();
    const proxy = withIntercomCacheRule(() => next({ 'CDN-Cache-Control': 'max-age=987' }), { logger });
    for (const path of ['/', '/account', '/']) await proxy(new Request(`http://app.test${path}`), undefined);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('cdn-cache-control');
    expect(logger.lines[0]).not.toContain('987');
  });

  it('passes the request and the event on to the app’s proxy', async () => {
    const seen: unknown[] = [];
    const proxy = withIntercomCacheRule((request: Request, event: { id: number }) => {
      seen.push(new URL(request.url).pathname, event.id);
      return next();
    });
    await proxy(new Request('http://app.test/account'), { id: 7 });
    expect(seen).toEqual(['/account', 7]);
  });

  it('refuses something that is not a proxy function, with a code', () => {
    expect(() => withIntercomCacheRule('proxy' as never)).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }) as unknown as Error,
    );
  });
});
