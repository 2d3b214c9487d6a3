import { describe, expect, it } from 'vitest';
import { createProofEndpoint, type IntercomUser, requestFromNode, resolveConfig } from '../src/index.js';
import { ALICE, APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const APP = 'https://app.example.com';
const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };

function endpoint(allowedOrigins: string | string[] | undefined) {
  const lookups: string[] = [];
  const config = resolveConfig(
    typeof allowedOrigins === 'string' ? { ...env, INTERCOM_IDENTITY_ALLOWED_ORIGINS: allowedOrigins } : env,
    { logger: recordingLogger(), ...(Array.isArray(allowedOrigins) ? { allowedOrigins } : {}) },
  );
  const handler = createProofEndpoint({
    config,
    getUser: (request) => {
      lookups.push(request.headers.get('origin') ?? '(none)');
      return request.headers.get('cookie') === 'session=alice' ? (ALICE as IntercomUser) : null;
    },
  });
  const call = (headers: Record<string, string>, method = 'GET') =>
    handler(new Request('https://api.example.com/api/intercom-identity?platform=web', { method, headers }));
  return { call, lookups };
}

describe('the proof endpoint across origins', () => {
  it('answers an allowed origin with its own name and credentials, never *', async () => {
    const { call } = endpoint([APP]);
    const response = await call({ origin: APP, 'sec-fetch-site': 'same-site', cookie: 'session=alice' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(typeof (await response.json()).intercom_user_jwt).toBe('string');
  });

  it('gives an allowed origin its visitor answer with the CORS headers too, so the app can read it', async () => {
    const { call } = endpoint([APP]);
    const response = await call({ origin: APP, 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect((await response.json()).app_id).toBe(APP_ID);
  });

  it('answers the preflight of an allowed origin with 204, the methods and the asked headers it takes', async () => {
    const { call, lookups } = endpoint([APP]);
    const response = await call(
      {
        origin: APP,
        'sec-fetch-site': 'cross-site',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'Authorization, X-Other',
      },
      'OPTIONS',
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(lookups).toEqual([]);
  });

  it('refuses a browser on another origin before reading the session, preflight included', async () => {
    const { call, lookups } = endpoint([APP]);
    for (const site of ['cross-site', 'same-site']) {
      const response = await call({ origin: 'https://evil.example', 'sec-fetch-site': site, cookie: 'session=alice' });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const body = await response.json();
      expect(body.error.code).toBe('ORIGIN_NOT_ALLOWED');
      expect(JSON.stringify(body)).not.toContain('u_1001');
    }
    const preflight = await call(
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'access-control-request-method': 'GET' },
      'OPTIONS',
    );
    expect(preflight.status).toBe(403);
    expect(lookups).toEqual([]);
  });

  it('refuses every cross-site browser call when no origin is allowed (the default)', async () => {
    const { call } = endpoint(undefined);
    const response = await call({ origin: APP, 'sec-fetch-site': 'cross-site', cookie: 'session=alice' });
    expect(response.status).toBe(403);
  });

  it('answers same-origin calls, and callers without a browser, as before: no CORS header', async () => {
    const { call } = endpoint([APP]);
    const cases: Record<string, string>[] = [
      { cookie: 'session=alice' },
      { cookie: 'session=alice', origin: 'https://api.example.com', 'sec-fetch-site': 'same-origin' },
      // Behind a proxy the request URL may name another host: Sec-Fetch-Site is what counts.
      { cookie: 'session=alice', origin: 'https://www.example.com', 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of cases) {
      const response = await call(headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('reads the allowlist from INTERCOM_IDENTITY_ALLOWED_ORIGINS, canonical and case-insensitive', async () => {
    const { call } = endpoint(' https://APP.example.com:443/ , http://localhost:5173 ');
    expect((await call({ origin: APP, 'sec-fetch-site': 'cross-site' })).headers.get('access-control-allow-origin')).toBe(APP);
    const local = await call({ origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it.each([
    ['*'],
    ['https://*.spa.test'],
    ['spa.test'],
    ['https://spa.test/path'],
    ['https://spa.test/path/'],
    ['https://spa.test#x'],
    ['https://spa.test?x=1'],
    ['https://user:pass@spa.test'],
    ['ftp://spa.test'],
    ['null'],
  ])('refuses %j as an allowed origin, without repeating it', async (origin) => {
    const error = await errorOf(() => resolveConfig(env, { allowedOrigins: [origin] }));
    expect(error.code).toBe('ALLOWED_ORIGIN_INVALID');
    if (origin.length > 3) expect(error.message).not.toContain(origin);
    const fromEnv = await errorOf(() => resolveConfig({ ...env, INTERCOM_IDENTITY_ALLOWED_ORIGINS: `${APP},${origin}` }));
    expect(fromEnv.code).toBe('ALLOWED_ORIGIN_INVALID');
  });

  it('refuses an allowedOrigins that is not a list of strings', async () => {
    expect((await errorOf(() => resolveConfig(env, { allowedOrigins: 42 as never }))).code).toBe('ALLOWED_ORIGIN_INVALID');
    expect((await errorOf(() => resolveConfig(env, { allowedOrigins: [42 as never] }))).code).toBe('ALLOWED_ORIGIN_INVALID');
  });
});

describe('requestFromNode', () => {
  it('keeps the method, the path and query, and every header (repeated ones too), without a body', () => {
    const request = requestFromNode(
      {
        method: 'post',
        url: '/api/intercom-identity?platform=ios',
        headers: { host: 'shop.example:3000', cookie: 'a=1; b=2', 'x-list': ['one', 'two'], ':path': '/h2', 'content-length': 0 },
      },
      { protocol: 'https' },
    );
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://shop.example:3000/api/intercom-identity?platform=ios');
    expect(request.headers.get('cookie')).toBe('a=1; b=2');
    expect(request.headers.get('x-list')).toBe('one, two');
    expect([...request.headers.keys()].some((name) => name.startsWith(':'))).toBe(false);
    expect(request.body).toBeNull();
  });

  it('takes the host the framework worked out over the Host header, and falls back to localhost', () => {
    expect(requestFromNode({ url: '/x', headers: { host: 'internal:8080' } }, { host: 'example.com' }).url).toBe(
      'http://example.com/x',
    );
    expect(requestFromNode({ url: '/x', headers: {} }).url).toBe('http://localhost/x');
    // A Host header no URL takes still gives a request with the path and query.
    expect(requestFromNode({ url: '/x?platform=web', headers: { host: 'bad host' } }).url).toBe(
      'http://localhost/x?platform=web',
    );
    expect(requestFromNode({ url: 'http://absolute.example/x', headers: {} }).url).toBe('http://localhost/');
  });
});
