import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createIntercomAdapter, type IntercomUser, resolveConfig } from '../src/index.js';
import { ALICE, APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };
const hmac = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');

interface Context {
  user?: unknown;
  fails?: boolean;
}

function adapter(overrides: Record<string, unknown> = {}) {
  const logger = recordingLogger();
  const layer = createIntercomAdapter<Context>(
    { logger, ...overrides },
    {
      name: 'testAdapter',
      env: () => env,
      getUser: (context) => {
        if (context.fails) throw new Error('database is down: password=hunter2');
        return context.user as IntercomUser | null;
      },
    },
  );
  return { layer, logger };
}

const endpoint = (query = '') => new Request(`http://app.test/api/intercom-identity${query}`);

describe('createIntercomAdapter: the layer every adapter stands on', () => {
  it('reads the env of each call’s own context (a Worker’s bindings), also while calls overlap', async () => {
    const contexts: Array<{ env: Record<string, string>; user: IntercomUser }> = ['aaaa1111', 'bbbb2222'].map((appId) => ({
      env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: SECRET },
      user: ALICE,
    }));
    const layer = createIntercomAdapter<(typeof contexts)[number]>(
      { logger: recordingLogger() },
      { name: 'testAdapter', env: (context) => context?.env ?? {}, getUser: (context) => context.user },
    );
    const [a, b] = await Promise.all(contexts.map((context) => layer.boot(context)));
    expect([a?.settings.app_id, b?.settings.app_id]).toEqual(['aaaa1111', 'bbbb2222']);
    const answers = await Promise.all(contexts.map((context) => layer.proofEndpoint(endpoint(), context)));
    expect(await Promise.all(answers.map(async (answer) => (await answer.json()).app_id))).toEqual(['aaaa1111', 'bbbb2222']);
    const cookies = layer.logoutCookies({ host: 'app.test' }, contexts[1]);
    expect(cookies.map((cookie) => cookie.name)).toContain('intercom-session-bbbb2222');
    // Without a context there is no env here: the setup says so instead of reading another request's.
    expect(layer.setup().ok).toBe(false);
  });

  it('maps a session object the same way for the page and the endpoint: id is the user_id', async () => {
    const { layer } = adapter({ mode: 'user_hash' });
    const context = { user: { id: 'u_7', email: 'seven@example.com', name: 'Seven', password_hash: 'x' } };
    const boot = await layer.boot(context);
    expect(boot?.settings).toMatchObject({ user_id: 'u_7', email: 'seven@example.com', user_hash: hmac('u_7'), name: 'Seven' });
    expect(boot?.settings).not.toHaveProperty('password_hash');
    const response = await layer.proofEndpoint(endpoint(), context);
    expect(await response.json()).toMatchObject({ type: 'user_hash', user_id: 'u_7', user_hash: hmac('u_7') });
  });

  it('user_id wins over id when both are there', async () => {
    const { layer } = adapter({ mode: 'user_hash' });
    const boot = await layer.boot({ user: { user_id: 'u_1', id: 'row-99', email: 'a@example.com' } });
    expect(boot?.settings.user_id).toBe('u_1');
    expect(boot?.settings.user_hash).toBe(hmac('u_1'));
  });

  it('a failing getUser logs SESSION_LOOKUP_FAILED (not its message) and boots a visitor', async () => {
    const { layer, logger } = adapter();
    const boot = await layer.boot({ fails: true });
    expect(boot?.signed).toBe(false);
    expect(boot?.settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('hunter2');
  });

  it('a failing getUser makes the endpoint answer 500 SESSION_LOOKUP_FAILED, logged, never 401', async () => {
    const { layer, logger } = adapter();
    const response = await layer.proofEndpoint(endpoint(), { fails: true });
    expect(response.status).toBe(500);
    // The workspace too (a single-page app then boots a visitor), and nothing of what getUser threw.
    expect(await response.json()).toEqual({
      error: { code: 'SESSION_LOOKUP_FAILED', message: expect.any(String) },
      app_id: expect.any(String),
      api_base: expect.any(String),
      widget_url: expect.any(String),
    });
    expect(logger.lines.some((line) => line.includes('SESSION_LOOKUP_FAILED'))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain('hunter2');
  });

  it('a user object the core refuses boots a visitor with the coded line', async () => {
    const { layer, logger } = adapter();
    const boot = await layer.boot({ user: { user_id: 'u_1', created_at: '2024-01-01' } });
    expect(boot?.signed).toBe(false);
    expect(logger.lines.join('\n')).toContain('CREATED_AT_INVALID');
  });

  it('visitor: true does not even look the user up', async () => {
    let asked = 0;
    const layer = createIntercomAdapter<null>(
      { logger: recordingLogger() },
      {
        name: 'testAdapter',
        env: () => env,
        getUser: () => {
          asked++;
          return ALICE;
        },
      },
    );
    const boot = await layer.boot(null, { visitor: true });
    expect(boot?.signed).toBe(false);
    expect(asked).toBe(0);
  });

  it('gives the boot in parts: the body and the attributes make the whole script', async () => {
    const { layer } = adapter();
    const boot = await layer.boot({ user: ALICE }, { nonce: 'abc123==' });
    expect(boot?.attributes).toEqual({ 'data-intercom-identity': '', nonce: 'abc123==' });
    expect(boot?.html).toBe(`<script data-intercom-identity="" nonce="abc123==">${boot?.body}</script>`);
    expect(boot?.body.startsWith('window.intercomSettings={')).toBe(true);
  });

  it('adds a nonce known only after rendering, and leaves out a bad one with a logged line', async () => {
    const { layer, logger } = adapter();
    const boot = await layer.boot({ user: ALICE });
    if (boot === null) throw new Error('no boot');
    expect(layer.scriptWithNonce(boot, 'n0nce')).toBe(`<script data-intercom-identity="" nonce="n0nce">${boot.body}</script>`);
    expect(layer.scriptWithNonce(boot, '"><script>')).toBe(boot.html);
    expect(logger.lines.join('\n')).toContain('NONCE_INVALID');
  });

  it('merges page settings over the adapter settings', async () => {
    const { layer } = adapter({ settings: { alignment: 'left', hide_default_launcher: true } });
    const boot = await layer.boot({ user: null }, { settings: { alignment: 'right' } });
    expect(boot?.settings).toMatchObject({ alignment: 'right', hide_default_launcher: true });
  });

  it('the cache rule makes a signed response private and strips every CDN cache header, saying so once', () => {
    const { layer, logger } = adapter();
    for (let i = 0; i < 2; i++) {
      const headers = new Headers({
        'cache-control': 'public, max-age=600',
        'cdn-cache-control': 'max-age=600',
        'surrogate-control': 'max-age=600',
        'vercel-cdn-cache-control': 'max-age=600',
        'cloudflare-cdn-cache-control': 'max-age=600',
        'netlify-cdn-cache-control': 'public, durable',
      });
      layer.applyCacheRule(headers, '/account');
      expect([...headers.entries()]).toEqual([['cache-control', 'private, no-store']]);
    }
    expect(logger.lines.filter((line) => line.includes('Cache-Control "public, max-age=600"'))).toHaveLength(1);
    expect(logger.lines.filter((line) => line.includes('CDN cache headers'))).toHaveLength(1);
  });

  it('keeps an app Cache-Control that is already private and no-store', () => {
    const { layer, logger } = adapter();
    const headers = new Headers({ 'cache-control': 'no-store, private, max-age=0' });
    layer.applyCacheRule(headers, '/');
    expect(headers.get('cache-control')).toBe('no-store, private, max-age=0');
    expect(logger.lines).toEqual([]);
  });

  it('a broken setup: no boot, and the endpoint answers the setup error, never cacheable', async () => {
    const logger = recordingLogger();
    const layer = createIntercomAdapter<null>(
      { logger },
      { name: 'testAdapter', env: () => ({ INTERCOM_IDENTITY_SECRET: SECRET }), getUser: () => ALICE },
    );
    expect(await layer.boot(null)).toBeNull();
    const response = await layer.proofEndpoint(endpoint(), null);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('vary')).toBe('Cookie, Authorization');
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('APP_ID_MISSING');
    expect(text).not.toContain(SECRET);
  });

  it('refuses options it cannot use, naming the adapter function', async () => {
    expect((await errorOf(() => createIntercomAdapter(null as never, { name: 'intercomHandle', env: () => env }))).code).toBe(
      'HANDLER_OPTIONS_INVALID',
    );
    const noUser = await errorOf(() => createIntercomAdapter({}, { name: 'createIntercomIdentity', env: () => env }));
    expect(noUser.code).toBe('HANDLER_OPTIONS_INVALID');
    expect(noUser.message).toContain('createIntercomIdentity needs getUser');
    const badEnv = await errorOf(() =>
      createIntercomAdapter({ env: 'process.env' as never }, { name: 'x', env: () => env, getUser: () => null }),
    );
    expect(badEnv.code).toBe('HANDLER_OPTIONS_INVALID');
  });

  it('per-request config of the framework sits under the options the app passes', async () => {
    let runtime: Record<string, unknown> = { mode: 'user_hash' };
    const layer = createIntercomAdapter<null>(
      { logger: recordingLogger(), jwt: { signedAttributes: ['email', 'name'] } },
      { name: 'x', env: () => env, getUser: () => ALICE, config: () => runtime },
    );
    expect((await layer.boot(null))?.settings.user_hash).toBe(hmac('u_1001'));
    runtime = {};
    // Without the framework's mode: the default, JWT, with the attributes the app signs.
    expect((await layer.boot(null))?.settings.intercom_user_jwt).toEqual(expect.any(String));
    expect((await layer.boot(null))?.settings).not.toHaveProperty('name');
  });
});

describe('one string-tolerant parser for every env source', () => {
  const withJwt = (extra: Record<string, string>) => resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: 'jwt', ...extra });

  it('a comma list drops empty items and trims: "email, name," is email and name', () => {
    expect(withJwt({ INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: 'email, name,' }).jwt.signedAttributes).toEqual(['email', 'name']);
  });

  it('"none" signs nothing beyond user_id; blank is the default (email)', () => {
    expect(withJwt({ INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: 'None' }).jwt.signedAttributes).toEqual([]);
    expect(withJwt({ INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: '  ' }).jwt.signedAttributes).toEqual(['email']);
  });

  it.each(['1e3', '3600s', '1.5', '-5', '0', '0x10'])('the lifetime %j is refused with JWT_OPTION_INVALID', async (raw) => {
    const error = await errorOf(() => withJwt({ INTERCOM_IDENTITY_JWT_EXPIRES_IN: raw }));
    expect(error.code).toBe('JWT_OPTION_INVALID');
  });

  it('the lifetime takes whole seconds around whitespace, and none in any case', () => {
    expect(withJwt({ INTERCOM_IDENTITY_JWT_EXPIRES_IN: ' 600 ' }).jwt.expiresIn).toBe(600);
    expect(withJwt({ INTERCOM_IDENTITY_JWT_EXPIRES_IN: 'NONE' }).jwt.expiresIn).toBeNull();
    expect(withJwt({ INTERCOM_IDENTITY_JWT_EXPIRES_IN: '' }).jwt.expiresIn).toBe(3600);
  });

  it.each([
    ['user_hash', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
    ['none', false],
    [' ', false],
  ])('the fallback flag %j is %s', (raw, on) => {
    expect(withJwt({ INTERCOM_IDENTITY_JWT_FALLBACK: raw }).jwt.fallbackToUserHash).toBe(on);
  });

  it('a fallback word that is neither on nor off is refused', async () => {
    expect((await errorOf(() => withJwt({ INTERCOM_IDENTITY_JWT_FALLBACK: 'maybe' }))).code).toBe('JWT_OPTION_INVALID');
  });

  it('mode and region in any case', () => {
    const config = resolveConfig({ ...env, INTERCOM_IDENTITY_MODE: ' USER_HASH ', INTERCOM_REGION: 'EU' });
    expect(config.mode).toBe('user_hash');
    expect(config.region).toBe('eu');
  });
});
