import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createIntercomAdapter,
  createProofEndpoint,
  type IntercomUser,
  type MaybeUser,
  resolveConfig,
  verifyUserJwt,
} from '../src/index.js';
import { ALICE, APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const NEW_SECRET = 'test-rotated-web-secret-0123456789abc';
const hmac = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');
const endpoint = () => new Request('http://app.test/api/intercom-identity');
const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' };

/** A getUser that answers `user` only when the test says so (or never), counting its calls. */
function heldLookup(user: IntercomUser = ALICE) {
  const waiting: Array<{ resolve: (user: MaybeUser) => void; reject: (error: unknown) => void }> = [];
  return {
    getUser: () =>
      new Promise<MaybeUser>((resolve, reject) => {
        waiting.push({ resolve, reject });
      }),
    answerAll: () => {
      for (const call of waiting.splice(0)) call.resolve(user);
    },
    failAll: () => {
      for (const call of waiting.splice(0)) call.reject(new Error(`late failure of ${user.name}`));
    },
  };
}

/** Whether a promise has settled yet, read without waiting for it. */
function tracked<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return { promise, settled: () => done };
}

describe('getUser is slow: the userTimeout option', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function slowAdapter(options: Record<string, unknown> = {}) {
    const logger = recordingLogger();
    const lookup = heldLookup();
    const layer = createIntercomAdapter<null>(
      { logger, getUser: lookup.getUser, ...options },
      { name: 'testAdapter', env: () => env },
    );
    return { layer, logger, lookup };
  }

  it('by default the page boots a visitor after 3000 ms, and the late answer never becomes a proof', async () => {
    const { layer, logger, lookup } = slowAdapter();
    const boot = tracked(layer.boot(null));
    await vi.advanceTimersByTimeAsync(2999);
    expect(boot.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    // The response is not held any longer: the boot is there while getUser still has not answered.
    expect(boot.settled()).toBe(true);
    const rendered = await boot.promise;
    expect(rendered?.signed).toBe(false);
    expect(rendered?.settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    lookup.answerAll();
    await vi.runAllTimersAsync();
    const lines = logger.lines.join('\n');
    expect(lines).toContain('SESSION_LOOKUP_TIMEOUT');
    expect(lines).toContain('The Messenger boots as a visitor on this page.');
    expect(lines).not.toContain('Alice');
    expect(lines).not.toContain('3000');
  });

  it('takes 5 s against a limit of 50 ms: a visitor; a getUser that answers in time still signs', async () => {
    const logger = recordingLogger();
    let delay = 5000;
    const layer = createIntercomAdapter<null>(
      {
        logger,
        userTimeout: 50,
        getUser: () => new Promise<MaybeUser>((resolve) => setTimeout(() => resolve(ALICE), delay)),
      },
      { name: 'testAdapter', env: () => env },
    );
    const slow = layer.boot(null);
    await vi.advanceTimersByTimeAsync(50);
    expect((await slow)?.signed).toBe(false);
    delay = 10;
    const quick = layer.boot(null);
    await vi.advanceTimersByTimeAsync(10);
    expect((await quick)?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));
    // The slow one's answer arrives at last: nothing of it is used, and nothing more is logged.
    const before = logger.lines.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(logger.lines.length).toBe(before);
  });

  it('the proof endpoint answers 500 SESSION_LOOKUP_TIMEOUT with the workspace, as for a failing lookup', async () => {
    const { layer, lookup } = slowAdapter();
    const answer = layer.proofEndpoint(endpoint(), null);
    await vi.advanceTimersByTimeAsync(3000);
    const response = await answer;
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'SESSION_LOOKUP_TIMEOUT', message: expect.any(String) },
      app_id: APP_ID,
      api_base: expect.any(String),
      widget_url: expect.any(String),
    });
    // A late failure is dropped too: no unhandled rejection, no second answer.
    lookup.failAll();
    await vi.runAllTimersAsync();
  });

  it('says the timeout at most once a minute, with the count of those it did not say', async () => {
    const { layer, logger } = slowAdapter({ userTimeout: 100 });
    const timeoutLines = () => logger.lines.filter((line) => line.includes('SESSION_LOOKUP_TIMEOUT'));
    for (let i = 0; i < 3; i++) {
      const boot = layer.boot(null);
      await vi.advanceTimersByTimeAsync(100);
      await boot;
    }
    const answer = layer.proofEndpoint(endpoint(), null);
    await vi.advanceTimersByTimeAsync(100);
    expect((await answer).status).toBe(500);
    expect(timeoutLines()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    const boot = layer.boot(null);
    await vi.advanceTimersByTimeAsync(100);
    await boot;
    expect(timeoutLines()).toHaveLength(2);
    expect(timeoutLines()[1]).toContain('3 more timed out');
  });

  it.each([
    ['false', false],
    ['0', 0],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('userTimeout %s waits as long as getUser takes', async (_label, userTimeout) => {
    const { layer, lookup, logger } = slowAdapter({ userTimeout });
    const boot = tracked(layer.boot(null));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(boot.settled()).toBe(false);
    lookup.answerAll();
    expect((await boot.promise)?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expect(logger.lines).toEqual([]);
  });

  it('a getUser that throws at once is not a timeout: SESSION_LOOKUP_FAILED, a visitor', async () => {
    const logger = recordingLogger();
    const layer = createIntercomAdapter<null>(
      {
        logger,
        getUser: () => {
          throw new Error('store down');
        },
      },
      { name: 'testAdapter', env: () => env },
    );
    expect((await layer.boot(null))?.signed).toBe(false);
    const response = await layer.proofEndpoint(endpoint(), null);
    expect((await response.json()).error.code).toBe('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('SESSION_LOOKUP_TIMEOUT');
  });

  it('createProofEndpoint takes the same option from its config', async () => {
    const lookup = heldLookup();
    const handler = createProofEndpoint({
      config: { ...{ appId: APP_ID, secret: SECRET }, userTimeout: 20, logger: recordingLogger() },
      getUser: lookup.getUser,
    });
    const answer = handler(endpoint());
    await vi.advanceTimersByTimeAsync(20);
    expect((await (await answer).json()).error.code).toBe('SESSION_LOOKUP_TIMEOUT');
  });
});

describe('the userTimeout option is checked', () => {
  it.each([
    ['a negative number', -1],
    ['NaN', Number.NaN],
    ['more than a timer takes', 2 ** 31],
    ['a string', '2000'],
    ['true', true],
    ['null', null],
  ])('%s is refused with USER_TIMEOUT_INVALID when the adapter is created, without the value', async (_label, value) => {
    const error = await errorOf(() =>
      createIntercomAdapter({ userTimeout: value as never }, { name: 'testAdapter', env: () => env, getUser: () => null }),
    );
    expect(error.code).toBe('USER_TIMEOUT_INVALID');
    expect(error.message).toContain('userTimeout');
    if (typeof value === 'number' && Number.isFinite(value)) expect(error.message).not.toContain(String(value));
    expect((await errorOf(() => resolveConfig(env, { userTimeout: value as never }))).code).toBe('USER_TIMEOUT_INVALID');
  });

  it('resolves to milliseconds, or null for no limit', () => {
    expect(resolveConfig(env).userTimeout).toBe(3000);
    expect(resolveConfig(env, { userTimeout: 250 }).userTimeout).toBe(250);
    expect(resolveConfig(env, { userTimeout: false }).userTimeout).toBeNull();
  });
});

describe('the secret changes or goes while the server runs (the env read per request)', () => {
  it('the next boot signs with the new secret, and a removed secret boots a visitor with SECRET_MISSING said once', async () => {
    const logger = recordingLogger();
    const live: Record<string, string | undefined> = { ...env };
    const layer = createIntercomAdapter<null>({ logger, getUser: () => ALICE }, { name: 'testAdapter', env: () => live });

    expect((await layer.boot(null))?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));

    live.INTERCOM_IDENTITY_SECRET = NEW_SECRET;
    const rotated = await layer.boot(null);
    expect(rotated?.settings.user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));
    const proof = await (await layer.proofEndpoint(endpoint(), null)).json();
    expect(proof.user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));

    live.INTERCOM_IDENTITY_MODE = undefined;
    const token = (await layer.boot(null))?.settings.intercom_user_jwt as string;
    expect((await verifyUserJwt(NEW_SECRET, token)).valid).toBe(true);
    expect((await verifyUserJwt(SECRET, token)).valid).toBe(false);

    delete live.INTERCOM_IDENTITY_SECRET;
    for (let i = 0; i < 2; i++) {
      const visitor = await layer.boot(null);
      expect(visitor?.signed).toBe(false);
      expect(visitor?.settings).not.toHaveProperty('user_id');
      expect(visitor?.settings).not.toHaveProperty('intercom_user_jwt');
    }
    // The setup's warning and the line of the signed-in user who booted a visitor: each said once, not per boot.
    const missing = logger.lines.filter((line) => line.includes('SECRET_MISSING'));
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing).size).toBe(missing.length);
    // The endpoint follows the env too: no secret, no proof.
    expect((await (await layer.proofEndpoint(endpoint(), null)).json()).error.code).toBe('SECRET_MISSING');

    live.INTERCOM_IDENTITY_SECRET = SECRET;
    live.INTERCOM_IDENTITY_MODE = 'user_hash';
    expect((await layer.boot(null))?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expect(JSON.stringify(logger.lines)).not.toContain(NEW_SECRET);
  });
});
