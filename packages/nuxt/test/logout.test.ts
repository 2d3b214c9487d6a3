import { describe, expect, it } from 'vitest';
import { createNuxtIntercom, type EventLike } from '../src/runtime/server/logic.js';

const silent = { warn() {}, error() {} };

describe('the logout cookies behind expireIntercomSession', () => {
  it('expire the Messenger session cookie of the runtime config’s app, host-only and on each domain, path /', () => {
    const intercom = createNuxtIntercom<EventLike>({}, () => ({ INTERCOM_APP_ID: 'nuxtapp1' }), silent);
    const lines = intercom.logoutCookies({ cookie: 'intercom-session-old00001=1; a=b', host: 'shop.example.com:3000' });
    expect(lines.map((line) => line.split(';').slice(0, 2).join(';'))).toEqual([
      'intercom-session-old00001=; Path=/',
      'intercom-session-old00001=; Domain=shop.example.com',
      'intercom-session-old00001=; Domain=example.com',
      'intercom-session-nuxtapp1=; Path=/',
      'intercom-session-nuxtapp1=; Domain=shop.example.com',
      'intercom-session-nuxtapp1=; Domain=example.com',
    ]);
    for (const line of lines) expect(line).toMatch(/Path=\/; Max-Age=0; /);
  });
});
