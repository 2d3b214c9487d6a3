import { MESSENGER_ERRORS, MISSING_PROOF_CONSOLE_TEXT, signUserJwt, userHash } from '@intercom-identity/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMessenger, REJECTION_REASONS, startFakeMessenger } from '../src/index.js';
import { ALICE, APP_ID, postJson, SECRETS } from './helpers.js';

let fake: FakeMessenger;
let jwtFake: FakeMessenger;
beforeAll(async () => {
  fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS });
  jwtFake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, mode: 'jwt' });
});
afterAll(async () => {
  await fake.stop();
  await jwtFake.stop();
});
beforeEach(() => {
  fake.reset();
  jwtFake.reset();
});

function boot(settings: Record<string, unknown>, target = fake) {
  return postJson(`${target.url}/messenger/boot`, { widget_app_id: APP_ID, page: 'page-messages-01', settings, session: '' });
}
function mobile(proof: Record<string, unknown>, target = fake) {
  return postJson(`${target.url}/mobile/check`, proof);
}

describe("the real web Messenger's refusals, with the fake's reason beside them", () => {
  it('a missing proof: 403, the console text word for word, then the reason on a second line', async () => {
    const { status, body } = await boot({ app_id: APP_ID, user_id: 'u_1001' });
    expect(status).toBe(403);
    expect(body).toMatchObject({
      message: MISSING_PROOF_CONSOLE_TEXT,
      state: 'rejected',
      reason: REJECTION_REASONS.missingUserHash,
    });
    const [first, second, ...rest] = String(body.console).split('\n');
    expect(first).toBe(
      'Intercom Messenger error: Missing user_hash or intercom_user_jwt. A valid user_hash or intercom_user_jwt is required to authenticate users when Messenger Security is enforced.',
    );
    expect(second).toBe('[fake Messenger] missing user_hash');
    expect(rest).toEqual([]);

    const jwt = await boot({ app_id: APP_ID, user_id: 'u_1001' }, jwtFake);
    expect(jwt.status).toBe(403);
    expect(jwt.body.console).toBe(`${MISSING_PROOF_CONSOLE_TEXT}\n[fake Messenger] missing intercom_user_jwt`);
  });

  it('a bad user_hash: 403 with code "signature_mismatch" and message "Incorrect user_hash", and the hint on the second line', async () => {
    const { status, body } = await boot({ app_id: APP_ID, user_id: 'u_1001', user_hash: await userHash(SECRETS.ios, 'u_1001') });
    expect(status).toBe(403);
    expect(body.code).toBe('signature_mismatch');
    expect(body.message).toBe('Incorrect user_hash');
    expect(body).toMatchObject({ state: 'rejected', reason: REJECTION_REASONS.invalidUserHash });
    expect(body.hint).toContain('ios secret');
    expect(body.console).toBe(`Incorrect user_hash\n[fake Messenger] invalid user_hash (hint: ${String(body.hint)})`);
    // The other user_hash mistakes are the same refusal for Intercom.
    const emailHashed = await boot({ ...ALICE, app_id: APP_ID, user_hash: await userHash(SECRETS.web, ALICE.email) });
    expect(emailHashed.body).toMatchObject({ code: 'signature_mismatch', reason: REJECTION_REASONS.wrongIdentifier });
    const noIdentifier = await boot({ app_id: APP_ID, user_hash: await userHash(SECRETS.web, 'u_1001') });
    expect(noIdentifier.body).toMatchObject({ code: 'signature_mismatch', reason: REJECTION_REASONS.hashWithoutIdentifier });
  });

  it("JWT refusals: the catalogue's jwt_invalid and jwt_expired entries", async () => {
    const forged = await signUserJwt('some-other-secret-0123456789abcdefghij', { user_id: 'u_1001' });
    const invalid = await boot({ app_id: APP_ID, intercom_user_jwt: forged });
    expect(invalid.status).toBe(MESSENGER_ERRORS.jwt_invalid.status);
    expect(invalid.body).toMatchObject({ code: 'jwt_invalid', message: MESSENGER_ERRORS.jwt_invalid.text });
    expect(invalid.body.console).toBe(
      `${MESSENGER_ERRORS.jwt_invalid.text}\n[fake Messenger] invalid intercom_user_jwt signature`,
    );
    const mismatch = await boot({
      app_id: APP_ID,
      intercom_user_jwt: await signUserJwt(SECRETS.web, { user_id: 'u_1001' }),
      user_id: 'u_2',
    });
    expect(mismatch.body).toMatchObject({ code: 'jwt_invalid', reason: REJECTION_REASONS.jwtUserIdMismatch });

    const now = Math.floor(Date.now() / 1000);
    const expired = await signUserJwt(SECRETS.web, { user_id: 'u_1001' }, { now: now - 7200, expiresIn: 60 });
    const late = await boot({ app_id: APP_ID, intercom_user_jwt: expired });
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ code: 'jwt_expired', message: MESSENGER_ERRORS.jwt_expired.text });
  });

  it('an unknown app and an unknown session keep their texts', async () => {
    const unknown = await postJson(`${fake.url}/messenger/boot`, {
      widget_app_id: 'other_app',
      settings: { app_id: 'other_app' },
    });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatchObject({
      message: '[Intercom] The Messenger did not load: unknown app_id. Check the app id of your workspace.',
      reason: REJECTION_REASONS.unknownApp,
    });
    expect(unknown.body.code).toBeUndefined();
    const lost = await postJson(`${fake.url}/messenger/message`, { session: 'no-such-session', text: 'hi' });
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({
      message: '[Intercom] no session: boot first',
      console: '[Intercom] no session: boot first',
    });
  });
});

describe("the mobile SDKs' statuses", () => {
  it('a valid proof answers 200', async () => {
    const proof = { platform: 'ios', user_id: 'u_1001', user_hash: await userHash(SECRETS.ios, 'u_1001') };
    const { status, body } = await mobile(proof);
    expect(status).toBe(200);
    expect(body).toMatchObject({ valid: true, status: 200, user: 'u_1001', via: 'user_hash' });
  });

  it('a bad user hash answers 401 with code "hmac_mismatch", the reason and the hint beside', async () => {
    const { status, body } = await mobile({
      platform: 'ios',
      user_id: 'u_1001',
      user_hash: await userHash(SECRETS.web, 'u_1001'),
    });
    expect(status).toBe(401);
    expect(body).toMatchObject({
      valid: false,
      status: 401,
      code: 'hmac_mismatch',
      message: 'Failed Identity Verification check',
      user: 'u_1001',
      reason: REJECTION_REASONS.invalidUserHash,
    });
    expect(body.hint).toContain('web secret');
    const missing = await mobile({ platform: 'android', user_id: 'u_1001' });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'hmac_mismatch', reason: REJECTION_REASONS.missingUserHash });
  });

  it('a missing or invalid JWT answers 400', async () => {
    const missing = await mobile({ platform: 'ios', user_id: 'u_1001' }, jwtFake);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      valid: false,
      status: 400,
      message: MESSENGER_ERRORS.mobile_jwt_invalid.text,
      reason: REJECTION_REASONS.missingJwt,
    });
    const wrong = await mobile({ platform: 'ios', intercom_user_jwt: await signUserJwt(SECRETS.android, { user_id: 'u_1001' }) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ valid: false, status: 400, reason: REJECTION_REASONS.jwtSignature });
    expect(wrong.body.hint).toContain('android secret');
  });

  it('checkMobileProof returns the same answer, status and code included', async () => {
    const result = await fake.checkMobileProof({ platform: 'android', user_id: 'u_1001', user_hash: 'f'.repeat(64) });
    expect(result).toMatchObject({ valid: false, status: 401, code: 'hmac_mismatch', reason: REJECTION_REASONS.invalidUserHash });
  });
});
