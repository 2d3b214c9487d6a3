import { userHash } from '@intercom-identity/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMessenger, REJECTION_REASONS, startFakeMessenger } from '../src/index.js';
import { APP_ID, postJson, SECRETS } from './helpers.js';

let fake: FakeMessenger;
beforeAll(async () => {
  fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const PAGE = 'report-page-0001';

function boot(settings: Record<string, unknown>, session = '', target = fake) {
  return postJson(`${target.url}/messenger/boot`, { widget_app_id: APP_ID, page: PAGE, settings, session });
}
async function signedIn(userId: string) {
  return { app_id: APP_ID, user_id: userId, user_hash: await userHash(SECRETS.web, userId) };
}
async function html(target = fake) {
  const response = await fetch(`${target.url}/__report.html`);
  return { response, text: await response.text() };
}
/** The verdict paragraph of one platform's section. */
function verdict(text: string, platform: string): { safe: string; why: string } {
  const section = new RegExp(
    `<section id="platform-${platform}"[^>]*data-safe="(true|false)"[^>]*>.*?data-verdict="[^"]*">([^<]*)</p>`,
    's',
  ).exec(text);
  if (section === null) throw new Error(`no ${platform} section in the report page`);
  return { safe: section[1] as string, why: section[2] as string };
}

describe('the report page (GET /__report.html)', () => {
  it('is plain HTML that loads nothing and runs nothing, and is never stored', async () => {
    await boot(await signedIn('u_1001'));
    const { response, text } = await html();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text).toMatch(/^<!doctype html>/);
    expect(text).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|https?:\/\//i);
    expect(text).toContain('Active integrations with logged-in users');
  });

  it('is linked from the front page', async () => {
    const response = await fetch(`${fake.url}/`);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const text = await response.text();
    expect(text).toContain('<a href="/__report.html">');
    expect(text).toContain(`<a href="/widget/${APP_ID}">`);
  });

  it('escapes every value: a user_id with markup is shown as text', async () => {
    const hostile = '<script>alert("x")</script>';
    await boot(await signedIn(hostile));
    await boot({ app_id: APP_ID, user_id: `"><img src=x onerror=alert(1)>`, user_hash: 'f'.repeat(64) });
    const { text } = await html();
    expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img');
  });

  it('shows the users, the valid and invalid proofs with their reasons, the dropped updates and the page sessions', async () => {
    const alice = (await boot(await signedIn('u_1001'))).body.session as string;
    await boot({ app_id: APP_ID, user_id: 'u_1002', user_hash: await userHash(SECRETS.ios, 'u_1002') });
    for (let index = 0; index < 21; index++)
      await postJson(`${fake.url}/messenger/update`, { widget_app_id: APP_ID, page: PAGE, settings: {}, session: alice });
    const { text } = await html();
    // The 20 updates that the budget let through count as checks of Alice's session.
    expect(text).toContain('<td>u_1001</td><td>21</td><td>0</td><td>0</td>');
    expect(text).toContain(`<td>u_1002</td><td>0</td><td>1</td><td>0</td><td>${REJECTION_REASONS.invalidUserHash} (1)</td>`);
    expect(text).toContain('the proof was made with the ios secret');
    expect(text).toContain('<tr><td>Updates dropped by the update budget</td><td>1</td></tr>');
    expect(text).toContain(`<td>${PAGE}</td><td>u_1001</td><td>2</td><td>20</td><td>1</td>`);
  });
});

describe('the verdict per platform: safe to enforce?', () => {
  it('not yet, before any signed-in user was seen; visitors do not count', async () => {
    await boot({ app_id: APP_ID });
    const { text } = await html();
    expect(verdict(text, 'web')).toEqual({
      safe: 'false',
      why: 'Not safe yet: no signed-in user was seen on web; sign in on a page that boots the Messenger first.',
    });
    expect(verdict(text, 'ios').why).toBe('Not safe yet: no ios proof was checked; check one from the mobile endpoint first.');
    expect(fake.report().platforms.web.verdict.safe).toBe(false);
  });

  it('safe when every signed-in user of the recent events was proven', async () => {
    await boot(await signedIn('u_1001'));
    await boot(await signedIn('u_1002'));
    await fake.checkMobileProof({ platform: 'ios', user_id: 'u_1001', user_hash: await userHash(SECRETS.ios, 'u_1001') });
    const { text } = await html();
    expect(verdict(text, 'web')).toEqual({
      safe: 'true',
      why: 'Safe to enforce: 2 signed-in users seen, every proof valid, none unverified.',
    });
    expect(verdict(text, 'ios').safe).toBe('true');
    expect(verdict(text, 'android').safe).toBe('false');
    expect(fake.report().platforms.web.verdict).toEqual({
      safe: true,
      why: 'Safe to enforce: 2 signed-in users seen, every proof valid, none unverified.',
    });
  });

  it('not safe when a proof was refused, and it says which reasons', async () => {
    await boot(await signedIn('u_1001'));
    await boot({ app_id: APP_ID, user_id: 'u_1002' });
    const { text } = await html();
    expect(verdict(text, 'web')).toEqual({
      safe: 'false',
      why: `Not safe: the recent events have 1 refused proof (${REJECTION_REASONS.missingUserHash}); enforcing would lock these users out. Fix the proofs first.`,
    });
  });

  it('not safe when signed-in users booted without a proof while enforcement is off', async () => {
    const relaxed = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, enforce: false });
    try {
      await boot(await signedIn('u_1001'), '', relaxed);
      await boot({ app_id: APP_ID, user_id: 'u_1002' }, '', relaxed);
      await boot({ app_id: APP_ID, email: 'carol@example.com' }, '', relaxed);
      const { text } = await html(relaxed);
      expect(verdict(text, 'web')).toEqual({
        safe: 'false',
        why: 'Not safe: the recent events have 2 signed-in boots without a proof; enforcing would lock these users out. Fix the proofs first.',
      });
    } finally {
      await relaxed.stop();
    }
  });
});
