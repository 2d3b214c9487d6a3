import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMobileHandler, type IntercomUser, resolveConfig, verifyUserJwt } from '../src/index.js';
import { ALICE, ANDROID_SECRET, APP_ID, BOB, errorOf, IOS_SECRET, recordingLogger, SECRET } from './support.js';

const env = {
  INTERCOM_APP_ID: APP_ID,
  INTERCOM_IDENTITY_SECRET: SECRET,
  INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
  INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
};
const hmac = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');

// Sessions by cookie, as an app would keep them.
const sessions: Record<string, IntercomUser> = { 'session=alice': ALICE, 'session=bob': BOB };
// user_hash, the compatible mode, unless a test says otherwise; JWT (the default) is tested below.
const handler = createMobileHandler({
  config: resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'user_hash' }, { logger: recordingLogger() }),
  getUser: (request) => sessions[request.headers.get('cookie') ?? ''] ?? null,
});
const call = (query: string, init: RequestInit & { cookie?: string } = {}) =>
  handler(
    new Request(`http://app.test/api/intercom-identity${query}`, {
      ...init,
      headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers as Record<string, string>) },
    }),
  );

describe('createMobileHandler', () => {
  it.each([
    ['ios', IOS_SECRET],
    ['android', ANDROID_SECRET],
    ['web', SECRET],
  ])('signs the session user for %s with that platform’s secret', async (platform, secret) => {
    const response = await call(`?platform=${platform}`, { cookie: 'session=alice' });
    expect(response.status).toBe(200);
    // The web's answer names the workspace too: a single-page app learns it from the server.
    const workspace =
      platform === 'web'
        ? { api_base: 'https://api-iam.intercom.io', widget_url: `https://widget.intercom.io/widget/${APP_ID}` }
        : {};
    const proof = { user_id: 'u_1001', email: 'alice@example.com', user_hash: hmac(secret, 'u_1001') };
    // And for the web what a page would boot with: the proof with the plain profile.
    const settings =
      platform === 'web'
        ? { settings: { app_id: APP_ID, api_base: workspace.api_base, ...proof, name: ALICE.name, created_at: ALICE.created_at } }
        : {};
    expect(await response.json()).toEqual({ app_id: APP_ID, ...workspace, type: 'user_hash', platform, ...proof, ...settings });
  });

  it('defaults to web and signs an email-only user by email', async () => {
    const body = await (await call('', { cookie: 'session=bob' })).json();
    expect(body).toMatchObject({ platform: 'web', email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
  });

  it('ignores identifiers in the query and the body: it signs only the session’s user', async () => {
    const query = await (
      await call('?platform=ios&user_id=u_2002&email=mallory@example.com', { cookie: 'session=alice' })
    ).json();
    expect(query.user_id).toBe('u_1001');
    expect(query.user_hash).toBe(hmac(IOS_SECRET, 'u_1001'));
    const post = await call('?platform=ios', {
      method: 'POST',
      cookie: 'session=alice',
      body: JSON.stringify({ user_id: 'u_2002', email: 'mallory@example.com' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(post.status).toBe(200);
    expect((await post.json()).user_hash).toBe(hmac(IOS_SECRET, 'u_1001'));
  });

  it('answers 401 without a session, even when an identifier is given', async () => {
    const response = await call('?platform=ios&user_id=u_1001');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'NO_SESSION' } });
  });

  it('answers 400 for an unknown platform or one without a secret', async () => {
    expect((await call('?platform=windows', { cookie: 'session=alice' })).status).toBe(400);
    const noAndroid = createMobileHandler({
      config: resolveConfig({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET }, { logger: recordingLogger() }),
      getUser: () => ALICE,
    });
    const response = await noAndroid(new Request('http://app.test/x?platform=android'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'SECRET_MISSING' } });
  });

  it('answers 405 with Allow for other methods, and OPTIONS with what it takes', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await call('', { method, cookie: 'session=alice' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    }
    const options = await call('', { method: 'OPTIONS', cookie: 'session=alice' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a visitor on the web with the workspace, so a single-page app boots a visitor', async () => {
    const response = await call('?platform=web');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'NO_SESSION', message: expect.any(String) },
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      widget_url: `https://widget.intercom.io/widget/${APP_ID}`,
    });
  });

  it('answers HEAD as GET, with the same status and headers and no body', async () => {
    for (const [query, cookie, status] of [
      ['?platform=ios', 'session=alice', 200],
      ['', '', 401],
      ['?platform=x', 'session=alice', 400],
    ] as const) {
      const get = await call(query, { cookie });
      const head = await call(query, { method: 'HEAD', cookie });
      expect(head.status, `HEAD ${query}`).toBe(status);
      expect(head.status).toBe(get.status);
      expect(Object.fromEntries(head.headers)).toEqual(Object.fromEntries(get.headers));
      expect(await head.text()).toBe('');
    }
  });

  it('is never cacheable, whatever the outcome', async () => {
    for (const response of [
      await call('?platform=ios', { cookie: 'session=alice' }),
      await call(''),
      await call('?platform=x', { cookie: 'session=alice' }),
      await call('', { method: 'PUT' }),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('does not echo what getUser threw (it may hold anything)', async () => {
    const failing = createMobileHandler({
      config: resolveConfig(env, { logger: recordingLogger() }),
      getUser: () => {
        throw new Error(`database password ${SECRET}`);
      },
    });
    const response = await failing(new Request('http://app.test/x'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('SESSION_LOOKUP_FAILED');
    expect(text).not.toContain(SECRET);
  });

  it('returns a JWT by default (JWT mode), signed for the platform', async () => {
    const jwtHandler = createMobileHandler({
      config: resolveConfig(env, { logger: recordingLogger() }),
      getUser: () => ALICE,
    });
    const body = await (await jwtHandler(new Request('http://app.test/x?platform=android'))).json();
    expect(body.type).toBe('jwt');
    const result = await verifyUserJwt(ANDROID_SECRET, body.intercom_user_jwt);
    expect(result).toMatchObject({ valid: true, claims: { user_id: 'u_1001', email: 'alice@example.com' } });
    expect(body.expires_at).toBe(result.claims?.exp);
    // An email-only user cannot have a JWT: 422 with the code.
    const bob = createMobileHandler({
      config: resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'jwt' }, { logger: recordingLogger() }),
      getUser: () => BOB,
    });
    const refused = await bob(new Request('http://app.test/x'));
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ error: { code: 'JWT_USER_ID_REQUIRED' } });
  });

  it('says once per user, not on every request, that an email-only user cannot have a JWT', async () => {
    const logger = recordingLogger();
    let user: IntercomUser = BOB;
    const endpoint = createMobileHandler({
      config: resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'jwt' }, { logger }),
      getUser: () => user,
    });
    for (let i = 0; i < 5; i++) expect((await endpoint(new Request('http://app.test/x'))).status).toBe(422);
    user = { email: 'carol@example.com' };
    for (let i = 0; i < 5; i++) expect((await endpoint(new Request('http://app.test/x'))).status).toBe(422);
    const lines = logger.lines.filter((line) => line.includes('JWT_USER_ID_REQUIRED'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/bob@|carol@/);
  });

  it('tells the web when the Messenger waits for consent or for an interaction, and only when it does', async () => {
    const endpointWith = (extra: Record<string, string>, user: IntercomUser | null) =>
      createMobileHandler({
        config: resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'user_hash', ...extra }, { logger: recordingLogger() }),
        getUser: () => user,
      });
    const gated = { INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' };
    for (const user of [ALICE, null]) {
      const body = await (await endpointWith(gated, user)(new Request('http://app.test/x?platform=web'))).json();
      expect(body).toMatchObject({ app_id: APP_ID, consent: 'required', load: 'interaction' });
    }
    const consentOnly = await (
      await endpointWith({ INTERCOM_CONSENT: 'required' }, ALICE)(new Request('http://app.test/x'))
    ).json();
    expect(consentOnly.consent).toBe('required');
    expect(consentOnly).not.toHaveProperty('load');
    const loadOnly = await (await endpointWith({ INTERCOM_LOAD: 'interaction' }, null)(new Request('http://app.test/x'))).json();
    expect(loadOnly.load).toBe('interaction');
    expect(loadOnly).not.toHaveProperty('consent');
    // The defaults say nothing, and mobile platforms are told nothing: the gate is the web page's.
    for (const [extra, query] of [
      [{ INTERCOM_CONSENT: 'none', INTERCOM_LOAD: 'page' }, '?platform=web'],
      [gated, '?platform=ios'],
    ] as const) {
      const body = await (await endpointWith(extra, ALICE)(new Request(`http://app.test/x${query}`))).json();
      expect(body).not.toHaveProperty('consent');
      expect(body).not.toHaveProperty('load');
    }
  });

  it('refuses to be created without getUser', async () => {
    expect((await errorOf(() => createMobileHandler({ config: env } as never))).code).toBe('HANDLER_OPTIONS_INVALID');
  });
});
