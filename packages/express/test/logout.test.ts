import session from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { expireIntercomSession, intercomIdentity } from '../src/index.js';
import { ALICE, APP_ID, closeAll, cookieOf, ENV, expectVisitor, listen, settingsIn, VERSIONS } from './support.js';

afterEach(closeAll);

describe.each(VERSIONS)('expireIntercomSession() on $version', ({ express }) => {
  async function appWithLogout() {
    const app = express();
    app.set('trust proxy', true);
    app.use(session({ name: 'app_session', secret: 'session-key-of-the-tests', resave: false, saveUninitialized: false }));
    app.get('/login', (req, res) => {
      (req.session as unknown as { user: object }).user = ALICE;
      res.redirect(303, '/');
    });
    app.get('/logout', (req, res, next) => {
      req.session.destroy((error) => {
        if (error) return next(error);
        res.clearCookie('app_session');
        expireIntercomSession(req, res, { env: () => ENV });
        res.redirect(303, '/');
      });
    });
    app.use(intercomIdentity({ env: () => ENV, mode: 'user_hash' }));
    app.get('/', (_req, res) => {
      res.send(`<head>${res.locals.intercom?.html ?? ''}</head>`);
    });
    return listen(app);
  }

  it("expires the Messenger's session cookie host-only and on each domain of the host, beside the app's own logout", async () => {
    const { url } = await appWithLogout();
    const cookie = cookieOf(await fetch(`${url}/login`, { redirect: 'manual' }));
    expect(settingsIn(await (await fetch(`${url}/`, { headers: { cookie } })).text())?.user_id).toBe('u_1001');
    const response = await fetch(`${url}/logout`, {
      redirect: 'manual',
      headers: {
        cookie: `${cookie}; intercom-session-${APP_ID}=alices; intercom-session-oldapp99=older`,
        'x-forwarded-host': 'app.example.com',
      },
    });
    expect(response.status).toBe(303);
    const lines = response.headers.getSetCookie();
    expect(lines.some((line) => line.startsWith('app_session=;'))).toBe(true);
    const expired = lines.filter((line) => line.startsWith('intercom-session-'));
    for (const name of [`intercom-session-${APP_ID}`, 'intercom-session-oldapp99']) {
      const own = expired.filter((line) => line.startsWith(`${name}=;`));
      expect(
        own.some((line) => !/Domain=/i.test(line)),
        `${name} host-only`,
      ).toBe(true);
      expect(own.some((line) => /Domain=app\.example\.com/i.test(line))).toBe(true);
      expect(own.some((line) => /Domain=example\.com/i.test(line))).toBe(true);
      for (const line of own) {
        expect(line).toMatch(/Max-Age=0/);
        expect(line).toMatch(/Path=\//);
        expect(line).not.toMatch(/HttpOnly/i);
      }
    }
    // The app's session ended too: the same cookie is a visitor now.
    expectVisitor(settingsIn(await (await fetch(`${url}/`, { headers: { cookie } })).text()));
  });

  it('marks the expired cookies Secure on HTTPS (as the proxy says), and takes an app id of its own', async () => {
    const app = express();
    app.set('trust proxy', true);
    app.get('/logout', (req, res) => {
      expireIntercomSession(req, res, { appId: 'otherapp7' });
      res.status(204).end();
    });
    const { url } = await listen(app);
    const lines = (await fetch(`${url}/logout`, { headers: { 'x-forwarded-proto': 'https' } })).headers.getSetCookie();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.startsWith('intercom-session-otherapp7=;')).toBe(true);
      expect(line).toMatch(/; Secure$/);
    }
  });
});
