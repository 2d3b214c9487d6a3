import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { intercomIdentity } from '../src/index.js';
import { ALICE, APP_ID, cookiesOf, envWith, recordingLogger, SESSION_SECRET, serve } from './support.js';

declare module 'fastify' {
  interface Session {
    user?: unknown;
  }
}

const EXPIRED = 'Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax';

async function logoutApp(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySession, { secret: SESSION_SECRET, cookie: { secure: false } });
  await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
  app.get('/login', async (request, reply) => {
    request.session.user = ALICE;
    return reply.redirect('/', 303);
  });
  app.get('/logout', async (request, reply) => {
    await request.session.destroy();
    reply.header('set-cookie', 'theme=; Path=/; Max-Age=0');
    reply.setCookie('demo_session', '', { path: '/', maxAge: 0 });
    reply.expireIntercomSession();
    return reply.redirect('/', 303);
  });
}

describe('reply.expireIntercomSession()', () => {
  it("expires the Messenger's session cookies and keeps the app's own Set-Cookie headers", async () => {
    const { url } = await serve(logoutApp);
    const session = cookiesOf(await fetch(`${url}/login`, { redirect: 'manual' }));
    const response = await fetch(`${url}/logout`, {
      headers: { cookie: `${session}; intercom-session-${APP_ID}=abc; intercom-session-other1=def; intercom-device-id-x=1` },
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const lines = response.headers.getSetCookie();
    expect(lines).toContain('theme=; Path=/; Max-Age=0');
    expect(lines.some((line) => line.startsWith('demo_session=;'))).toBe(true);
    // The host is an IP address: the cookies are expired host-only.
    expect(lines).toContain(`intercom-session-${APP_ID}=; ${EXPIRED}`);
    expect(lines).toContain(`intercom-session-other1=; ${EXPIRED}`);
    expect(lines.some((line) => line.startsWith('intercom-device-id'))).toBe(false);
  });

  it("expires the app's session cookie even when the request did not send it, on each domain of the host", async () => {
    const { app } = await serve(logoutApp);
    const response = await app.inject({ url: '/logout', headers: { host: 'app.example.com:3000' } });
    const setCookie = response.headers['set-cookie'];
    const lines = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
    expect(lines).toEqual(
      expect.arrayContaining([
        `intercom-session-${APP_ID}=; ${EXPIRED}`,
        `intercom-session-${APP_ID}=; Domain=app.example.com; ${EXPIRED}`,
        `intercom-session-${APP_ID}=; Domain=example.com; ${EXPIRED}`,
        'theme=; Path=/; Max-Age=0',
      ]),
    );
  });
});
