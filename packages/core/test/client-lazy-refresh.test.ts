// The sync loads what a refresh needs (./refresh.js: the proof request and the
// reading of its answer) with import() on its first refresh, so that a page's
// initial JS does not carry it. A chunk that fails to load (a deploy removed it,
// the network dropped) must fail exactly as a proof request that could not reach
// the endpoint: the Messenger is left as it is, no error escapes, and a timed
// refresh tries again 10 seconds later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientSettings } from '../src/client/index.js';
import { signUserJwt } from '../src/index.js';
import { SECRET } from './support.js';

const chunk = { fails: 0, loads: 0 };

// The refresh chunk as the test wants it: failing to load the next `chunk.fails` times, then the real one.
function mockChunk(): void {
  vi.doMock('../src/client/refresh.js', async (importOriginal) => {
    chunk.loads++;
    if (chunk.fails > 0) {
      chunk.fails--;
      throw new TypeError('Failed to fetch dynamically imported module: /assets/refresh-abc.js');
    }
    return importOriginal();
  });
}

const w = globalThis as unknown as { window?: { Intercom?: (...args: unknown[]) => void; intercomSettings?: ClientSettings } };
let calls: unknown[][];

beforeEach(() => {
  calls = [];
  chunk.fails = 0;
  chunk.loads = 0;
  vi.resetModules();
  mockChunk();
  w.window = { Intercom: (...args: unknown[]) => calls.push(args) };
});
afterEach(() => {
  vi.doUnmock('../src/client/refresh.js');
  delete w.window;
  vi.useRealTimers();
});

describe('the refresh chunk, loaded on the first refresh', () => {
  it('a chunk that fails to load is a failed refresh: nothing booted, no error, tried again 10 s later', async () => {
    vi.useFakeTimers();
    const start = Math.floor(Date.now() / 1000);
    const first = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: start, expiresIn: 20 });
    const second = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: start + 16, expiresIn: 20 });
    w.window!.intercomSettings = { app_id: 'abc12345', intercom_user_jwt: first };
    const fetchStub = vi.fn(async () => Response.json({ type: 'jwt', intercom_user_jwt: second }));
    chunk.fails = 1;
    const { createIntercomSync } = await import('../src/client/index.js');
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    // Refresh time (16 s): the chunk does not load, so no request is made and the Messenger keeps its token.
    await vi.advanceTimersByTimeAsync(17_000);
    expect(chunk.loads).toBe(1);
    expect(fetchStub).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
    expect(w.window?.intercomSettings?.intercom_user_jwt).toBe(first);
    // The retry of a failed request, 10 s later: the chunk loads, the new token goes out.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(chunk.loads).toBe(2);
    // (Loading the real module takes a moment of real time in the test runner.)
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(fetchStub).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([['update', { intercom_user_jwt: second }]]);
    expect(w.window?.intercomSettings?.intercom_user_jwt).toBe(second);
    sync.dispose();
  });

  it('refresh() after a sign-in settles without an error when the chunk fails, and leaves the visitor booted', async () => {
    w.window!.intercomSettings = { app_id: 'abc12345' };
    const fetchStub = vi.fn(async () => Response.json({ type: 'user_hash', user_id: 'u_1001', user_hash: 'a'.repeat(64) }));
    chunk.fails = 1;
    const { createIntercomSync } = await import('../src/client/index.js');
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    await expect(sync.refresh()).resolves.toBeUndefined();
    expect(fetchStub).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
    // The next refresh loads it: shutdown of the visitor, then the boot of the person signed in.
    await sync.refresh();
    expect(calls).toEqual([['shutdown'], ['boot', { app_id: 'abc12345', user_id: 'u_1001', user_hash: 'a'.repeat(64) }]]);
    sync.dispose();
  });

  it('an apply that comes while the chunk loads wins: the answer for the earlier person is dropped', async () => {
    w.window!.intercomSettings = { app_id: 'abc12345' };
    const fetchStub = vi.fn(async () => Response.json({ type: 'user_hash', user_id: 'u_1001', user_hash: 'a'.repeat(64) }));
    const { createIntercomSync } = await import('../src/client/index.js');
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    const refreshing = sync.refresh();
    const bob = { app_id: 'abc12345', email: 'bob@example.com', user_hash: 'b'.repeat(64) };
    sync.apply(bob);
    await refreshing;
    expect(calls).toEqual([['shutdown'], ['boot', bob]]);
    sync.dispose();
  });
});
