import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientSettings,
  createIntercomSync,
  createMessengerSync,
  identityKey,
  readJwtClaims,
  shutdownIntercom,
} from '../src/client/index.js';
import { signUserJwt } from '../src/index.js';
import { SECRET } from './support.js';

// The sync loads ./refresh.js with import() on its first refresh. Loaded here once,
// so that under fake timers it arrives at once, as a chunk the browser has cached
// does, rather than after the runner's real-time transform of it.
beforeAll(async () => {
  await import('../src/client/refresh.js');
});

type Call = unknown[];
let calls: Call[];
const w = globalThis as unknown as { window?: { Intercom?: (...args: unknown[]) => void; intercomSettings?: ClientSettings } };

const ALICE: ClientSettings = { app_id: 'abc12345', user_id: 'u_1001', email: 'alice@example.com', user_hash: 'a'.repeat(64) };
const BOB: ClientSettings = { app_id: 'abc12345', email: 'bob@example.com', user_hash: 'b'.repeat(64) };
const VISITOR: ClientSettings = { app_id: 'abc12345' };

beforeEach(() => {
  calls = [];
  w.window = { Intercom: (...args: unknown[]) => calls.push(args), intercomSettings: { ...ALICE } };
});
afterEach(() => {
  delete w.window;
  vi.useRealTimers();
});

describe('identityKey and readJwtClaims', () => {
  it('tells people apart by user_id, then the JWT’s user_id, then email; null for visitors', async () => {
    expect(identityKey(ALICE)).toBe('user_id:u_1001');
    expect(identityKey(BOB)).toBe('email:bob@example.com');
    expect(identityKey(VISITOR)).toBeNull();
    expect(identityKey(null)).toBeNull();
    const token = await signUserJwt(SECRET, { user_id: 'u_1001', email: 'alice@example.com' }, { now: 1000, expiresIn: 60 });
    expect(identityKey({ app_id: 'abc12345', intercom_user_jwt: token })).toBe('user_id:u_1001');
    expect(readJwtClaims(token)).toEqual({ user_id: 'u_1001', email: 'alice@example.com', iat: 1000, exp: 1060 });
    expect(readJwtClaims('not.a.jwt')).toBeNull();
    expect(readJwtClaims(42)).toBeNull();
  });
});

describe('the last person’s marker in localStorage', () => {
  const KEY = 'intercom-identity:last-person:abc12345';
  let store: Map<string, string>;
  beforeEach(() => {
    store = new Map([[KEY, 'f'.repeat(32)]]);
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => store.set(key, value),
      removeItem: (key: string) => store.delete(key),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is removed when the person changes in the browser (only the server can write a keyed one)', () => {
    const sync = createIntercomSync();
    sync.apply({ ...BOB });
    expect(store.has(KEY)).toBe(false);
    sync.dispose();
  });

  it('is removed on logout, so the next page cannot trust it', () => {
    shutdownIntercom();
    expect(store.has(KEY)).toBe(false);
  });

  it('says "visitor" once the sync booted a visitor after the last person’s shutdown', () => {
    const sync = createIntercomSync();
    sync.apply({ ...VISITOR });
    expect(store.get(KEY)).toBe('visitor');
    sync.dispose();
  });

  it('stays while the same person navigates', () => {
    const sync = createIntercomSync();
    sync.apply({ ...ALICE });
    sync.navigate();
    expect(store.get(KEY)).toBe('f'.repeat(32));
    sync.dispose();
  });
});

describe('createIntercomSync', () => {
  it('createMessengerSync is its deprecated alias', () => {
    expect(createMessengerSync).toBe(createIntercomSync);
  });

  it('sends an update on a client-side navigation; the ones right after it share one more, 30 s later', async () => {
    vi.useFakeTimers();
    const sync = createIntercomSync();
    sync.navigate();
    sync.navigate();
    sync.navigate();
    expect(calls).toEqual([['update']]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toEqual([['update'], ['update']]);
    sync.dispose();
  });

  it('in JWT mode, the navigation update carries the current token', async () => {
    const token = await signUserJwt(SECRET, { user_id: 'u_1001' }, { expiresIn: 600 });
    w.window!.intercomSettings = { app_id: 'abc12345', intercom_user_jwt: token };
    const sync = createIntercomSync();
    sync.navigate();
    expect(calls).toEqual([['update', { intercom_user_jwt: token }]]);
    sync.dispose();
  });

  it('does nothing when the same person is rendered again', () => {
    const sync = createIntercomSync();
    sync.apply({ ...ALICE });
    expect(calls).toEqual([]);
    sync.dispose();
  });

  it('shuts down and boots the new person when the signed-in user changes', () => {
    const sync = createIntercomSync();
    sync.apply(BOB);
    expect(calls).toEqual([['shutdown'], ['boot', BOB]]);
    expect(w.window?.intercomSettings).toEqual(BOB);
    sync.apply(VISITOR);
    expect(calls.slice(2)).toEqual([['shutdown'], ['boot', VISITOR]]);
    sync.dispose();
  });

  it('shutdownIntercom shuts down and forgets the identity in intercomSettings', () => {
    shutdownIntercom();
    expect(calls).toEqual([['shutdown']]);
    expect(w.window?.intercomSettings).toEqual({ app_id: 'abc12345' });
  });

  it('refreshes a JWT before it expires and updates the Messenger with the new token', async () => {
    vi.useFakeTimers();
    const start = Math.floor(Date.now() / 1000);
    const first = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: start, expiresIn: 20 });
    const second = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: start + 16, expiresIn: 20 });
    w.window!.intercomSettings = { app_id: 'abc12345', intercom_user_jwt: first };
    const requests: string[] = [];
    const fetchStub = vi.fn(async (url: string | URL | Request) => {
      requests.push(String(url));
      return new Response(JSON.stringify({ type: 'jwt', intercom_user_jwt: second }), { status: 200 });
    });
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    await vi.advanceTimersByTimeAsync(15_000);
    expect(requests).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    // The refresh loads its chunk first (./refresh.js), which takes a moment of real time in the test runner.
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(requests).toEqual(['/api/intercom-identity?platform=web']);
    expect(calls).toEqual([['update', { intercom_user_jwt: second }]]);
    expect(w.window?.intercomSettings?.intercom_user_jwt).toBe(second);
    sync.dispose();
  });

  it('boots a visitor when the refresh says the session is gone', async () => {
    vi.useFakeTimers();
    const start = Math.floor(Date.now() / 1000);
    const token = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: start, expiresIn: 20 });
    w.window!.intercomSettings = { app_id: 'abc12345', api_base: 'https://api-iam.intercom.io', intercom_user_jwt: token };
    const fetchStub = vi.fn(async () => new Response('{"error":{"code":"NO_SESSION"}}', { status: 401 }));
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    await vi.advanceTimersByTimeAsync(20_000);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([['shutdown'], ['boot', { app_id: 'abc12345', api_base: 'https://api-iam.intercom.io' }]]);
    sync.dispose();
  });

  it('keeps the Messenger’s own settings for the next person, and drops the last person’s profile', async () => {
    const page = { session_duration: 300_000, hide_default_launcher: true, alignment: 'left', action_color: '#0a7' };
    w.window!.intercomSettings = { ...ALICE, ...page, name: 'Alice Example', language_override: 'fr', plan: 'pro' };
    const fetchStub = vi.fn(async () =>
      Response.json({ type: 'user_hash', email: 'bob@example.com', user_hash: 'b'.repeat(64) }),
    );
    const sync = createIntercomSync({ fetch: fetchStub as typeof fetch });
    await sync.refresh();
    expect(calls).toEqual([
      ['shutdown'],
      ['boot', { app_id: 'abc12345', ...page, email: 'bob@example.com', user_hash: 'b'.repeat(64) }],
    ]);
    calls = [];
    shutdownIntercom();
    expect(calls).toEqual([['shutdown']]);
    expect(w.window?.intercomSettings).toEqual({ app_id: 'abc12345', ...page });
    sync.dispose();
  });

  it('shutdownIntercom also stops the running sync: no token refresh after a logout', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const token = await signUserJwt(SECRET, { user_id: 'u_1001' }, { now: 1000, expiresIn: 60 });
    w.window!.intercomSettings = { app_id: 'abc12345', intercom_user_jwt: token };
    const fetched: string[] = [];
    const sync = createIntercomSync({
      fetch: async (url) => {
        fetched.push(String(url));
        return new Response('{}', { status: 200 });
      },
    });
    shutdownIntercom();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetched).toEqual([]);
    expect(calls).toEqual([['shutdown']]);
    sync.dispose();
  });

  it('refresh() after a sign-in without a page load boots the person the endpoint names', async () => {
    w.window!.intercomSettings = { ...VISITOR };
    const sync = createIntercomSync({
      fetch: async () =>
        new Response(
          JSON.stringify({ type: 'user_hash', platform: 'web', email: 'bob@example.com', user_hash: 'b'.repeat(64) }),
          {
            status: 200,
          },
        ),
    });
    await sync.refresh();
    expect(calls).toEqual([['shutdown'], ['boot', { app_id: 'abc12345', email: 'bob@example.com', user_hash: 'b'.repeat(64) }]]);
    sync.dispose();
  });

  it('refresh() for the same JWT user keeps the page’s profile settings and sends only the new token', async () => {
    const old = await signUserJwt(SECRET, { user_id: 'u_1001' }, { expiresIn: 600 });
    const fresh = await signUserJwt(SECRET, { user_id: 'u_1001', email: 'alice@example.com' }, { expiresIn: 900 });
    w.window!.intercomSettings = { app_id: 'abc12345', intercom_user_jwt: old, name: 'Alice' };
    const sync = createIntercomSync({
      fetch: async () => new Response(JSON.stringify({ type: 'jwt', intercom_user_jwt: fresh, expires_at: 0 }), { status: 200 }),
    });
    await sync.refresh();
    expect(calls).toEqual([['update', { intercom_user_jwt: fresh }]]);
    expect(w.window?.intercomSettings).toEqual({ app_id: 'abc12345', intercom_user_jwt: fresh, name: 'Alice' });
    sync.dispose();
  });

  it('refresh() leaves the Messenger alone when the endpoint fails or answers something else', async () => {
    for (const response of [new Response('oops', { status: 500 }), new Response('not json', { status: 200 })]) {
      const sync = createIntercomSync({ fetch: async () => response });
      await sync.refresh();
      sync.dispose();
    }
    expect(calls).toEqual([]);
  });

  it('is safe to import and create on a server (no window)', () => {
    delete w.window;
    const sync = createIntercomSync();
    sync.navigate();
    sync.apply(ALICE);
    shutdownIntercom();
    sync.dispose();
    expect(calls).toEqual([]);
  });

  it('a pluggable messenger gets every boot, update and shutdown, and its updates count against the budget', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const made: unknown[][] = [];
    const messenger = {
      boot: (settings: ClientSettings) => void made.push(['boot', settings]),
      update: (changes?: Record<string, unknown>) => void made.push(changes === undefined ? ['update'] : ['update', changes]),
      shutdown: () => void made.push(['shutdown']),
    };
    const sync = createIntercomSync({ messenger });
    sync.apply({ ...BOB });
    for (let i = 0; i < 20; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(made.slice(0, 2)).toEqual([['shutdown'], ['boot', BOB]]);
    // 20 navigations 30 s apart: the sync sends its share of the 20 updates (16), the other 4 are the app's.
    expect(made.filter(([command]) => command === 'update')).toHaveLength(16);
    expect(calls).toEqual([]);
    sync.dispose();
  });

  it('after a shutdown the next apply boots, even for the settings it had before (a visitor after logout)', () => {
    w.window!.intercomSettings = { ...VISITOR };
    const sync = createIntercomSync();
    sync.shutdown();
    sync.navigate();
    sync.apply({ ...VISITOR });
    expect(calls).toEqual([['shutdown'], ['boot', VISITOR]]);
    sync.dispose();
  });

  it('the built client module imports nothing from Node and knows no secret', () => {
    const built = readFileSync(new URL('../dist/client.js', import.meta.url), 'utf8');
    expect(built).not.toMatch(/from\s*['"]node:/);
    expect(built).not.toMatch(/createHmac|subtle\.sign|importKey/);
  });
});
