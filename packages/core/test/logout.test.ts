import { describe, expect, it } from 'vitest';
import { createIntercomAdapter, messengerLogoutCookieList, messengerLogoutCookies } from '../src/index.js';
import { APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const EXPIRED = 'Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax';

describe('messengerLogoutCookies', () => {
  it('expires the app’s session cookie host-only and on each domain of the host, with the Messenger’s path', () => {
    expect(messengerLogoutCookies({ appId: 'abc12345', host: 'app.shop.example.com:8443' })).toEqual([
      `intercom-session-abc12345=; ${EXPIRED}`,
      `intercom-session-abc12345=; Domain=app.shop.example.com; ${EXPIRED}`,
      `intercom-session-abc12345=; Domain=shop.example.com; ${EXPIRED}`,
      `intercom-session-abc12345=; Domain=example.com; ${EXPIRED}`,
    ]);
  });

  it('also expires every other intercom-session cookie the request sent, and nothing else', () => {
    const names = messengerLogoutCookieList({
      appId: 'abc12345',
      cookie: 'demo_session=x; intercom-session-other99=y; intercom-id-abc12345=z; intercom-session-abc12345=w',
      host: 'localhost:3000',
    }).map((cookie) => `${cookie.name}@${cookie.domain ?? ''}`);
    // A single-label host (localhost) takes no Domain: host-only lines only.
    expect(names).toEqual(['intercom-session-other99@', 'intercom-session-abc12345@']);
  });

  it('gives no Domain for an IP address host, and host-only lines still expire the cookie', () => {
    expect(messengerLogoutCookies({ appId: APP_ID, host: '127.0.0.1:4321' })).toEqual([
      `intercom-session-${APP_ID}=; ${EXPIRED}`,
    ]);
    expect(messengerLogoutCookies({ appId: APP_ID, host: '[::1]:4321' })).toEqual([`intercom-session-${APP_ID}=; ${EXPIRED}`]);
  });

  it('never writes a header from a hostile host or cookie name', () => {
    const lines = messengerLogoutCookies({
      appId: 'abc12345',
      cookie: 'intercom-session-a;b=1; intercom-session-x\r\nSet-Cookie: evil=1=2',
      host: 'evil.com;\r\nx: y',
    });
    expect(lines).toEqual([`intercom-session-abc12345=; ${EXPIRED}`]);
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('takes an extra cookie domain, and refuses one that is not a host name', async () => {
    expect(messengerLogoutCookies({ appId: 'abc12345', domain: '.example.org' })).toContain(
      `intercom-session-abc12345=; Domain=example.org; ${EXPIRED}`,
    );
    expect((await errorOf(() => messengerLogoutCookies({ appId: 'abc12345', domain: 'https://example.org/' }))).code).toBe(
      'SETTINGS_INVALID',
    );
  });
});

describe('the adapter layer’s logoutCookies', () => {
  it('uses the setup’s app id, and says nothing when the setup is broken', () => {
    const logger = recordingLogger();
    const ok = createIntercomAdapter(
      { logger },
      {
        name: 'test',
        env: () => ({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET }),
        getUser: () => null,
      },
    );
    expect(ok.logoutCookies({ host: 'example.com' }).map((cookie) => cookie.header)).toEqual([
      `intercom-session-${APP_ID}=; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; Domain=example.com; ${EXPIRED}`,
    ]);
    const broken = createIntercomAdapter({ logger }, { name: 'test', env: () => ({}), getUser: () => null });
    // Without an app id, the session cookies the browser sent are still expired.
    expect(broken.logoutCookies({ cookie: 'intercom-session-abc12345=1' }).map((cookie) => cookie.name)).toEqual([
      'intercom-session-abc12345',
    ]);
  });
});
