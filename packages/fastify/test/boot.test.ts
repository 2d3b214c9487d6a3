import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { verifyUserJwt } from '@intercom-identity/core';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { intercomIdentity } from '../src/index.js';
import {
  ALICE,
  APP_ID,
  BOB,
  cookiesOf,
  envWith,
  hmacHex,
  page,
  recordingLogger,
  SECRET,
  SESSION_SECRET,
  serve,
  settingsIn,
} from './support.js';

declare module 'fastify' {
  interface FastifyRequest {
    // As @fastify/passport declares it.
    user: unknown;
  }
  interface Session {
    user?: unknown;
  }
}

/** A page route that renders the boot into the head. */
function pageRoute(app: FastifyInstance, url = '/'): void {
  app.get(url, async (_request, reply) => {
    const boot = await reply.intercomBoot();
    return reply.type('text/html').send(page(boot?.html));
  });
}

/** A stand-in for @fastify/passport's session strategy: `request.user` from the app's own login cookie. */
function passportLike(app: FastifyInstance, users: Record<string, unknown>): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const who = /(?:^|;\s*)login=(\w+)/.exec(request.headers.cookie ?? '')?.[1];
    request.user = (who === undefined ? undefined : users[who]) ?? null;
  });
}

describe('reply.intercomBoot()', () => {
  it("signs a JWT for request.user (Passport's place of the user) and puts it in the page head", async () => {
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
      pageRoute(app);
    });
    const response = await fetch(url, { headers: { cookie: 'login=alice' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html.indexOf('<script data-intercom-identity')).toBeLessThan(html.indexOf('</head>'));
    const settings = settingsIn(html);
    expect(settings).toMatchObject({ app_id: APP_ID, name: 'Alice Example' });
    expect(await verifyUserJwt(SECRET, String(settings?.intercom_user_jwt))).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
    expect(html).not.toContain(SECRET);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    // The proof endpoint finds the same user.
    const proof = await fetch(`${url}/api/intercom-identity`, { headers: { cookie: 'login=alice' } });
    expect(await proof.json()).toMatchObject({ type: 'jwt', app_id: APP_ID });
  });

  it('signs for request.session.user with real @fastify/cookie and @fastify/session, and a visitor after logout', async () => {
    const { url } = await serve(async (app) => {
      await app.register(fastifyCookie);
      await app.register(fastifySession, { secret: SESSION_SECRET, cookie: { secure: false } });
      await app.register(intercomIdentity, { env: envWith({ INTERCOM_IDENTITY_MODE: 'user_hash' }), logger: recordingLogger() });
      app.get('/login', async (request, reply) => {
        request.session.user = ALICE;
        return reply.redirect('/', 303);
      });
      app.get('/logout', async (request, reply) => {
        await request.session.destroy();
        return reply.redirect('/', 303);
      });
      pageRoute(app);
    });
    const login = await fetch(`${url}/login`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = cookiesOf(login);
    expect(cookie).toContain('sessionId=');

    const signedIn = settingsIn(await (await fetch(url, { headers: { cookie } })).text());
    expect(signedIn).toMatchObject({ user_id: 'u_1001', user_hash: hmacHex(SECRET, 'u_1001') });
    const proof = await fetch(`${url}/api/intercom-identity`, { headers: { cookie } });
    expect(await proof.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmacHex(SECRET, 'u_1001') });

    await fetch(`${url}/logout`, { headers: { cookie }, redirect: 'manual' });
    const after = settingsIn(await (await fetch(url, { headers: { cookie } })).text());
    expect(after).toMatchObject({ app_id: APP_ID });
    expect(after).not.toHaveProperty('user_hash');
    expect(after).not.toHaveProperty('user_id');
  });

  it('prefers request.user over request.session.user', async () => {
    const { url } = await serve(async (app) => {
      passportLike(app, { bob: { user_id: 'u_2002', ...BOB } });
      await app.register(fastifyCookie);
      await app.register(fastifySession, { secret: SESSION_SECRET, cookie: { secure: false } });
      await app.register(intercomIdentity, { env: envWith({ INTERCOM_IDENTITY_MODE: 'user_hash' }), logger: recordingLogger() });
      app.get('/login', async (request, reply) => {
        request.session.user = ALICE;
        return reply.redirect('/', 303);
      });
      pageRoute(app);
    });
    const cookie = `${cookiesOf(await fetch(`${url}/login`, { redirect: 'manual' }))}; login=bob`;
    expect(settingsIn(await (await fetch(url, { headers: { cookie } })).text())).toMatchObject({
      user_id: 'u_2002',
      user_hash: hmacHex(SECRET, 'u_2002'),
    });
  });

  it("boots a visitor without a proof and leaves the route's Cache-Control as it is", async () => {
    const { url } = await serve(async (app) => {
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
      app.get('/', async (_request, reply) => {
        const boot = await reply.intercomBoot();
        reply.header('cache-control', 'public, max-age=600');
        return reply.type('text/html').send(page(boot?.html));
      });
    });
    const response = await fetch(url);
    const settings = settingsIn(await response.text());
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
  });

  it('boots a visitor when getUser throws, and logs SESSION_LOOKUP_FAILED without the error or any config value', async () => {
    const logger = recordingLogger();
    const { url } = await serve(async (app) => {
      await app.register(intercomIdentity, {
        env: envWith(),
        logger,
        getUser: () => {
          throw new Error(`database down; password ${SECRET}`);
        },
      });
      pageRoute(app);
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const settings = settingsIn(await response.text());
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('database down');
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('takes page settings over the plugin settings, and boots a visitor on request for a shared page', async () => {
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger(), settings: { alignment: 'left' } });
      app.get('/help', async (_request, reply) => {
        const boot = await reply.intercomBoot({ settings: { alignment: 'right', hide_default_launcher: true } });
        return reply.type('text/html').send(page(boot?.html));
      });
      app.get('/shared', async (_request, reply) => {
        const boot = await reply.intercomBoot({ visitor: true });
        reply.header('cache-control', 'public, max-age=60');
        return reply.type('text/html').send(page(boot?.html));
      });
    });
    const help = settingsIn(await (await fetch(`${url}/help`, { headers: { cookie: 'login=alice' } })).text());
    expect(help).toMatchObject({ alignment: 'right', hide_default_launcher: true, name: 'Alice Example' });
    const shared = await fetch(`${url}/shared`, { headers: { cookie: 'login=alice' } });
    expect(settingsIn(await shared.text())).toEqual({
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      alignment: 'left',
    });
    expect(shared.headers.get('cache-control')).toBe('public, max-age=60');
  });
});

describe('the cache rule of a signed reply', () => {
  it("replaces a route's public Cache-Control set before or after the boot, removes CDN headers, and warns once per route", async () => {
    const logger = recordingLogger();
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, { env: envWith(), logger });
      app.get('/before', async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=600').header('cdn-cache-control', 'max-age=600');
        const boot = await reply.intercomBoot();
        return reply.type('text/html').send(page(boot?.html));
      });
      app.get('/after/:id', async (_request, reply) => {
        const boot = await reply.intercomBoot();
        reply.header('cache-control', 'public, s-maxage=600').header('surrogate-control', 'max-age=600');
        return reply.type('text/html').send(page(boot?.html));
      });
    });
    for (const path of ['/before', '/before', '/after/1', '/after/2']) {
      const response = await fetch(`${url}${path}`, { headers: { cookie: 'login=alice' } });
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(response.headers.get('cdn-cache-control')).toBeNull();
      expect(response.headers.get('surrogate-control')).toBeNull();
    }
    const warnings = logger.lines.filter((line) => line.startsWith('warn') && line.includes('Cache-Control'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('/before');
    expect(warnings[1]).toContain('/after/:id');
  });

  it('holds for what a route set before the boot even in a plugin registered before intercomIdentity', async () => {
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(async (early) => {
        early.get('/early', async (_request, reply) => {
          reply.header('cache-control', 'public, max-age=600');
          const boot = await reply.intercomBoot();
          return reply.type('text/html').send(page(boot?.html));
        });
      });
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
    });
    const response = await fetch(`${url}/early`, { headers: { cookie: 'login=alice' } });
    expect(settingsIn(await response.text())).toHaveProperty('intercom_user_jwt');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it("keeps an app's own private, no-store without a warning", async () => {
    const logger = recordingLogger();
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, { env: envWith(), logger });
      app.get('/', async (_request, reply) => {
        reply.header('cache-control', 'no-store, private, max-age=0');
        const boot = await reply.intercomBoot();
        return reply.type('text/html').send(page(boot?.html));
      });
    });
    const response = await fetch(url, { headers: { cookie: 'login=alice' } });
    expect(response.headers.get('cache-control')).toBe('no-store, private, max-age=0');
    expect(logger.lines.filter((line) => line.startsWith('warn'))).toEqual([]);
  });
});

describe('the CSP nonce', () => {
  it('puts the nonce of the nonce option on the boot script', async () => {
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, {
        env: envWith(),
        logger: recordingLogger(),
        nonce: (request) => `n0nce${request.id.replace(/\W/g, '')}`,
      });
      app.get('/', async (request, reply) => {
        const boot = await reply.intercomBoot();
        reply.header('content-security-policy', `script-src 'nonce-n0nce${request.id.replace(/\W/g, '')}'`);
        return reply.type('text/html').send(page(boot?.html));
      });
    });
    const response = await fetch(url, { headers: { cookie: 'login=alice' } });
    const policyNonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(policyNonce).toMatch(/^n0nce/);
    expect(await response.text()).toContain(`<script data-intercom-identity="" nonce="${policyNonce}">`);
  });

  it("takes @fastify/helmet's reply.cspNonce.script by default", async () => {
    const { url } = await serve(async (app) => {
      // What @fastify/helmet does with enableCSPNonces: a nonce per reply, in reply.cspNonce.
      app.decorateReply('cspNonce', null);
      app.addHook('onRequest', async (_request, reply) => {
        (reply as unknown as { cspNonce: { script: string; style: string } }).cspNonce = {
          script: 'scr1ptN0nce',
          style: 'styl3',
        };
      });
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
      pageRoute(app);
    });
    expect(await (await fetch(url)).text()).toContain('<script data-intercom-identity="" nonce="scr1ptN0nce">');
  });
});

describe('a broken setup', () => {
  it('gives no boot, so the page renders without the Messenger, and logs the reason once without config values', async () => {
    const logger = recordingLogger();
    const { url } = await serve(async (app) => {
      passportLike(app, { alice: ALICE });
      await app.register(intercomIdentity, { env: envWith({ INTERCOM_APP_ID: undefined }), logger });
      app.get('/', async (_request, reply) => {
        const boot = await reply.intercomBoot();
        return reply.type('text/html').send(page(boot === null ? '<!-- no messenger -->' : boot.html));
      });
    });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(url, { headers: { cookie: 'login=alice' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<!-- no messenger -->');
      expect(html).not.toContain('intercomSettings');
    }
    const errors = logger.lines.filter((line) => line.startsWith('error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('APP_ID_MISSING');
    expect(errors[0]).not.toContain(SECRET);
  });
});
