import { verifyUserJwt } from '@intercom-identity/core';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { type IntercomIdentityOptions, intercomIdentity } from '../src/index.js';
import {
  ALICE,
  ANDROID_SECRET,
  APP_ID,
  envWith,
  hmacHex,
  IOS_SECRET,
  recordingLogger,
  SECRET,
  serve,
  WIDGET_URL,
} from './support.js';

const WORKSPACE = { app_id: APP_ID, api_base: 'https://api-iam.intercom.io', widget_url: WIDGET_URL.replace('{app_id}', APP_ID) };
const SPA = 'https://app.example.com';

/** An app whose signed-in user is Alice when the request sends `cookie: login=alice`. */
async function serveEndpoint(
  options: IntercomIdentityOptions = {},
  before?: (app: FastifyInstance) => void,
): Promise<{ url: string; getUser: ReturnType<typeof vi.fn> }> {
  const getUser = vi.fn((request: { headers: { cookie?: string } }) => (request.headers.cookie === 'login=alice' ? ALICE : null));
  const { url } = await serve(async (app) => {
    before?.(app);
    await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger(), getUser, ...options });
  });
  return { url, getUser };
}

describe('the proof endpoint at /api/intercom-identity', () => {
  it('gives the web a JWT with the workspace (app_id, api_base, widget_url), never cacheable', async () => {
    const { url } = await serveEndpoint();
    const response = await fetch(`${url}/api/intercom-identity`, { headers: { cookie: 'login=alice' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ ...WORKSPACE, type: 'jwt', platform: 'web' });
    expect(await verifyUserJwt(SECRET, body.intercom_user_jwt)).toMatchObject({ valid: true, claims: { user_id: 'u_1001' } });
  });

  it('answers 401 NO_SESSION without a user, with the workspace so that a single-page app boots a visitor', async () => {
    const { url } = await serveEndpoint();
    const response = await fetch(`${url}/api/intercom-identity?platform=web`);
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'NO_SESSION', message: expect.any(String) },
      ...WORKSPACE,
    });
  });

  it("signs iOS and Android proofs with each platform's secret (user_hash mode)", async () => {
    const { url } = await serveEndpoint({ mode: 'user_hash' });
    for (const [platform, secret] of [
      ['ios', IOS_SECRET],
      ['android', ANDROID_SECRET],
    ] as const) {
      const response = await fetch(`${url}/api/intercom-identity?platform=${platform}`, { headers: { cookie: 'login=alice' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        app_id: APP_ID,
        type: 'user_hash',
        platform,
        user_id: 'u_1001',
        user_hash: hmacHex(secret, 'u_1001'),
      });
    }
  });

  it('ignores identifiers in the query and in JSON, form and broken bodies of a POST', async () => {
    const { url } = await serveEndpoint({ mode: 'user_hash' });
    const bodies: [string, string][] = [
      ['application/json', JSON.stringify({ user_id: 'u_2002', email: 'mallory@example.com' })],
      ['application/x-www-form-urlencoded', 'user_id=u_2002&email=mallory%40example.com'],
      ['application/json', '{"user_id": "u_2002"'],
      ['multipart/form-data; boundary=x', '--x\r\ncontent-disposition: form-data; name="user_id"\r\n\r\nu_2002\r\n--x--'],
    ];
    for (const [type, body] of bodies) {
      const response = await fetch(`${url}/api/intercom-identity?platform=ios&user_id=u_2002`, {
        method: 'POST',
        headers: { cookie: 'login=alice', 'content-type': type },
        body,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmacHex(IOS_SECRET, 'u_1001') });
    }
    const anonymous = await fetch(`${url}/api/intercom-identity?user_id=u_1001&email=alice@example.com`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u_1001' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('user_hash');
  });

  it('answers HEAD as GET, without a body', async () => {
    const { url } = await serveEndpoint();
    const signedIn = await fetch(`${url}/api/intercom-identity`, { method: 'HEAD', headers: { cookie: 'login=alice' } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('content-type')).toContain('application/json');
    expect(signedIn.headers.get('cache-control')).toContain('no-store');
    expect(await signedIn.text()).toBe('');
    const anonymous = await fetch(`${url}/api/intercom-identity`, { method: 'HEAD' });
    expect(anonymous.status).toBe(401);
  });

  it('answers 405 METHOD_NOT_ALLOWED to other methods, with Allow', async () => {
    const { url } = await serveEndpoint();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}/api/intercom-identity`, { method, headers: { cookie: 'login=alice' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
  });

  it('answers 500 SESSION_LOOKUP_FAILED when getUser throws, without its message', async () => {
    const logger = recordingLogger();
    const { url } = await serveEndpoint({
      logger,
      getUser: () => {
        throw new Error('connection refused to db.internal');
      },
    });
    const response = await fetch(`${url}/api/intercom-identity`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'SESSION_LOOKUP_FAILED' } });
    expect(text).not.toContain('db.internal');
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
  });

  it("leaves the app's own body parsers alone", async () => {
    const { url } = await serveEndpoint({}, (app) => {
      app.post('/echo', async (request) => ({ got: request.body }));
    });
    const echo = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await echo.json()).toEqual({ got: { a: 1 } });
    const form = await fetch(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });
});

describe('CORS on the proof endpoint', () => {
  const allowed = { allowedOrigins: [SPA] };

  it('gives an allowed origin its proof with credentials, naming the origin, never *', async () => {
    const { url } = await serveEndpoint(allowed);
    const response = await fetch(`${url}/api/intercom-identity`, {
      headers: { cookie: 'login=alice', origin: SPA, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(await response.json()).toMatchObject({ ...WORKSPACE, type: 'jwt' });
  });

  it('takes the allowlist from INTERCOM_IDENTITY_ALLOWED_ORIGINS and answers its preflight 204', async () => {
    const { url, getUser } = await serveEndpoint({
      env: envWith({ INTERCOM_IDENTITY_ALLOWED_ORIGINS: `https://other.example, ${SPA}` }),
    });
    const response = await fetch(`${url}/api/intercom-identity?platform=web`, {
      method: 'OPTIONS',
      headers: {
        origin: SPA,
        'sec-fetch-site': 'cross-site',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type, x-unknown',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(await response.text()).toBe('');
    expect(getUser).not.toHaveBeenCalled();
  });

  it('refuses a cross-site origin that is not listed with 403 ORIGIN_NOT_ALLOWED before getUser runs', async () => {
    const { url, getUser } = await serveEndpoint(allowed);
    for (const method of ['GET', 'POST', 'OPTIONS']) {
      const response = await fetch(`${url}/api/intercom-identity`, {
        method,
        headers: {
          cookie: 'login=alice',
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
          ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}),
        },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    }
    expect(getUser).not.toHaveBeenCalled();
  });

  it("opts out of an app-wide CORS hook that reads the route's config.cors, as @fastify/cors does", async () => {
    const { url } = await serveEndpoint(allowed, (app) => {
      // A stand-in for @fastify/cors (not a dependency here): its onRequest hook answers every
      // preflight with its own settings, except on routes with `config: { cors: false }`.
      app.addHook('onRequest', async (request, reply) => {
        if ((request.routeOptions.config as { cors?: unknown }).cors === false) return;
        reply.header('access-control-allow-origin', '*');
        if (request.method === 'OPTIONS') return reply.code(204).send();
      });
      app.get('/other', async () => ({ ok: true }));
    });
    const other = await fetch(`${url}/other`, { headers: { origin: SPA } });
    expect(other.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${url}/api/intercom-identity`, {
      method: 'OPTIONS',
      headers: { origin: SPA, 'sec-fetch-site': 'cross-site', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('gives no CORS header without an allowlist, and fails the setup on a * allowlist', async () => {
    const { url } = await serveEndpoint();
    const sameOrigin = await fetch(`${url}/api/intercom-identity`, { headers: { cookie: 'login=alice', origin: url } });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();

    const wildcard = await serveEndpoint({ env: envWith({ INTERCOM_IDENTITY_ALLOWED_ORIGINS: '*' }) });
    const response = await fetch(`${wildcard.url}/api/intercom-identity`, { headers: { cookie: 'login=alice', origin: SPA } });
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'ALLOWED_ORIGIN_INVALID' } });
  });
});

describe('where the endpoint is mounted', () => {
  it('mounts none with proofPath: false', async () => {
    const { url } = await serveEndpoint({ proofPath: false });
    const response = await fetch(`${url}/api/intercom-identity`, { headers: { cookie: 'login=alice' } });
    expect(response.status).toBe(404);
  });

  it('mounts it at a custom proofPath, with every method, and not at the default one', async () => {
    const { url } = await serveEndpoint({ proofPath: '/auth/intercom' });
    expect((await fetch(`${url}/api/intercom-identity`)).status).toBe(404);
    const response = await fetch(`${url}/auth/intercom?platform=web`, { headers: { cookie: 'login=alice' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'jwt', platform: 'web' });
    expect((await fetch(`${url}/auth/intercom`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${url}/auth/intercom`, { method: 'OPTIONS' })).status).toBe(204);
  });
});

describe('the endpoint of a broken setup', () => {
  it('answers 500 with the code and no config value', async () => {
    const logger = recordingLogger();
    const { url } = await serveEndpoint({ env: envWith({ INTERCOM_APP_ID: undefined }), logger });
    const response = await fetch(`${url}/api/intercom-identity`, { headers: { cookie: 'login=alice' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'APP_ID_MISSING' } });
    for (const value of [SECRET, IOS_SECRET, ANDROID_SECRET, WIDGET_URL, 'INTERCOM_IDENTITY_SECRET'])
      expect(text).not.toContain(value);
    expect(logger.lines.join('\n')).toContain('APP_ID_MISSING');
  });

  it('answers 500 with the code but not the value for an app id that looks like a secret', async () => {
    const leaked = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyz';
    const logger = recordingLogger();
    const { url } = await serveEndpoint({ env: envWith({ INTERCOM_APP_ID: leaked }), logger });
    const text = await (await fetch(`${url}/api/intercom-identity`)).text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'APP_ID_INVALID' } });
    expect(text).not.toContain(leaked);
    expect(logger.lines.join('\n')).not.toContain(leaked);
  });
});
