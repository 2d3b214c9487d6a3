import { createHmac } from 'node:crypto';
import type { IntercomUser, Logger } from '@intercom-identity/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createNuxtIntercom,
  type EventLike,
  type PrivateRuntimeConfig,
  type PublicRuntimeConfig,
  runtimeConfigEnv,
  runtimeConfigOptions,
} from '../src/runtime/server/logic.js';

const SECRET = 'web-secret-0123456789abcdefghijklmnop';
const NEW_SECRET = 'web-secret-rotated-0123456789abcdefgh';
const ALICE: IntercomUser = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };
const hmac = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (line) => lines.push(line), error: (line) => lines.push(line) };
}

const event = (): EventLike => ({
  context: {},
  node: { req: { headers: {}, url: '/' }, res: { getHeader: () => undefined, setHeader: () => {}, removeHeader: () => {} } },
});

function settingsIn(script: string | null): Record<string, unknown> {
  const match = /window\.intercomSettings=(\{.*?\});/.exec(script ?? '');
  if (!match) throw new Error('no boot script');
  return JSON.parse(match[1] as string) as Record<string, unknown>;
}

/** The module's server side over a runtime config the test changes, as NUXT_* variables of a running server would. */
function withRuntimeConfig(resolveUser: () => IntercomUser | null | Promise<IntercomUser | null>) {
  const privateConfig: PrivateRuntimeConfig = { secret: SECRET, mode: 'user_hash', userTimeout: '' };
  const publicConfig: PublicRuntimeConfig = { appId: 'abc123' };
  const logger = recordingLogger();
  const intercom = createNuxtIntercom(
    { resolveUser },
    () => runtimeConfigEnv(privateConfig, publicConfig),
    logger,
    () => runtimeConfigOptions(privateConfig),
  );
  return { intercom, privateConfig, logger };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('faults, with the runtime config read per request', () => {
  it('a secret changed in the runtime config signs the next page with it; removed, the next page is a visitor', async () => {
    const { intercom, privateConfig, logger } = withRuntimeConfig(() => ALICE);
    expect(settingsIn(await intercom.render(event(), null)).user_hash).toBe(hmac(SECRET, 'u_1001'));
    privateConfig.secret = NEW_SECRET;
    expect(settingsIn(await intercom.render(event(), null)).user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));
    const proof = await (await intercom.endpoint(event(), new Request('http://app.test/api/intercom-identity'))).json();
    expect(proof.user_hash).toBe(hmac(NEW_SECRET, 'u_1001'));
    // Nitro keeps an unset value as ''.
    privateConfig.secret = '';
    for (let i = 0; i < 2; i++) {
      const visitor = settingsIn(await intercom.render(event(), null));
      expect(visitor).not.toHaveProperty('user_hash');
      expect(visitor).not.toHaveProperty('user_id');
    }
    const missing = logger.lines.filter((line) => line.includes('SECRET_MISSING'));
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing).size).toBe(missing.length);
  });

  it('userTimeout of the runtime config: a user that takes 5 s boots a visitor after it; false waits', async () => {
    vi.useFakeTimers();
    const { intercom, privateConfig, logger } = withRuntimeConfig(
      () => new Promise((resolve) => setTimeout(() => resolve(ALICE), 5000)),
    );
    privateConfig.userTimeout = 200;
    const cut = intercom.render(event(), null);
    await vi.advanceTimersByTimeAsync(200);
    expect(settingsIn(await cut)).not.toHaveProperty('user_hash');
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_TIMEOUT');
    // As NUXT_INTERCOM_IDENTITY_USER_TIMEOUT=false would set it.
    privateConfig.userTimeout = false;
    const waited = intercom.render(event(), null);
    await vi.advanceTimersByTimeAsync(5000);
    expect(settingsIn(await waited).user_hash).toBe(hmac(SECRET, 'u_1001'));
  });

  it('reads the runtime value as the core takes it, and a bad one is the coded setup error (no boot)', async () => {
    expect(runtimeConfigOptions({ userTimeout: '' })).toEqual({});
    expect(runtimeConfigOptions({})).toEqual({});
    expect(runtimeConfigOptions({ userTimeout: ' 1500 ' })).toEqual({ userTimeout: 1500 });
    expect(runtimeConfigOptions({ userTimeout: 'false' })).toEqual({ userTimeout: false });
    expect(runtimeConfigOptions({ userTimeout: 0 })).toEqual({ userTimeout: 0 });
    const { intercom, privateConfig, logger } = withRuntimeConfig(() => ALICE);
    privateConfig.userTimeout = 'soon';
    expect(await intercom.render(event(), null)).toBeNull();
    expect(logger.lines.join('\n')).toContain('USER_TIMEOUT_INVALID');
    expect(logger.lines.join('\n')).not.toContain('soon');
  });
});
