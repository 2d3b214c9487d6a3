import {
  createProofEndpoint,
  isIntercomIdentityError,
  MISSING_PROOF_CONSOLE_TEXT,
  signUserJwt,
  userHash,
} from '@intercom-identity/core';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMessenger, REJECTION_REASONS, startFakeMessenger } from '../src/index.js';
import { ALICE, APP_ID, BOB, identityFor, postJson, SECRETS } from './helpers.js';

let fake: FakeMessenger;
let identity: ReturnType<typeof identityFor>;
let jwtIdentity: ReturnType<typeof identityFor>;

beforeAll(async () => {
  fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS });
  identity = identityFor(fake.widgetUrl);
  jwtIdentity = identityFor(fake.widgetUrl, { mode: 'jwt' });
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const now = () => Math.floor(Date.now() / 1000);

function boot(settings: Record<string, unknown>, session = '', target = fake) {
  return postJson(`${target.url}/messenger/boot`, { widget_app_id: APP_ID, settings, session });
}
// The page-session id a widget makes on each page load; the update budget counts per page session.
const PAGE = 'page-session-0001';
function update(settings: Record<string, unknown>, session: string, page = PAGE) {
  return postJson(`${fake.url}/messenger/update`, { widget_app_id: APP_ID, page, settings, session });
}
function say(session: string, text: string) {
  return postJson(`${fake.url}/messenger/message`, { session, text });
}

describe('starting the fake', () => {
  it('listens on 127.0.0.1 and names the widget URL an app passes as INTERCOM_WIDGET_URL', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.widgetUrl).toBe(`${fake.url}/widget/${APP_ID}`);
  });

  it('refuses a missing web secret and a malformed app id with the core error codes', async () => {
    await expect(startFakeMessenger({ appId: APP_ID, secrets: {} as never })).rejects.toSatisfy((error) =>
      isIntercomIdentityError(error, 'SECRET_MISSING'),
    );
    await expect(startFakeMessenger({ appId: 'not an id!', secrets: SECRETS })).rejects.toSatisfy((error) =>
      isIntercomIdentityError(error, 'APP_ID_INVALID'),
    );
  });

  it('serves a widget script for its app, and for an unknown app one whose boots are refused', async () => {
    const own = await fetch(fake.widgetUrl);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toMatch(/javascript/);
    expect(await own.text()).toContain('"appId":"app_test1"');
    const { status, body } = await postJson(`${fake.url}/messenger/boot`, {
      widget_app_id: 'other_app',
      settings: { app_id: 'other_app' },
    });
    expect(status).toBe(403);
    expect(body.reason).toBe(REJECTION_REASONS.unknownApp);
  });

  it('answers CORS for any origin, including the preflight', async () => {
    const preflight = await fetch(`${fake.url}/messenger/boot`, {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const answer = await fetch(`${fake.url}/messenger/boot`, {
      method: 'POST',
      headers: { origin: 'http://shop.example' },
      body: JSON.stringify({ widget_app_id: APP_ID, settings: { app_id: APP_ID } }),
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('boots with user_hash', () => {
  it('boots a visitor with no proof', async () => {
    const { status, body } = await boot(await identity.bootSettings(null));
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: 'booted', user: '', verified: false });
    expect(fake.report().platforms.web.visitors).toBe(1);
  });

  it('boots a user whose user_hash the core signed, by user_id and by email alone', async () => {
    const byId = await boot(await identity.bootSettings(ALICE));
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, via: 'user_hash' });
    const byEmail = await boot(await identity.bootSettings({ email: 'carol@example.com' }));
    expect(byEmail.body).toMatchObject({ state: 'booted', user: 'carol@example.com', verified: true });
    expect(fake.report().platforms.web.users['u_1001']).toMatchObject({ valid: 1, invalid: 0 });
  });

  it('refuses a logged-in user without a proof while enforcement is on', async () => {
    const { status, body } = await boot({ app_id: APP_ID, user_id: 'u_1001' });
    expect(status).toBe(403);
    expect(body.reason).toBe(REJECTION_REASONS.missingUserHash);
    // The real Messenger's text, then the fake's reason on a second line.
    expect(body.message).toBe(MISSING_PROOF_CONSOLE_TEXT);
    expect(body.code).toBeUndefined();
    expect(body.console).toBe(`${MISSING_PROOF_CONSOLE_TEXT}\n[fake Messenger] missing user_hash`);
  });

  it('boots a user without a proof while enforcement is off, and counts the boot as unverified', async () => {
    const relaxed = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, enforce: false });
    try {
      const { status, body } = await boot({ app_id: APP_ID, user_id: 'u_1001' }, '', relaxed);
      expect(status).toBe(200);
      expect(body).toMatchObject({ state: 'booted', user: 'u_1001', verified: false });
      const web = relaxed.report().platforms.web;
      expect(web.unverified).toBe(1);
      expect(web.users['u_1001']).toMatchObject({ valid: 0, invalid: 0, unverified: 1 });
      // A wrong proof is still refused: enforcement only forgives a missing one.
      const wrong = await boot(
        { app_id: APP_ID, user_id: 'u_1001', user_hash: await userHash(SECRETS.web, 'u_1002') },
        '',
        relaxed,
      );
      expect(wrong.body.reason).toBe(REJECTION_REASONS.invalidUserHash);
    } finally {
      await relaxed.stop();
    }
  });

  it('refuses a user_hash made with another secret', async () => {
    const settings = await identityFor(fake.widgetUrl, {
      secrets: { web: 'some-other-secret-0123456789abcdefghij' },
    }).bootSettings(ALICE);
    const { status, body } = await boot(settings);
    expect(status).toBe(403);
    expect(body.reason).toBe(REJECTION_REASONS.invalidUserHash);
  });

  it('refuses a hash of the email when a user_id was sent, naming the mistake', async () => {
    const settings = await identity.bootSettings(ALICE);
    settings.user_hash = await userHash(SECRETS.web, ALICE.email);
    const { status, body } = await boot(settings);
    expect(status).toBe(403);
    expect(body.reason).toBe('hash must be generated with the user_id');
    expect(body).toMatchObject({ code: 'signature_mismatch', message: 'Incorrect user_hash' });
    expect(body.console).toBe('Incorrect user_hash\n[fake Messenger] hash must be generated with the user_id');
  });

  it('refuses a user_hash sent without user_id or email', async () => {
    const { status, body } = await boot({ app_id: APP_ID, user_hash: await userHash(SECRETS.web, 'u_1001') });
    expect(status).toBe(403);
    expect(body.reason).toBe(REJECTION_REASONS.hashWithoutIdentifier);
  });

  it('refuses an identifier changed after signing (the exact string is what is hashed)', async () => {
    const settings = await identity.bootSettings({ email: 'Alice@Example.com' });
    settings.email = 'alice@example.com';
    expect((await boot(settings)).body.reason).toBe(REJECTION_REASONS.invalidUserHash);
  });

  it('refuses a web boot signed with the ios secret, and says so in the report', async () => {
    const settings = await identityFor(fake.widgetUrl, { secrets: { web: SECRETS.ios } }).bootSettings(ALICE);
    expect((await boot(settings)).body.reason).toBe(REJECTION_REASONS.invalidUserHash);
    const event = fake.report().events.at(-1);
    expect(event).toMatchObject({ platform: 'web', kind: 'boot', outcome: 'invalid', user: 'u_1001' });
    expect(event?.hint).toContain('ios secret');
  });

  it('refuses an unknown app_id in the settings', async () => {
    const settings = { ...(await identity.bootSettings(ALICE)), app_id: 'other_app' };
    const { status, body } = await boot(settings);
    expect(status).toBe(403);
    expect(body.reason).toBe(REJECTION_REASONS.unknownApp);
  });
});

describe('boots with a JWT', () => {
  it('boots a user from a valid token, identified by its user_id claim', async () => {
    const settings = await jwtIdentity.bootSettings(ALICE);
    expect(settings.user_id).toBeUndefined();
    const { status, body } = await boot(settings);
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, via: 'jwt' });
  });

  it('refuses a token with a bad signature, an expired one, and one without user_id, each with its reason', async () => {
    const forged = await signUserJwt('some-other-secret-0123456789abcdefghij', { user_id: 'u_1001' });
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: forged })).body.reason).toBe(REJECTION_REASONS.jwtSignature);

    const expired = await signUserJwt(SECRETS.web, { user_id: 'u_1001' }, { now: now() - 7200, expiresIn: 60 });
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: expired })).body.reason).toBe(REJECTION_REASONS.jwtExpired);

    // The core refuses to sign without user_id, so this token is made with another library.
    const anonymous = await new SignJWT({ email: 'alice@example.com' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRETS.web));
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: anonymous })).body.reason).toBe(REJECTION_REASONS.jwtNoUserId);

    const hs512 = await new SignJWT({ user_id: 'u_1001' })
      .setProtectedHeader({ alg: 'HS512' })
      .sign(new TextEncoder().encode(SECRETS.web));
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: hs512 })).body.reason).toBe(REJECTION_REASONS.jwtAlgorithm);
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: 'not-a-token' })).body.reason).toBe(REJECTION_REASONS.jwtMalformed);

    const reasons = fake.report().platforms.web.reasons;
    expect(reasons).toMatchObject({
      [REJECTION_REASONS.jwtSignature]: 1,
      [REJECTION_REASONS.jwtExpired]: 1,
      [REJECTION_REASONS.jwtNoUserId]: 1,
    });
  });

  it('refuses a plain user_id or email that differs from what the token signs', async () => {
    const token = await signUserJwt(SECRETS.web, { user_id: 'u_1001', email: 'alice@example.com' });
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: token, user_id: 'u_1002' })).body.reason).toBe(
      REJECTION_REASONS.jwtUserIdMismatch,
    );
    expect((await boot({ app_id: APP_ID, intercom_user_jwt: token, email: 'bob@example.com' })).body.reason).toBe(
      REJECTION_REASONS.jwtEmailMismatch,
    );
  });

  it("in mode 'jwt', refuses a logged-in user without a token as missing intercom_user_jwt", async () => {
    const jwtFake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, mode: 'jwt' });
    try {
      const { status, body } = await boot({ app_id: APP_ID, user_id: 'u_1001' }, '', jwtFake);
      expect(status).toBe(403);
      expect(body.reason).toBe(REJECTION_REASONS.missingJwt);
    } finally {
      await jwtFake.stop();
    }
  });

  it('answers 403 to an update of a JWT user without a valid token, and accepts one with a fresh token', async () => {
    const booted = await boot(await jwtIdentity.bootSettings(ALICE));
    const session = booted.body.session as string;
    const bare = await update({ name: 'Alice Liddell' }, session);
    expect(bare.status).toBe(403);
    expect(bare.body.reason).toBe(REJECTION_REASONS.missingJwt);
    const expired = await signUserJwt(SECRETS.web, { user_id: 'u_1001' }, { now: now() - 7200, expiresIn: 60 });
    expect((await update({ intercom_user_jwt: expired }, session)).body.reason).toBe(REJECTION_REASONS.jwtExpired);
    const fresh = await update({ intercom_user_jwt: await signUserJwt(SECRETS.web, { user_id: 'u_1001' }) }, session);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ user: 'u_1001', session });
  });

  it('lets a user_hash user update attributes without a new proof, but not switch to another user', async () => {
    const booted = await boot(await identity.bootSettings(ALICE));
    const session = booted.body.session as string;
    expect((await update({ name: 'Alice L.' }, session)).status).toBe(200);
    expect((await update({ user_id: 'u_1001' }, session)).status).toBe(200);
    const takeover = await update({ user_id: 'u_1002' }, session);
    expect(takeover.status).toBe(403);
    expect(takeover.body.reason).toBe(REJECTION_REASONS.missingUserHash);
  });
});

describe('sessions and conversations', () => {
  it('shows the same conversation while the session token lives, also to a visitor boot (the logout leak)', async () => {
    const alice = await boot(await identity.bootSettings(ALICE));
    const token = alice.body.session as string;
    expect((await say(token, 'My invoice is wrong')).body.messages).toMatchObject([{ text: 'My invoice is wrong' }]);

    const again = await boot(await identity.bootSettings(ALICE), token);
    expect(again.body.session).toBe(token);
    expect(again.body.messages).toMatchObject([{ text: 'My invoice is wrong' }]);

    // Logout without shutdown: the cookie is still there, and the visitor sees Alice's conversation.
    const visitor = await boot(await identity.bootSettings(null), token);
    expect(visitor.body).toMatchObject({ state: 'booted', user: 'u_1001', session: token });
    expect(visitor.body.messages).toMatchObject([{ text: 'My invoice is wrong' }]);
  });

  it('starts a new session when a different verified user boots with the old token', async () => {
    const alice = await boot(await identity.bootSettings(ALICE));
    const token = alice.body.session as string;
    await say(token, 'Alice only');
    const bob = await boot(await identity.bootSettings(BOB), token);
    expect(bob.body).toMatchObject({ state: 'booted', user: 'u_1002', messages: [] });
    expect(bob.body.session).not.toBe(token);
  });

  it('ends the session on shutdown: the next visitor boot with the old token sees nothing', async () => {
    const alice = await boot(await identity.bootSettings(ALICE));
    const token = alice.body.session as string;
    await say(token, 'Alice only');
    expect((await postJson(`${fake.url}/messenger/shutdown`, { session: token })).body).toEqual({ ended: true });
    const visitor = await boot(await identity.bootSettings(null), token);
    expect(visitor.body).toMatchObject({ state: 'booted', user: '', messages: [] });
    expect(visitor.body.session).not.toBe(token);
    // Alice's conversation is hers: she sees it again when she logs in.
    const back = await boot(await identity.bootSettings(ALICE));
    expect(back.body.messages).toMatchObject([{ text: 'Alice only' }]);
  });

  it('refuses messages and updates for a session it does not know', async () => {
    expect((await say('no-such-session', 'hi')).status).toBe(409);
    expect((await update({ name: 'x' }, 'no-such-session')).body.reason).toBe(REJECTION_REASONS.noSession);
  });
});

describe('mobile proofs', () => {
  it('accepts a proof made with the platform secret, and refuses the web proof on ios', async () => {
    const ios = await identity.proof(ALICE, 'ios');
    expect(await fake.checkMobileProof(ios as never)).toMatchObject({ valid: true, user: 'u_1001', via: 'user_hash' });
    const web = await identity.proof(ALICE, 'web');
    const wrong = await fake.checkMobileProof({ ...(web as object), platform: 'ios' } as never);
    expect(wrong).toMatchObject({ valid: false, reason: REJECTION_REASONS.invalidUserHash });
    expect(wrong.hint).toContain('web secret');
    const jwt = await jwtIdentity.proof(ALICE, 'android');
    expect(await fake.checkMobileProof(jwt as never)).toMatchObject({ valid: true, via: 'jwt' });

    const report = fake.report();
    expect(report.platforms.ios.users['u_1001']).toMatchObject({ valid: 1, invalid: 1 });
    expect(report.platforms.android.valid).toBe(1);
    expect(report.platforms.web.valid).toBe(0);
  });

  it("proves that an app's mobile endpoint (the core's handler) signs with the ios secret", async () => {
    const handler = createProofEndpoint({
      config: { appId: APP_ID, secrets: SECRETS, production: false },
      getUser: () => ALICE,
    });
    const answer = await handler(new Request('https://app.example/api/intercom/proof?platform=ios'));
    const proof = (await answer.json()) as { platform: 'ios' };
    expect(await fake.checkMobileProof(proof)).toMatchObject({ valid: true, user: 'u_1001' });
    // The same endpoint answering for android with the ios secret would be caught.
    expect(await fake.checkMobileProof({ ...proof, platform: 'android' })).toMatchObject({ valid: false });
  });

  it('refuses a check for a platform whose secret the fake was not given', async () => {
    const webOnly = await startFakeMessenger({ appId: APP_ID, secrets: { web: SECRETS.web } });
    try {
      const proof = await identity.proof(ALICE, 'android');
      expect(await webOnly.checkMobileProof(proof as never)).toMatchObject({
        valid: false,
        reason: REJECTION_REASONS.platformNotConfigured,
      });
    } finally {
      await webOnly.stop();
    }
  });
});

describe('report and reset', () => {
  it('reports per platform and user, the same through report() and GET /__report', async () => {
    await boot(await identity.bootSettings(ALICE));
    await boot(await identity.bootSettings(ALICE));
    await boot({ app_id: APP_ID, user_id: 'u_1002' });
    await boot(await identity.bootSettings(null));
    const report = fake.report();
    expect(report).toMatchObject({ appId: APP_ID, mode: 'user_hash', enforce: true });
    expect(report.platforms.web).toMatchObject({ valid: 2, invalid: 1, unverified: 0, visitors: 1 });
    expect(report.platforms.web.users['u_1002']).toEqual({
      valid: 0,
      invalid: 1,
      unverified: 0,
      reasons: { [REJECTION_REASONS.missingUserHash]: 1 },
    });
    expect(report.events.map((event) => event.outcome)).toEqual(['valid', 'valid', 'invalid', 'visitor']);
    expect(await (await fetch(`${fake.url}/__report`)).json()).toEqual(report);
  });

  it('reset() forgets sessions and counts', async () => {
    const alice = await boot(await identity.bootSettings(ALICE));
    fake.reset();
    expect(fake.report().events).toEqual([]);
    expect(fake.report().platforms.web.valid).toBe(0);
    expect((await say(alice.body.session as string, 'hi')).status).toBe(409);
  });

  it('never shows a secret: not in the widget, the answers or the report', async () => {
    const texts = [await (await fetch(fake.widgetUrl)).text()];
    texts.push(JSON.stringify((await boot(await identity.bootSettings(ALICE))).body));
    texts.push(JSON.stringify((await boot({ app_id: APP_ID, user_id: 'u_1001', user_hash: 'f'.repeat(64) })).body));
    texts.push(JSON.stringify(await fake.checkMobileProof({ platform: 'ios', user_id: 'u_1001', user_hash: 'x' })));
    texts.push(JSON.stringify(fake.report()));
    for (const text of texts) for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});
