import { signUserJwt, userHash } from '@intercom-identity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMessenger, REJECTION_REASONS, startFakeMessenger } from '../src/index.js';
import { APP_ID, postJson, SECRETS } from './helpers.js';

// A workspace rotating its secrets: the app may sign with the new (current) or, for a while, the old (previous) one.
const OLD_WEB = 'test-old-web-secret-0123456789abcdef';
const OLD_IOS = 'test-old-ios-secret-0123456789abcdef';
const UNKNOWN = 'test-unknown-secret-0123456789abcdef';

let fake: FakeMessenger;
beforeAll(async () => {
  fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, previousSecrets: { web: OLD_WEB, ios: OLD_IOS } });
});
afterAll(() => fake.stop());

function boot(settings: Record<string, unknown>) {
  return postJson(`${fake.url}/messenger/boot`, { widget_app_id: APP_ID, settings, session: '' });
}

describe('the fake Messenger during a secret rotation', () => {
  it('boots a user_hash made with the current or the previous secret, and the report says which', async () => {
    fake.reset();
    const current = await boot({ app_id: APP_ID, user_id: 'u_1', user_hash: await userHash(SECRETS.web, 'u_1') });
    const previous = await boot({ app_id: APP_ID, user_id: 'u_2', user_hash: await userHash(OLD_WEB, 'u_2') });
    const unknown = await boot({ app_id: APP_ID, user_id: 'u_3', user_hash: await userHash(UNKNOWN, 'u_3') });
    expect(current.status).toBe(200);
    expect(previous.status).toBe(200);
    expect(unknown.status).toBe(403);
    expect(unknown.body.reason).toBe(REJECTION_REASONS.invalidUserHash);
    const events = fake.report().events;
    expect(events.map((event) => [event.user, event.outcome, event.secret])).toEqual([
      ['u_1', 'valid', 'current'],
      ['u_2', 'valid', 'previous'],
      ['u_3', 'invalid', undefined],
    ]);
    expect(fake.report().platforms.web.valid).toBe(2);
  });

  it('accepts a JWT signed with the previous secret, and says so', async () => {
    fake.reset();
    const token = await signUserJwt(OLD_WEB, { user_id: 'u_9' });
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: token })).status).toBe(200);
    expect(fake.report().events.at(-1)).toMatchObject({ outcome: 'valid', via: 'jwt', secret: 'previous' });
  });

  it('the mobile check accepts each platform’s own previous secret only', async () => {
    const ios = await fake.checkMobileProof({ platform: 'ios', user_id: 'u_1', user_hash: await userHash(OLD_IOS, 'u_1') });
    expect(ios).toMatchObject({ valid: true, via: 'user_hash', secret: 'previous' });
    const cross = await fake.checkMobileProof({
      platform: 'android',
      user_id: 'u_1',
      user_hash: await userHash(OLD_IOS, 'u_1'),
    });
    expect(cross.valid).toBe(false);
  });
});
