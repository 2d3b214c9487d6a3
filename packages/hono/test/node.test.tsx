/** @jsxImportSource hono/jsx */
import { get as httpGet, type IncomingMessage } from 'node:http';
import { verifyUserJwt } from '@intercom-identity/core';
import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { raw } from 'hono/html';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  expireIntercomSession,
  type IntercomIdentityOptions,
  type IntercomProofEndpointOptions,
  type IntercomVariables,
  intercomIdentity,
  intercomProofEndpoint,
  isIntercomIdentityError,
  type RenderedBoot,
} from '../src/index.js';
import {
  ALICE,
  ANDROID_SECRET,
  APP_ID,
  BOB,
  bootSettings,
  ENV,
  headOf,
  hmac,
  recordingLogger,
  SECRET,
  type Served,
  serveApp,
  WIDGET_URL,
} from './support.js';

interface User {
  id?: string;
  email: string;
  name: string;
  created_at?: number;
}
type AppEnv = { Variables: IntercomVariables & { user: User | null } };
const USERS: Record<string, User> = { alice: ALICE, bob: BOB };
const USER_HASH = { INTERCOM_IDENTITY_MODE: 'user_hash' };

function Page(props: { title: string; boot: RenderedBoot | null }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{props.title}</title>
        {raw(props.boot?.html ?? '')}
      </head>
      <body>
        <h1>{props.title}</h1>
      </body>
    </html>
  );
}

interface Setup {
  env?: Record<string, string>;
  page?: IntercomIdentityOptions<AppEnv>;
  endpoint?: IntercomProofEndpointOptions<AppEnv>;
}

const servers: Served[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const server of servers.splice(0)) await server.close();
});

/**
 * A small Hono app as a user writes one: a session middleware that sets
 * c.set('user'), then this package's middleware for every page, the proof
 * endpoint (after the middleware, which must leave its answer alone), pages
 * rendered with hono/jsx, and a logout route. Served on a free port.
 */
async function serveDemo(setup: Setup = {}) {
  const { lines, logger } = recordingLogger();
  const looked = { users: 0 };
  const env = () => ({ ...ENV, ...setup.env });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('user', USERS[getCookie(c, 'session') ?? ''] ?? null);
    await next();
  });
  app.use(intercomIdentity<AppEnv>({ env, logger, ...setup.page }));
  app.all(
    '/api/intercom-identity',
    intercomProofEndpoint<AppEnv>({
      env,
      logger,
      getUser: (c) => {
        looked.users++;
        return c.get('user');
      },
      ...setup.endpoint,
    }),
  );
  app.get('/', (c) => c.html(<Page title="Home" boot={c.var.intercom} />));
  app.get('/posts/:id', (c) => {
    // A route that asks shared caches and CDNs to keep it.
    c.header('cache-control', 'public, max-age=600');
    c.header('cdn-cache-control', 'max-age=600');
    c.header('surrogate-control', 'max-age=600');
    return c.html(<Page title={`Post ${c.req.param('id')}`} boot={c.var.intercom} />);
  });
  app.post('/form', (c) => c.json({ intercom: c.var.intercom }));
  app.get('/logout', (c) => {
    deleteCookie(c, 'session', { path: '/' });
    expireIntercomSession(c, { env });
    return c.redirect('/', 303);
  });
  const served = await serveApp(app);
  servers.push(served);
  const get = (path: string, who?: 'alice' | 'bob', init: RequestInit = {}) =>
    fetch(`${served.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { ...(who === undefined ? {} : { cookie: `session=${who}` }), ...(init.headers as Record<string, string>) },
    });
  return { url: served.url, get, lines, looked };
}

describe('intercomIdentity on @hono/node-server', () => {
  it("signs the boot for the user of c.get('user'); the page prints it in its head with raw()", async () => {
    const demo = await serveDemo({ env: USER_HASH });
    const response = await demo.get('/', 'alice');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(bootSettings(headOf(html))).toEqual({
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      user_id: 'u_1001',
      email: 'alice@example.com',
      name: 'Alice Example',
      created_at: 1700000000,
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(html).not.toContain(SECRET);
    expect(demo.lines).toEqual([]);
  });

  it('Bob, who has no id, is signed by his email (user_hash mode)', async () => {
    const demo = await serveDemo({ env: USER_HASH });
    const settings = bootSettings(await (await demo.get('/', 'bob')).text());
    expect(settings).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
    expect(settings).not.toHaveProperty('user_id');
  });

  it('signs a JWT in the default mode, and leaves the signed email out of the plain settings', async () => {
    const demo = await serveDemo();
    const settings = bootSettings(await (await demo.get('/', 'alice')).text()) ?? {};
    expect(settings).not.toHaveProperty('user_id');
    expect(settings).not.toHaveProperty('email');
    expect(await verifyUserJwt(SECRET, settings.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
  });

  it('a visitor boots without a proof, and the page keeps its own caching', async () => {
    const demo = await serveDemo();
    const response = await demo.get('/posts/7');
    const settings = bootSettings(await response.text());
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
    expect(response.headers.get('cdn-cache-control')).toBe('max-age=600');
  });

  it('a getUser that throws boots a visitor and logs SESSION_LOOKUP_FAILED, without the error message', async () => {
    const demo = await serveDemo({
      page: {
        getUser: () => {
          throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db');
        },
      },
    });
    const response = await demo.get('/', 'alice');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(bootSettings(html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(demo.lines).toHaveLength(1);
    expect(demo.lines[0]).toMatch(/^error \[intercom-identity\] SESSION_LOOKUP_FAILED: /);
    expect(demo.lines.join('\n')).not.toContain('hunter2');
    expect(html).not.toContain('hunter2');
  });

  it("a signed page is private, no-store over the route's Cache-Control: public, without CDN headers; said once per route", async () => {
    const demo = await serveDemo();
    for (const id of ['7', '8']) {
      const response = await demo.get(`/posts/${id}`, 'alice');
      await response.arrayBuffer();
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('cdn-cache-control')).toBeNull();
      expect(response.headers.get('surrogate-control')).toBeNull();
    }
    // One line per route pattern, not per URL.
    expect(demo.lines.filter((line) => line.includes('"public, max-age=600"'))).toEqual([
      'warn [intercom-identity] /posts/:id sent Cache-Control "public, max-age=600", but it carries a signed-in user\'s proof; it was sent as "private, no-store".',
    ]);
    expect(demo.lines.filter((line) => line.includes('CDN cache headers'))).toHaveLength(1);
  });

  it('the cache rule also holds for a response whose headers are immutable (a fetched one)', async () => {
    const { logger } = recordingLogger();
    const upstream = await serveApp(
      new Hono().get('/', (c) => c.html('<p>shared</p>', 200, { 'cache-control': 'public, max-age=60' })),
    );
    servers.push(upstream);
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('user', ALICE);
      await next();
    });
    app.use(intercomIdentity({ env: () => ENV, logger }));
    app.get('/proxied', () => fetch(`${upstream.url}/`));
    const served = await serveApp(app);
    servers.push(served);
    const response = await fetch(`${served.url}/proxied`);
    expect(await response.text()).toBe('<p>shared</p>');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it("carries the nonce of Hono's secureHeaders() CSP, a new one per response", async () => {
    const app = new Hono<AppEnv>();
    app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE, "'strict-dynamic'"] } }));
    app.use(intercomIdentity({ env: () => ENV, logger: recordingLogger().logger }));
    app.get('/', (c) => c.html(<Page title="Home" boot={c.var.intercom} />));
    const served = await serveApp(app);
    servers.push(served);
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${served.url}/`);
      const fromPolicy = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
      const onScript = /<script data-intercom-identity="" nonce="([^"]+)">/.exec(await response.text())?.[1];
      expect(fromPolicy).toBeTruthy();
      expect(onScript).toBe(fromPolicy);
      nonces.push(onScript as string);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('signs nothing for other methods than GET and HEAD: c.var.intercom is null, getUser is not asked', async () => {
    let asked = 0;
    const demo = await serveDemo({
      page: {
        getUser: () => {
          asked++;
          return ALICE;
        },
      },
    });
    const response = await demo.get('/form', 'alice', { method: 'POST' });
    expect(await response.json()).toEqual({ intercom: null });
    expect(asked).toBe(0);
    const head = await demo.get('/', 'alice', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('private, no-store');
    expect(asked).toBe(1);
  });

  it('reads process.env on Node per request when no env is given: a new app id takes effect without a restart', async () => {
    vi.stubEnv('INTERCOM_APP_ID', 'firstapp');
    vi.stubEnv('INTERCOM_IDENTITY_SECRET', SECRET);
    vi.stubEnv('INTERCOM_WIDGET_URL', WIDGET_URL);
    // The Variables of the middleware type c.get('intercom') in the routes of the chain.
    const app = new Hono().use(intercomIdentity({ logger: recordingLogger().logger }));
    app.get('/', (c) => {
      const boot: RenderedBoot | null = c.get('intercom');
      return c.html(<Page title="Home" boot={boot} />);
    });
    // @ts-expect-error the boot is null when the setup is broken: a page must allow for it
    const _unchecked = (c: { var: IntercomVariables }): string => c.var.intercom.html;
    const served = await serveApp(app);
    servers.push(served);
    expect(bootSettings(await (await fetch(`${served.url}/`)).text())?.app_id).toBe('firstapp');
    vi.stubEnv('INTERCOM_APP_ID', 'secondapp');
    expect(bootSettings(await (await fetch(`${served.url}/`)).text())?.app_id).toBe('secondapp');
  });

  it('reads the bindings of each request, also while other requests are in flight', async () => {
    // Bindings as Workers pass them to app.fetch(request, env): each request has its own.
    vi.stubEnv('INTERCOM_APP_ID', 'fromprocess');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = new Hono<{ Bindings: Record<string, string>; Variables: IntercomVariables }>();
    app.use(
      intercomIdentity({
        logger: recordingLogger().logger,
        // The first request waits in getUser until the second one has read its env.
        getUser: async (c) => {
          if (c.env.INTERCOM_APP_ID === 'firstapp') await gate;
          return ALICE;
        },
      }),
    );
    app.get('/', (c) => c.json(c.var.intercom?.settings ?? null));
    const bindings = (appId: string) => ({ ...ENV, INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_MODE: 'user_hash' });
    const first = app.fetch(new Request('http://hono.test/'), bindings('firstapp'));
    const second = await app.fetch(new Request('http://hono.test/'), bindings('secondapp'));
    release();
    expect(await second.json()).toMatchObject({ app_id: 'secondapp', user_hash: hmac(SECRET, 'u_1001') });
    expect(await (await first).json()).toMatchObject({ app_id: 'firstapp', user_hash: hmac(SECRET, 'u_1001') });
    const unbound = await app.fetch(new Request('http://hono.test/'));
    expect(await unbound.json()).toMatchObject({ app_id: 'fromprocess' });
  });

  it('a broken setup (no app id) renders the page without the Messenger and says why once', async () => {
    const demo = await serveDemo({ env: { INTERCOM_APP_ID: '' } });
    for (let i = 0; i < 2; i++) {
      const response = await demo.get('/', 'alice');
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain('<h1>Home</h1>');
      expect(html).not.toContain('data-intercom-identity');
      expect(response.headers.get('cache-control')).toBeNull();
    }
    expect(demo.lines).toHaveLength(1);
    expect(demo.lines[0]).toMatch(/^error \[intercom-identity\] APP_ID_MISSING: /);
    expect(demo.lines[0]).not.toContain(SECRET);
  });
});

describe('intercomProofEndpoint on @hono/node-server', () => {
  const WORKSPACE = {
    app_id: APP_ID,
    api_base: 'https://api-iam.intercom.io',
    widget_url: WIDGET_URL.replace('{app_id}', APP_ID),
  };

  it('gives Alice her fresh JWT with the workspace, never cacheable; the page middleware leaves the answer alone', async () => {
    const demo = await serveDemo();
    const response = await demo.get('/api/intercom-identity?platform=web', 'alice');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ...WORKSPACE, type: 'jwt', platform: 'web' });
    expect(await verifyUserJwt(SECRET, body.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001' },
    });
    expect(demo.lines).toEqual([]);
  });

  it('401 without a session, with the workspace so that the page boots a visitor', async () => {
    const demo = await serveDemo();
    const response = await demo.get('/api/intercom-identity?platform=web');
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'NO_SESSION', message: expect.any(String) },
      ...WORKSPACE,
    });
  });

  it('signs only the user of the session: identifiers in the query and the body are ignored', async () => {
    const demo = await serveDemo({ env: USER_HASH });
    const query = await demo.get('/api/intercom-identity?platform=android&user_id=u_2002&email=mallory%40example.com', 'alice');
    expect(await query.json()).toMatchObject({
      platform: 'android',
      user_id: 'u_1001',
      user_hash: hmac(ANDROID_SECRET, 'u_1001'),
    });
    const post = await demo.get('/api/intercom-identity?platform=android', 'alice', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'u_2002' }),
    });
    expect(await post.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmac(ANDROID_SECRET, 'u_1001') });
  });

  it('answers HEAD as GET without a body, and 405 to other methods', async () => {
    const demo = await serveDemo();
    for (const [who, status] of [
      ['alice', 200],
      [undefined, 401],
    ] as const) {
      const head = await demo.get('/api/intercom-identity', who, { method: 'HEAD' });
      expect(head.status).toBe(status);
      expect(head.headers.get('content-type')).toContain('application/json');
      expect(await head.text()).toBe('');
    }
    const put = await demo.get('/api/intercom-identity', 'alice', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await put.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  describe('CORS, with INTERCOM_IDENTITY_ALLOWED_ORIGINS', () => {
    const ALLOWED = { INTERCOM_IDENTITY_ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com' };

    it('an allowed origin reads the proof with credentials, and names itself back (never *)', async () => {
      const demo = await serveDemo({ env: ALLOWED });
      const response = await demo.get('/api/intercom-identity', 'alice', {
        headers: { origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('vary')).toContain('Origin');
    });

    it("answers an allowed origin's preflight (OPTIONS) with 204, without asking for the session", async () => {
      const demo = await serveDemo({ env: ALLOWED });
      const response = await demo.get('/api/intercom-identity', undefined, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://admin.example.com',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'accept',
          'sec-fetch-site': 'cross-site',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toContain('GET');
      expect(demo.looked.users).toBe(0);
    });

    it('refuses a cross-site browser call from an origin not on the list with 403, before getUser runs', async () => {
      const demo = await serveDemo({ env: ALLOWED });
      const response = await demo.get('/api/intercom-identity', 'alice', {
        headers: { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' },
      });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
      expect(demo.looked.users).toBe(0);
    });
  });

  it('a broken setup (no app id): 500 with a code and a generic sentence, no config value', async () => {
    const demo = await serveDemo({ env: { INTERCOM_APP_ID: '', INTERCOM_IDENTITY_ALLOWED_ORIGINS: 'https://app.example.com' } });
    const response = await demo.get('/api/intercom-identity', 'alice');
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'APP_ID_MISSING', message: expect.any(String) } });
    for (const value of [SECRET, ANDROID_SECRET, WIDGET_URL, 'app.example.com', 'INTERCOM_']) expect(text).not.toContain(value);
  });
});

describe('expireIntercomSession on @hono/node-server', () => {
  it("appends the expiring Set-Cookie of the Messenger's session cookies beside the app's own, on each domain of the host", async () => {
    const demo = await serveDemo();
    // A Host header as a reverse proxy passes it (fetch() cannot set one).
    const { statusCode, headers } = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = {
        host: '127.0.0.1',
        port: new URL(demo.url).port,
        path: '/logout',
        headers: { host: 'app.example.com', cookie: 'session=alice; intercom-session-oldapp99=abc; theme=dark' },
      };
      httpGet(request, (response) => resolve(response.resume())).on('error', reject);
    });
    expect(statusCode).toBe(303);
    expect(headers.location).toBe('/');
    const lines = headers['set-cookie'] ?? [];
    expect(lines.some((line) => line.startsWith('session=;'))).toBe(true);
    const expired = lines.filter((line) => line.startsWith('intercom-session-'));
    const EXPIRED = 'Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax';
    expect(expired).toEqual([
      `intercom-session-oldapp99=; ${EXPIRED}`,
      `intercom-session-oldapp99=; Domain=app.example.com; ${EXPIRED}`,
      `intercom-session-oldapp99=; Domain=example.com; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; Domain=app.example.com; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; Domain=example.com; ${EXPIRED}`,
    ]);
    expect(lines.some((line) => line.startsWith('theme='))).toBe(false);
  });

  it('works with the default env and no options, and with an app id given', async () => {
    vi.stubEnv('INTERCOM_APP_ID', 'envapp01');
    const app = new Hono();
    app.get('/a', (c) => {
      expireIntercomSession(c);
      return c.body(null, 204);
    });
    app.get('/b', (c) => {
      expireIntercomSession(c, { appId: 'givenapp' });
      return c.body(null, 204);
    });
    const served = await serveApp(app);
    servers.push(served);
    const names = async (path: string) =>
      (await fetch(`${served.url}${path}`)).headers.getSetCookie().map((line) => line.split('=')[0]);
    expect(await names('/a')).toEqual(['intercom-session-envapp01']);
    expect(await names('/b')).toEqual(['intercom-session-givenapp']);
  });
});

describe('options', () => {
  it.each([
    ['intercomIdentity', () => intercomIdentity('yes' as never)],
    ['intercomIdentity', () => intercomIdentity({ getUser: 'user' as never })],
    ['intercomIdentity', () => intercomIdentity({ nonce: 'abc' as never })],
    ['intercomProofEndpoint', () => intercomProofEndpoint({ env: process.env as never })],
    [
      'expireIntercomSession',
      () => expireIntercomSession({ req: { header: () => undefined, url: 'http://a.test/' } } as never, [] as never),
    ],
  ])('%s refuses options it cannot use with HANDLER_OPTIONS_INVALID, naming no value', (name, make) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(isIntercomIdentityError(thrown) && thrown.code).toBe('HANDLER_OPTIONS_INVALID');
    expect((thrown as Error).message).toContain(name);
  });
});
