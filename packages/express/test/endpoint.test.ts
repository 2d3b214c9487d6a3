import { verifyUserJwt } from '@intercom-identity/core';
import express5, { type RequestHandler } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { intercomProofEndpoint } from '../src/index.js';
import { ALICE, APP_ID, closeAll, ENV, hmac, IOS_SECRET, listen, recordingLogger, SECRET, VERSIONS } from './support.js';

afterEach(closeAll);

const PATH = '/api/intercom-identity';
const SPA = 'https://app.example.com';

// The demo session: `?as=alice` or the header stands in for a session cookie, read by the app's getUser.
const signedIn = (req: { get(name: string): string | undefined }) => (req.get('x-test-session') === 'alice' ? ALICE : null);
const alice = { 'x-test-session': 'alice' };

describe.each(VERSIONS)('intercomProofEndpoint() on $version', ({ express }) => {
  async function endpointWith(options: Parameters<typeof intercomProofEndpoint>[0] = {}, ...before: RequestHandler[]) {
    const app = express();
    if (before.length > 0) app.use(...before);
    app.all(PATH, intercomProofEndpoint({ env: () => ENV, getUser: signedIn, ...options }));
    return listen(app);
  }

  it("returns the session user's proof made with the platform's secret, ignoring identifiers in the query (user_hash mode)", async () => {
    const { url } = await endpointWith({ mode: 'user_hash' });
    const response = await fetch(`${url}${PATH}?platform=ios&user_id=u_2002&email=mallory%40example.com`, { headers: alice });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      app_id: APP_ID,
      type: 'user_hash',
      platform: 'ios',
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmac(IOS_SECRET, 'u_1001'),
    });
  });

  it('gives the browser a fresh JWT with the workspace (app_id, api_base, widget_url), and a visitor 401 with the workspace', async () => {
    const { url } = await endpointWith();
    const response = await fetch(`${url}${PATH}?platform=web`, { headers: alice });
    expect(response.status).toBe(200);
    const proof = await response.json();
    expect(proof).toMatchObject({
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      widget_url: `https://widget.intercom.io/widget/${APP_ID}`,
      type: 'jwt',
      platform: 'web',
    });
    expect(await verifyUserJwt(SECRET, proof.intercom_user_jwt)).toMatchObject({ valid: true, claims: { user_id: 'u_1001' } });
    const anonymous = await fetch(`${url}${PATH}?platform=web&user_id=u_1001`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    expect(await anonymous.json()).toEqual({
      error: { code: 'NO_SESSION', message: expect.any(String) },
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      widget_url: `https://widget.intercom.io/widget/${APP_ID}`,
    });
  });

  it('answers POST like GET and ignores the identifiers of a parsed JSON body', async () => {
    const { url } = await endpointWith({ mode: 'user_hash' }, express5.json());
    const response = await fetch(`${url}${PATH}?platform=ios`, {
      method: 'POST',
      headers: { ...alice, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u_2002', email: 'mallory@example.com' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmac(IOS_SECRET, 'u_1001') });
    const anonymous = await fetch(`${url}${PATH}?platform=ios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u_1001' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('answers HEAD as GET without a body: 200 for Alice, 401 without a session', async () => {
    const { url } = await endpointWith();
    for (const [headers, status] of [
      [alice, 200],
      [{}, 401],
    ] as const) {
      const response = await fetch(`${url}${PATH}?platform=ios`, { method: 'HEAD', headers });
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.text()).toBe('');
    }
  });

  it('answers other methods 405 with the methods it takes', async () => {
    const { url } = await endpointWith();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${url}${PATH}`, { method, headers: alice });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
  });

  it('answers an allowed origin with its name and credentials, never *, and its preflight with 204', async () => {
    const { url } = await endpointWith({
      env: () => ({ ...ENV, INTERCOM_IDENTITY_ALLOWED_ORIGINS: `${SPA}, https://other.example.com` }),
    });
    const response = await fetch(`${url}${PATH}?platform=web`, {
      headers: { ...alice, origin: SPA, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toContain('Origin');
    const preflight = await fetch(`${url}${PATH}?platform=web`, {
      method: 'OPTIONS',
      headers: {
        origin: SPA,
        'sec-fetch-site': 'cross-site',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
    expect(await preflight.text()).toBe('');
    for (const answer of [response, preflight]) expect(answer.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('refuses a browser call from an unlisted origin with 403 before getUser runs, and tells it no CORS header', async () => {
    const getUser = vi.fn(signedIn);
    const { url } = await endpointWith({ getUser, env: () => ({ ...ENV, INTERCOM_IDENTITY_ALLOWED_ORIGINS: SPA }) });
    const response = await fetch(`${url}${PATH}?platform=web`, {
      headers: { ...alice, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    const preflight = await fetch(`${url}${PATH}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(getUser).not.toHaveBeenCalled();
  });

  it('answers 500 SESSION_LOOKUP_FAILED when getUser throws, without its message', async () => {
    const { lines, logger } = recordingLogger();
    const { url } = await endpointWith({
      logger,
      getUser: () => {
        throw new Error('token store hunter2 is down');
      },
    });
    const response = await fetch(`${url}${PATH}?platform=ios`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'SESSION_LOOKUP_FAILED' } });
    expect(text).not.toContain('hunter2');
    expect(lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('answers 500 when the setup is broken (no app id), without any config value', async () => {
    const { lines, logger } = recordingLogger();
    const { url } = await endpointWith({ logger, env: () => ({ INTERCOM_IDENTITY_SECRET: SECRET }) });
    const response = await fetch(`${url}${PATH}?platform=web`, { headers: alice });
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'APP_ID_MISSING', message: expect.any(String) } });
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('INTERCOM_');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('APP_ID_MISSING');
  });

  it("finds Passport's req.user by default, under a mounted router too", async () => {
    const app = express();
    const api = express5.Router();
    api.all('/intercom-identity', intercomProofEndpoint({ env: () => ENV, mode: 'user_hash' }));
    app.use((req, _res, next) => {
      if (req.get('x-test-session') === 'alice') (req as { user?: object }).user = ALICE;
      next();
    });
    app.use('/api', api);
    const { url } = await listen(app);
    const response = await fetch(`${url}/api/intercom-identity?platform=ios`, { headers: alice });
    expect(await response.json()).toMatchObject({ platform: 'ios', user_hash: hmac(IOS_SECRET, 'u_1001') });
    expect((await fetch(`${url}/api/intercom-identity?platform=ios`)).status).toBe(401);
  });
});

describe('intercomProofEndpoint() options', () => {
  it.each([
    ['a string', 'getUser'],
    ['null', null],
    ['a list', []],
    ['a getUser that is not a function', { getUser: true }],
  ])('refuses %s with HANDLER_OPTIONS_INVALID', (_what, options) => {
    expect(() => intercomProofEndpoint(options as never)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
  });
});
