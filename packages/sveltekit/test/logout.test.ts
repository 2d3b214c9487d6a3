import type { RequestEvent } from '@sveltejs/kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { expireIntercomSession } from '../src/lib/index.js';
import { setDeclared } from './stubs/app-env-private.js';
import { APP_ID, SECRET } from './support.js';

beforeEach(() => setDeclared({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET }));

/** An event whose cookies record what is deleted, as SvelteKit's do (one entry per name, domain and path). */
function logoutEvent(url: string, cookie?: string) {
  const deleted: Array<{ name: string; options: Record<string, unknown> }> = [];
  const event = {
    url: new URL(url),
    request: new Request(url, cookie === undefined ? {} : { headers: { cookie } }),
    cookies: { delete: (name: string, options: Record<string, unknown>) => deleted.push({ name, options }) },
  } as unknown as Pick<RequestEvent, 'cookies' | 'request' | 'url'>;
  return { event, deleted };
}

describe('expireIntercomSession', () => {
  it('expires the app’s Messenger session cookie host-only and on each domain of the host, path /', async () => {
    const { event, deleted } = logoutEvent('https://app.example.com/logout');
    await expireIntercomSession(event);
    expect(deleted.map(({ name, options }) => `${name} ${options.domain ?? '(host)'} ${options.path}`)).toEqual([
      `intercom-session-${APP_ID} (host) /`,
      `intercom-session-${APP_ID} app.example.com /`,
      `intercom-session-${APP_ID} example.com /`,
    ]);
    // As the Messenger sets it: readable by its script, SameSite=Lax, Secure on https.
    expect(deleted[0]?.options).toMatchObject({ httpOnly: false, sameSite: 'lax', secure: true });
  });

  it('expires another app’s session cookie the browser sent, and takes an app id of its own', async () => {
    const { event, deleted } = logoutEvent('http://localhost:5173/logout', 'intercom-session-old00001=x; demo=1');
    await expireIntercomSession(event, { appId: 'other001' });
    expect(deleted.map(({ name }) => name)).toEqual(['intercom-session-old00001', 'intercom-session-other001']);
  });
});
