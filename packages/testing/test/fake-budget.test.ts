import { MESSENGER_ERRORS, signUserJwt, userHash } from '@intercom-identity/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeMessenger, REJECTION_REASONS, startFakeMessenger } from '../src/index.js';
import { ALICE, APP_ID, postJson, SECRETS } from './helpers.js';

// The fake's clock, moved by the tests: the update budget's window and every JWT's exp are judged on it.
const START = Date.UTC(2030, 0, 1, 9, 0, 0);
let time = START;
const MINUTE = 60_000;
const seconds = () => Math.floor(time / 1000);

const DROPPED_TEXT =
  "[Intercom] Intercom('update') was ignored because of the update budget: at most 20 updates per 30 minutes per page " +
  'session. A page load starts a new page session; a boot is not an update.';

let fake: FakeMessenger;
beforeAll(async () => {
  fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, now: () => time });
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  time = START;
});

const PAGE = 'page-one-0001';
const RELOADED = 'page-two-0002';

function boot(settings: Record<string, unknown>, session = '', page = PAGE) {
  return postJson(`${fake.url}/messenger/boot`, { widget_app_id: APP_ID, page, settings, session });
}
function update(settings: Record<string, unknown>, session: string, page = PAGE) {
  return postJson(`${fake.url}/messenger/update`, { widget_app_id: APP_ID, page, settings, session });
}
function say(session: string, text: string, page = PAGE) {
  return postJson(`${fake.url}/messenger/message`, { widget_app_id: APP_ID, page, session, text });
}
async function aliceByHash() {
  return { app_id: APP_ID, user_id: ALICE.user_id, user_hash: await userHash(SECRETS.web, ALICE.user_id) };
}
/** A token for Alice issued now on the fake's clock. */
function aliceToken(expiresIn = 600) {
  return signUserJwt(SECRETS.web, { user_id: ALICE.user_id }, { now: seconds(), expiresIn });
}
async function updates(
  session: string,
  count: number,
  settings: () => Promise<Record<string, unknown>> | Record<string, unknown>,
) {
  const answers = [];
  for (let index = 0; index < count; index++) answers.push(await update(await settings(), session));
  return answers;
}
function page(id = PAGE) {
  return fake.report().pages.find((entry) => entry.id === id);
}

describe('the update budget: 20 updates per 30 minutes per page session', () => {
  it('applies 20 updates, then drops the 21st: answered 200 as ignored, not applied, and reported', async () => {
    const session = (await boot(await aliceByHash())).body.session as string;
    const accepted = await updates(session, 20, () => ({ name: 'Alice Liddell' }));
    expect(accepted.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(accepted.map((answer) => answer.body.updates)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect(accepted.some((answer) => answer.body.ignored)).toBe(false);

    // The 21st would switch to another user with a valid proof; dropped, it changes nothing.
    const bob = { user_id: 'u_1002', user_hash: await userHash(SECRETS.web, 'u_1002') };
    const dropped = await update(bob, session);
    expect(dropped.status).toBe(200);
    expect(dropped.body).toMatchObject({ ignored: true, state: 'booted', user: 'u_1001', session, updates: 20 });
    expect(dropped.body.console).toBe(DROPPED_TEXT);

    const report = fake.report();
    expect(report.platforms.web.dropped).toBe(1);
    expect(report.events.at(-1)).toEqual({ platform: 'web', kind: 'update', outcome: 'dropped', user: 'u_1001' });
    expect(report.platforms.web.users['u_1002']).toBeUndefined();
    expect(report.pages).toEqual([
      { id: PAGE, user: 'u_1001', boots: 1, updates: 20, dropped: 1, tokenExpires: null, tokenValid: null },
    ]);
  });

  it('counts every update call (empty ones, attribute updates, refused ones), but no boot and no shutdown', async () => {
    const session = (await boot(await aliceByHash())).body.session as string;
    for (let index = 0; index < 5; index++) await boot(await aliceByHash(), session);
    expect(page()?.boots).toBe(6);
    expect(page()?.updates).toBe(0);

    await updates(session, 3, () => ({}));
    await update({ plan: 'pro', seats: 3 }, session);
    // Refused by verification (another user without a proof): it still used the budget.
    expect((await update({ user_id: 'u_1002' }, session)).status).toBe(403);
    expect(page()?.updates).toBe(5);

    await postJson(`${fake.url}/messenger/shutdown`, { widget_app_id: APP_ID, page: PAGE, session });
    expect(page()).toMatchObject({ user: '', updates: 5, dropped: 0 });
    const again = (await boot(await aliceByHash(), '')).body.session as string;
    expect(page()).toMatchObject({ user: 'u_1001', boots: 7, updates: 5 });

    // The shutdown and the new Messenger session did not reset the page's count: 15 more, then dropped.
    await updates(again, 15, () => ({}));
    expect((await update({}, again)).body.ignored).toBe(true);
    expect(page()).toMatchObject({ updates: 20, dropped: 1 });
  });

  it("slides: an update frees its place 30 minutes after it was let through, on the fake's clock", async () => {
    const session = (await boot(await aliceByHash())).body.session as string;
    await updates(session, 10, () => ({}));
    time += 10 * MINUTE;
    await updates(session, 10, () => ({}));
    expect((await update({}, session)).body.ignored).toBe(true);

    time = START + 30 * MINUTE - 1;
    expect((await update({}, session)).body.ignored).toBe(true);
    // The first ten are out of the window now; a dropped update took no place.
    time = START + 30 * MINUTE;
    const freed = await updates(session, 11, () => ({}));
    expect(freed.map((answer) => answer.body.ignored === true)).toEqual([...Array(10).fill(false), true]);
    time = START + 40 * MINUTE;
    expect((await update({}, session)).body.ignored).toBeUndefined();
    expect(page()).toMatchObject({ updates: 31, dropped: 3 });
  });

  it('counts per page load: a reload (a new page id) starts with the whole budget, on the same Messenger session', async () => {
    const session = (await boot(await aliceByHash())).body.session as string;
    await updates(session, 20, () => ({}));
    expect((await update({}, session)).body.ignored).toBe(true);

    const reloaded = await boot(await aliceByHash(), session, RELOADED);
    expect(reloaded.body).toMatchObject({ session, updates: 0 });
    const next = await update({}, session, RELOADED);
    expect(next.body).toMatchObject({ session, updates: 1 });
    expect(next.body.ignored).toBeUndefined();
    expect(fake.report().pages.map((entry) => [entry.id, entry.updates, entry.dropped])).toEqual([
      [PAGE, 20, 1],
      [RELOADED, 1, 0],
    ]);
  });

  it('does not take the JWT of a dropped update: the session keeps its old token and its exp', async () => {
    const first = await aliceToken(600);
    const booted = await boot({ app_id: APP_ID, intercom_user_jwt: first });
    const session = booted.body.session as string;
    expect(booted.body.tokenExpires).toBe(seconds() + 600);
    await updates(session, 20, async () => ({ intercom_user_jwt: await aliceToken(600) }));

    const longer = await signUserJwt(SECRETS.web, { user_id: ALICE.user_id }, { now: seconds(), expiresIn: 3600 });
    const dropped = await update({ intercom_user_jwt: longer }, session);
    expect(dropped.body).toMatchObject({ ignored: true, tokenExpires: seconds() + 600 });
    expect(page()).toMatchObject({ tokenExpires: seconds() + 600, tokenValid: true });

    // Eleven minutes on, the token held is the one from before the dropped update: expired.
    time += 11 * MINUTE;
    expect(page()?.tokenValid).toBe(false);
    const refused = await say(session, 'still there?');
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe(REJECTION_REASONS.jwtExpired);
  });

  it('refuses an update without a page-session id, or with one the widget could not have made', async () => {
    const session = (await boot(await aliceByHash())).body.session as string;
    const missing = await postJson(`${fake.url}/messenger/update`, { widget_app_id: APP_ID, settings: {}, session });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/^page must be the page-session id/);
    expect((await update({}, session, '<script>')).status).toBe(400);
  });
});

describe('the held token', () => {
  it('holds the exp of the JWT a session booted with, and refuses messages and updates once it has passed', async () => {
    const token = await aliceToken(60);
    const exp = seconds() + 60;
    const booted = await boot({ app_id: APP_ID, intercom_user_jwt: token });
    const session = booted.body.session as string;
    expect(booted.body).toMatchObject({ verified: true, via: 'jwt', tokenExpires: exp });
    expect((await say(session, 'before it expires')).status).toBe(200);
    expect(page()).toMatchObject({ user: 'u_1001', tokenExpires: exp, tokenValid: true });

    time += 61_000;
    const message = await say(session, 'after it expired');
    expect(message.status).toBe(MESSENGER_ERRORS.jwt_expired.status);
    expect(message.body).toMatchObject({
      code: 'jwt_expired',
      message: MESSENGER_ERRORS.jwt_expired.text,
      state: 'rejected',
      reason: REJECTION_REASONS.jwtExpired,
      tokenExpires: exp,
    });
    expect(message.body.console).toBe(`${MESSENGER_ERRORS.jwt_expired.text}\n[fake Messenger] intercom_user_jwt expired`);

    const bare = await update({ name: 'Alice Liddell' }, session);
    expect(bare.status).toBe(403);
    expect(bare.body).toMatchObject({ code: 'jwt_expired', reason: REJECTION_REASONS.jwtExpired });
    // A boot without a proof on that cookie shows the session as it is: not verified any more.
    const visitor = await boot({ app_id: APP_ID }, session);
    expect(visitor.body).toMatchObject({ user: 'u_1001', verified: false, reason: REJECTION_REASONS.jwtExpired });

    expect(page()).toMatchObject({ tokenExpires: exp, tokenValid: false });
    const report = fake.report();
    expect(report.events.filter((event) => event.outcome === 'invalid').map((event) => [event.kind, event.reason])).toEqual([
      ['message', REJECTION_REASONS.jwtExpired],
      ['update', REJECTION_REASONS.jwtExpired],
    ]);
  });

  it('a boot with a fresh token continues the session and its conversation, holds the new exp and spends no update', async () => {
    const session = (await boot({ app_id: APP_ID, intercom_user_jwt: await aliceToken(60) })).body.session as string;
    await say(session, 'my invoice is wrong');
    time += 2 * MINUTE;
    expect((await say(session, 'hello?')).status).toBe(403);

    const fresh = await aliceToken(900);
    const again = await boot({ app_id: APP_ID, intercom_user_jwt: fresh }, session);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ session, user: 'u_1001', verified: true, tokenExpires: seconds() + 900, updates: 0 });
    expect(again.body.reason).toBeUndefined();
    expect(again.body.messages).toMatchObject([{ text: 'my invoice is wrong' }]);
    expect((await say(session, 'thanks')).body.messages).toMatchObject([{ text: 'my invoice is wrong' }, { text: 'thanks' }]);
    expect(page()).toMatchObject({ boots: 2, updates: 0, tokenExpires: seconds() + 900, tokenValid: true });
  });

  it('an update with a fresh token after expiry is accepted, and the session holds that token', async () => {
    const session = (await boot({ app_id: APP_ID, intercom_user_jwt: await aliceToken(60) })).body.session as string;
    time += 5 * MINUTE;
    const renewed = await update({ intercom_user_jwt: await aliceToken(300) }, session);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ session, verified: true, tokenExpires: seconds() + 300, updates: 1 });
  });

  it('judges a JWT at boot on the fake clock too', async () => {
    const token = await aliceToken(60);
    time += 2 * MINUTE;
    const late = await boot({ app_id: APP_ID, intercom_user_jwt: token });
    expect(late.status).toBe(403);
    expect(late.body).toMatchObject({ code: 'jwt_expired', reason: REJECTION_REASONS.jwtExpired });
  });

  it('refuses a now option that is not a clock', async () => {
    await expect(startFakeMessenger({ appId: APP_ID, secrets: SECRETS, now: 5 as never })).rejects.toThrow(
      /now must be a function/,
    );
    await expect(startFakeMessenger({ appId: APP_ID, secrets: SECRETS, now: () => Number.NaN })).rejects.toThrow(
      /Unix milliseconds/,
    );
  });
});
