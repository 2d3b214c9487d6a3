import { verifyUserJwt } from '@intercom-identity/core';
import type { RequestHandler } from 'express';
import session from 'express-session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { intercomIdentity } from '../src/index.js';
import {
  ALICE,
  APP_ID,
  closeAll,
  cookieOf,
  ENV,
  expectVisitor,
  hmac,
  listen,
  page,
  recordingLogger,
  SECRET,
  settingsIn,
  VERSIONS,
} from './support.js';

afterEach(closeAll);

// What Passport leaves on the request once its session strategy has deserialized the user.
const passportUser =
  (user: object | undefined): RequestHandler =>
  (req, _res, next) => {
    (req as { user?: object }).user = user;
    next();
  };

describe.each(VERSIONS)('intercomIdentity() on $version', ({ express }) => {
  /** An app whose `/` renders the boot of res.locals.intercom, behind `before` and the middleware. */
  async function appWith(options: Parameters<typeof intercomIdentity>[0], ...before: RequestHandler[]) {
    const app = express();
    app.use(...before, intercomIdentity({ env: () => ENV, ...options }));
    app.get('/', (_req, res) => {
      res.send(page(res.locals.intercom));
    });
    return listen(app);
  }

  it("signs the boot for Passport's req.user (user_hash mode), and the page is private", async () => {
    const { lines, logger } = recordingLogger();
    const { url } = await appWith({ mode: 'user_hash', logger }, passportUser(ALICE));
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const settings = settingsIn(await response.text());
    expect(settings).toMatchObject({ app_id: APP_ID, user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' });
    expect(settings?.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expect(lines).toEqual([]);
  });

  it("signs a JWT (the default mode) for express-session's req.session.user, with a real session cookie", async () => {
    const app = express();
    app.use(session({ secret: 'session-key-of-the-tests', resave: false, saveUninitialized: false }));
    app.get('/login', (req, res) => {
      (req.session as unknown as { user: object }).user = ALICE;
      res.redirect(303, '/');
    });
    app.use(intercomIdentity({ env: () => ENV }));
    app.get('/', (_req, res) => {
      res.send(page(res.locals.intercom));
    });
    const { url } = await listen(app);
    const login = await fetch(`${url}/login`, { redirect: 'manual' });
    const cookie = cookieOf(login);
    expect(cookie).toContain('connect.sid=');
    const signedIn = settingsIn(await (await fetch(`${url}/`, { headers: { cookie } })).text());
    expect(signedIn?.user_hash).toBeUndefined();
    expect(await verifyUserJwt(SECRET, signedIn?.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
    // Without the cookie: the same route, a visitor.
    const visitor = settingsIn(await (await fetch(`${url}/`)).text());
    expectVisitor(visitor);
  });

  it('boots a visitor without a user, and leaves the caching of a visitor page alone', async () => {
    const app = express();
    app.use(intercomIdentity({ env: () => ENV }));
    app.get('/', (_req, res) => {
      res.set('Cache-Control', 'public, max-age=60');
      res.send(page(res.locals.intercom));
    });
    const { url } = await listen(app);
    const response = await fetch(`${url}/`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expectVisitor(settingsIn(await response.text()));
  });

  it('boots a visitor when getUser throws, and logs SESSION_LOOKUP_FAILED without the error message', async () => {
    const { lines, logger } = recordingLogger();
    const { url } = await appWith({
      logger,
      getUser: () => {
        throw new Error('database password hunter2 rejected');
      },
    });
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expectVisitor(settingsIn(html));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SESSION_LOOKUP_FAILED');
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(html).not.toContain('hunter2');
  });

  it('takes an async getUser of the request', async () => {
    const { url } = await appWith({ mode: 'user_hash', getUser: async (req) => (req.query.as === 'alice' ? ALICE : null) });
    expect(settingsIn(await (await fetch(`${url}/?as=alice`)).text())?.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expectVisitor(settingsIn(await (await fetch(`${url}/`)).text()));
  });

  it("makes a signed page private even when the route set public caching, and removes the CDN's headers, warning once per route", async () => {
    const { lines, logger } = recordingLogger();
    const app = express();
    app.use(passportUser(ALICE), intercomIdentity({ env: () => ENV, mode: 'user_hash', logger }));
    app.get('/cached', (_req, res) => {
      res.set({ 'Cache-Control': 'public, max-age=600', 'CDN-Cache-Control': 'max-age=600', 'Surrogate-Control': 'max-age=600' });
      res.send(page(res.locals.intercom));
    });
    // Headers handed to writeHead itself, past Express's res.set.
    app.get('/raw', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'public, max-age=600' });
      res.end(page(res.locals.intercom));
    });
    const { url } = await listen(app);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${url}/cached`);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('cdn-cache-control')).toBeNull();
      expect(response.headers.get('surrogate-control')).toBeNull();
      expect(settingsIn(await response.text())?.user_id).toBe('u_1001');
    }
    const raw = await fetch(`${url}/raw`);
    expect(raw.headers.get('cache-control')).toBe('private, no-store');
    expect(raw.headers.get('content-type')).toBe('text/html');
    expect(settingsIn(await raw.text())?.user_id).toBe('u_1001');
    const warnings = lines.filter((line) => line.startsWith('warn'));
    expect(warnings.filter((line) => line.includes('/cached') && line.includes('public, max-age=600'))).toHaveLength(1);
    expect(warnings.filter((line) => line.includes('/cached') && line.includes('cdn-cache-control'))).toHaveLength(1);
    expect(warnings.filter((line) => line.includes('/raw'))).toHaveLength(1);
  });

  it('makes no proof for what is mounted before it (express.static), which keeps its own caching', async () => {
    const getUser = vi.fn(() => ALICE);
    const app = express();
    app.get('/app.css', (_req, res) => {
      res.set('Cache-Control', 'public, max-age=31536000, immutable').type('css').send('body{}');
    });
    app.use(intercomIdentity({ env: () => ENV, getUser }));
    app.get('/', (_req, res) => {
      res.send(page(res.locals.intercom));
    });
    const { url } = await listen(app);
    const response = await fetch(`${url}/app.css`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('body{}');
    expect(getUser).not.toHaveBeenCalled();
    expect((await fetch(`${url}/`)).headers.get('cache-control')).toBe('private, no-store');
    expect(getUser).toHaveBeenCalledTimes(1);
  });

  it('puts the CSP nonce of res.locals.cspNonce (set by an earlier middleware) on the boot script', async () => {
    const helmetStyle: RequestHandler = (_req, res, next) => {
      res.locals.cspNonce = 'bm9uY2Utb2YtdGhlLXRlc3Q=';
      next();
    };
    const { url } = await appWith({}, helmetStyle);
    const html = await (await fetch(`${url}/`)).text();
    expect(html).toContain('<script data-intercom-identity="" nonce="bm9uY2Utb2YtdGhlLXRlc3Q=">');
  });

  it('takes the nonce option over res.locals.cspNonce; a bad nonce is logged and left out', async () => {
    const { url } = await appWith({ nonce: (req) => (req.query.n as string | undefined) ?? 'b3B0aW9u' });
    expect(await (await fetch(`${url}/`)).text()).toContain('nonce="b3B0aW9u"');
    const { lines, logger } = recordingLogger();
    const bad = await appWith({ logger, nonce: () => '" onload="alert(1)' });
    const html = await (await fetch(`${bad.url}/`)).text();
    expect(html).toContain('<script data-intercom-identity="">');
    expect(html).not.toContain('alert(1)');
    expect(lines.join('\n')).toContain('NONCE_INVALID');
    expect(lines.join('\n')).not.toContain('alert(1)');
    const throwing = recordingLogger();
    const broken = await appWith({
      logger: throwing.logger,
      nonce: () => {
        throw new Error('no nonce here');
      },
    });
    const response = await fetch(`${broken.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<script data-intercom-identity="">');
    expect(throwing.lines.join('\n')).toContain('NONCE_INVALID');
  });

  it('gives HEAD requests the boot too, and leaves other methods alone (getUser is not called)', async () => {
    const getUser = vi.fn(() => ALICE);
    const app = express();
    app.use(intercomIdentity({ env: () => ENV, getUser }));
    app.all('/form', (req, res) => {
      res.json({ method: req.method, boot: res.locals.intercom === undefined ? 'none' : 'set' });
    });
    app.get('/', (_req, res) => {
      res.send(page(res.locals.intercom));
    });
    const { url } = await listen(app);
    expect(await (await fetch(`${url}/form`, { method: 'POST' })).json()).toEqual({ method: 'POST', boot: 'none' });
    expect(getUser).not.toHaveBeenCalled();
    const head = await fetch(`${url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('cache-control')).toBe('private, no-store');
    expect(getUser).toHaveBeenCalledTimes(1);
  });

  it('renders the page without the Messenger when the setup is broken (no app id), logged once without config values', async () => {
    const { lines, logger } = recordingLogger();
    const app = express();
    app.use(passportUser(ALICE), intercomIdentity({ logger, env: () => ({ INTERCOM_IDENTITY_SECRET: SECRET }) }));
    app.get('/', (_req, res) => {
      res.send(page(res.locals.intercom, `<p>${res.locals.intercom === null ? 'no messenger' : 'messenger'}</p>`));
    });
    const { url } = await listen(app);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${url}/`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<p>no messenger</p>');
      expect(html).not.toContain('data-intercom-identity');
      expect(html).not.toContain(SECRET);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('APP_ID_MISSING');
    expect(lines[0]).not.toContain(SECRET);
  });

  it('reads process.env by default, per request', async () => {
    vi.stubEnv('INTERCOM_APP_ID', 'envapp42');
    vi.stubEnv('INTERCOM_IDENTITY_SECRET', SECRET);
    vi.stubEnv('INTERCOM_IDENTITY_MODE', 'user_hash');
    try {
      const app = express();
      app.use(passportUser(ALICE), intercomIdentity());
      app.get('/', (_req, res) => {
        res.send(page(res.locals.intercom));
      });
      const { url } = await listen(app);
      expect(settingsIn(await (await fetch(`${url}/`)).text())).toMatchObject({
        app_id: 'envapp42',
        user_hash: hmac(SECRET, 'u_1001'),
      });
      vi.stubEnv('INTERCOM_APP_ID', 'envapp43');
      expect(settingsIn(await (await fetch(`${url}/`)).text())).toMatchObject({ app_id: 'envapp43' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('intercomIdentity() options', () => {
  it.each([
    ['a string', 'getUser'],
    ['null', null],
    ['a list', []],
    ['a getUser that is not a function', { getUser: 'req.user' }],
    ['an env that is not a function', { env: { INTERCOM_APP_ID: APP_ID } }],
    ['a nonce that is not a function', { nonce: 'abc' }],
  ])('refuses %s with HANDLER_OPTIONS_INVALID', (_what, options) => {
    expect(() => intercomIdentity(options as never)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
  });
});
