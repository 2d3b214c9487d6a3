// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shutdownIntercom, startIntercomSync } from '../src/lib/sync.js';

type Call = [string, ...unknown[]];
const ALICE = { app_id: 'unitapp1', user_id: 'u_1001', email: 'alice@example.com', user_hash: 'a'.repeat(64) };
const BOB = { app_id: 'unitapp1', email: 'bob@example.com', user_hash: 'b'.repeat(64) };
let calls: Call[];

beforeEach(() => {
  calls = [];
  const w = window as unknown as Record<string, unknown>;
  w.Intercom = (...args: Call) => void calls.push(args);
  w.intercomSettings = { ...ALICE };
});
afterEach(() => vi.useRealTimers());

describe('the browser side (startIntercomSync, shutdownIntercom)', () => {
  it('sends an update after a client-side navigation, not after the first page load; the next within 30 s share one more', async () => {
    vi.useFakeTimers();
    const sync = startIntercomSync();
    sync.navigated('enter');
    expect(calls).toEqual([]);
    sync.navigated('link');
    sync.navigated('popstate');
    expect(calls).toEqual([['update']]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toEqual([['update'], ['update']]);
    sync.dispose();
  });

  it('the settings the page was rendered with change nothing; another person after invalidateAll() is booted fresh', () => {
    const sync = startIntercomSync();
    sync.apply({ ...ALICE });
    sync.apply(null);
    expect(calls).toEqual([]);
    sync.apply({ ...BOB });
    expect(calls).toEqual([['shutdown'], ['boot', BOB]]);
    expect((window as unknown as { intercomSettings: unknown }).intercomSettings).toEqual(BOB);
    // The same settings again (a later load of the same data): nothing more.
    sync.apply({ ...BOB });
    expect(calls).toHaveLength(2);
    sync.dispose();
  });

  it('shutdownIntercom() shuts the Messenger down and forgets the user in this browser', () => {
    const sync = startIntercomSync();
    shutdownIntercom();
    expect(calls).toEqual([['shutdown']]);
    expect((window as unknown as { intercomSettings: unknown }).intercomSettings).toEqual({ app_id: 'unitapp1' });
    sync.dispose();
    // Without a mounted sync it still shuts the Messenger down.
    shutdownIntercom();
    expect(calls).toEqual([['shutdown'], ['shutdown']]);
  });
});
