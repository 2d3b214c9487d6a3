// The browser sync under Intercom's update budget: at most 20 `Intercom('update')`
// calls per 30 minutes in one page session, the rest ignored; boots and shutdowns
// are not updates; a page load starts over. The fake Messenger below keeps that
// rule and the token it holds, and the tests look only at what it receives.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClientSettings, createIntercomSync, shutdownIntercom } from '../src/client/index.js';

// The sync loads ./refresh.js with import() on its first refresh. Loaded here once,
// so that under fake timers it arrives at once, as a chunk the browser has cached
// does, rather than after the runner's real-time transform of it.
beforeAll(async () => {
  await import('../src/client/refresh.js');
});

const START = Date.UTC(2025, 0, 6, 9, 0, 0);
const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;

/** A JWT as the browser sees it: the sync reads its claims and never checks the signature (the Messenger does). */
function jwt(userId: string, lifetimeSeconds: number, issuedAt = Date.now()): string {
  const iat = Math.floor(issuedAt / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ user_id: userId, iat, exp: iat + lifetimeSeconds })}.signature`;
}

function expOf(token: unknown): number {
  const claims = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  return claims.exp * 1000;
}

interface Received {
  at: number;
  call: unknown[];
}

/** The Messenger of one page load, as Intercom runs it. */
function fakeMessenger() {
  const received: Received[] = [];
  const accepted: number[] = [];
  let ignored = 0;
  let held: unknown;
  const Intercom = (command: string, ...args: unknown[]) => {
    const at = Date.now();
    received.push({ at, call: [command, ...args] });
    const given = args[0] as ClientSettings | undefined;
    if (command === 'boot') held = given?.intercom_user_jwt;
    if (command === 'shutdown') held = undefined;
    if (command !== 'update') return;
    if (accepted.filter((sent) => sent > at - HALF_HOUR).length >= 20) {
      ignored++;
      return;
    }
    accepted.push(at);
    if (given?.intercom_user_jwt !== undefined) held = given.intercom_user_jwt;
  };
  return {
    Intercom,
    received,
    calls: () => received.map((r) => r.call),
    updates: () => received.filter((r) => r.call[0] === 'update'),
    ignored: () => ignored,
    held: () => held,
  };
}

type Messenger = ReturnType<typeof fakeMessenger>;

/** An event target that knows which listeners are still attached, as a page's window and document do. */
class ListenedTarget extends EventTarget {
  readonly listening = new Set<string>();
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listening.add(type);
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listening.delete(type);
    super.removeEventListener(type, listener);
  }
}

type Page = ListenedTarget & { Intercom?: (command: string, ...args: unknown[]) => void; intercomSettings?: ClientSettings };
const g = globalThis as unknown as { window?: Page };

let messenger: Messenger;
let page: ListenedTarget & { visibilityState: DocumentVisibilityState };

/** A page load: a new window and Messenger, booted by the boot script with `settings`. */
function load(settings: ClientSettings): void {
  messenger = fakeMessenger();
  g.window = Object.assign(new ListenedTarget(), { Intercom: messenger.Intercom, intercomSettings: { ...settings } });
  messenger.Intercom('boot', settings);
  messenger.received.length = 0;
}

/** A proof endpoint that signs a fresh token for Alice on every request. */
function aliceEndpoint(lifetimeSeconds: number) {
  const fetched: number[] = [];
  const fetch = vi.fn(async () => {
    fetched.push(Date.now());
    return Response.json({ type: 'jwt', intercom_user_jwt: jwt('u_1001', lifetimeSeconds) });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, fetched };
}

const ALICE_HASH: ClientSettings = { app_id: 'abc12345', user_id: 'u_1001', user_hash: 'a'.repeat(64) };

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  page = Object.assign(new ListenedTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  vi.stubGlobal('document', page);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  delete g.window;
});

describe('navigation updates under the update budget', () => {
  it('100 navigations in 10 minutes with 30 s tokens: at most 16 updates, none ignored, and the Messenger ends with a valid token', async () => {
    load({ app_id: 'abc12345', name: 'Alice', intercom_user_jwt: jwt('u_1001', 30) });
    const endpoint = aliceEndpoint(30);
    const sync = createIntercomSync({ fetch: endpoint.fetch });
    for (let i = 0; i < 100; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(6_000);
    }
    await vi.advanceTimersByTimeAsync(MINUTE);

    const updates = messenger.updates();
    expect(updates.length).toBeLessThanOrEqual(16);
    expect(messenger.ignored()).toBe(0);
    // Every update of a JWT user carried a token that was valid when it was sent.
    for (const { at, call } of updates) expect(expOf((call[1] as ClientSettings).intercom_user_jwt)).toBeGreaterThan(at);
    // Once the budget was spent, the refreshed tokens came by boot, never after a shutdown.
    expect(messenger.calls().some(([command]) => command === 'boot')).toBe(true);
    expect(messenger.calls().some(([command]) => command === 'shutdown')).toBe(false);
    expect(expOf(messenger.held())).toBeGreaterThan(Date.now());
    expect(endpoint.fetched.length).toBeGreaterThan(20);
    sync.dispose();
  });

  it('a burst of navigations costs one update at once and one at the end of 30 s', async () => {
    load(ALICE_HASH);
    const sync = createIntercomSync();
    for (let i = 0; i < 5; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(messenger.calls()).toEqual([['update']]);
    await vi.advanceTimersByTimeAsync(28_000);
    expect(messenger.calls()).toEqual([['update']]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(messenger.updates().map((u) => u.at - START)).toEqual([0, 30_000]);
    // Nothing more without navigation; after a quiet spell the next one goes out at once.
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    sync.navigate();
    expect(messenger.updates()).toHaveLength(3);
    sync.dispose();
  });

  it('a navigation 30 s after the last update goes out at once; a single one within 30 s waits for the rest of them', async () => {
    load(ALICE_HASH);
    const sync = createIntercomSync();
    sync.navigate();
    await vi.advanceTimersByTimeAsync(30_000);
    sync.navigate();
    await vi.advanceTimersByTimeAsync(10_000);
    sync.navigate();
    expect(messenger.updates().map((u) => u.at - START)).toEqual([0, 30_000]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(messenger.updates().map((u) => u.at - START)).toEqual([0, 30_000, 60_000]);
    sync.dispose();
  });

  it('a token refresh while a navigation waits tells the Messenger in the same update', async () => {
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 30) });
    const first = g.window?.intercomSettings?.intercom_user_jwt;
    const sync = createIntercomSync({ fetch: aliceEndpoint(30).fetch });
    sync.navigate();
    await vi.advanceTimersByTimeAsync(10_000);
    sync.navigate();
    // The refresh is due at 24 s (a fifth of the 30 s life left); the waiting navigation was due at 30 s.
    await vi.advanceTimersByTimeAsync(25_000);
    const fresh = g.window?.intercomSettings?.intercom_user_jwt;
    expect(fresh).not.toBe(first);
    expect(messenger.calls()).toEqual([
      ['update', { intercom_user_jwt: first }],
      ['update', { intercom_user_jwt: fresh }],
    ]);
    sync.dispose();
  });

  it('a navigation when the held token has expired (timers held back) fetches a fresh one instead of sending the old one', async () => {
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 30) });
    const first = g.window?.intercomSettings?.intercom_user_jwt;
    const endpoint = aliceEndpoint(30);
    const sync = createIntercomSync({ fetch: endpoint.fetch });
    sync.navigate();
    // The clock moves on while no timer runs, as in a throttled tab.
    vi.setSystemTime(START + 45_000);
    sync.navigate();
    await vi.advanceTimersByTimeAsync(0);
    const fresh = g.window?.intercomSettings?.intercom_user_jwt;
    expect(endpoint.fetched).toEqual([START + 45_000]);
    expect(messenger.calls()).toEqual([
      ['update', { intercom_user_jwt: first }],
      ['update', { intercom_user_jwt: fresh }],
    ]);
    expect(expOf(messenger.held())).toBeGreaterThan(Date.now());
    sync.dispose();
  });

  it('a navigation in the token’s last stretch (past its refresh time, not expired) waits for the fresh token: one update tells both', async () => {
    // A 300 s token is refreshed 60 s before it expires.
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 300) });
    const endpoint = aliceEndpoint(300);
    const sync = createIntercomSync({ fetch: endpoint.fetch });
    // The clock moves on while no timer runs: 250 s in, the token has 50 s left.
    vi.setSystemTime(START + 250_000);
    sync.navigate();
    await vi.advanceTimersByTimeAsync(0);
    const fresh = g.window?.intercomSettings?.intercom_user_jwt;
    expect(endpoint.fetched).toEqual([START + 250_000]);
    expect(messenger.calls()).toEqual([['update', { intercom_user_jwt: fresh }]]);
    expect(expOf(fresh)).toBe(START + 250_000 + 300_000);
    // The navigation was told by that update: nothing waits, nothing more is sent.
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(messenger.updates()).toHaveLength(1);
    sync.dispose();
  });
});

describe('the budget and the app’s reserve', () => {
  it('the sync sends at most 16 updates in 30 minutes, so the app’s own 4 are still accepted', async () => {
    load(ALICE_HASH);
    const sync = createIntercomSync();
    for (let i = 0; i < 40; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(31_000);
    }
    expect(messenger.updates()).toHaveLength(16);
    for (let i = 0; i < 4; i++) g.window?.Intercom?.('update', { plan: 'pro' });
    expect(messenger.ignored()).toBe(0);
    sync.dispose();
  });

  it('the window slides: 30 minutes after an update, its place is free again', async () => {
    load(ALICE_HASH);
    const sync = createIntercomSync();
    for (let i = 0; i < 17; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(31_000);
    }
    expect(messenger.updates()).toHaveLength(16);
    vi.setSystemTime(START + HALF_HOUR + 1);
    sync.navigate();
    expect(messenger.updates()).toHaveLength(17);
    sync.navigate();
    await vi.advanceTimersByTimeAsync(31_000);
    // The second update of the window is still counted.
    expect(messenger.updates()).toHaveLength(17);
    sync.dispose();
  });

  it('belongs to the page: a sync created again continues the count, a page load starts over', async () => {
    load(ALICE_HASH);
    const first = createIntercomSync();
    for (let i = 0; i < 10; i++) {
      first.navigate();
      await vi.advanceTimersByTimeAsync(31_000);
    }
    first.dispose();
    const second = createIntercomSync();
    for (let i = 0; i < 10; i++) {
      second.navigate();
      await vi.advanceTimersByTimeAsync(31_000);
    }
    expect(messenger.updates()).toHaveLength(16);
    second.dispose();

    load(ALICE_HASH);
    const afterReload = createIntercomSync();
    afterReload.navigate();
    expect(messenger.calls()).toEqual([['update']]);
    afterReload.dispose();
  });
});

describe('a new token never waits for the budget', () => {
  async function spendTheBudget(settings: ClientSettings, fetch?: typeof globalThis.fetch) {
    load(settings);
    const sync = createIntercomSync(fetch ? { fetch } : {});
    for (let i = 0; i < 16; i++) {
      sync.navigate();
      await vi.advanceTimersByTimeAsync(31_000);
    }
    sync.navigate();
    await vi.advanceTimersByTimeAsync(31_000);
    expect(messenger.updates()).toHaveLength(16);
    messenger.received.length = 0;
    return sync;
  }

  it('while the budget has room, the new token goes out as an update', async () => {
    load({ app_id: 'abc12345', name: 'Alice', intercom_user_jwt: jwt('u_1001', 3600) });
    const sync = createIntercomSync({ fetch: aliceEndpoint(3600).fetch });
    await vi.advanceTimersByTimeAsync(1_000);
    await sync.refresh();
    const fresh = g.window?.intercomSettings?.intercom_user_jwt;
    expect(messenger.calls()).toEqual([['update', { intercom_user_jwt: fresh }]]);
    sync.dispose();
  });

  it('with the budget spent, refresh() boots again with the current settings and the new token, without a shutdown', async () => {
    const sync = await spendTheBudget(
      { app_id: 'abc12345', name: 'Alice', intercom_user_jwt: jwt('u_1001', 3600) },
      aliceEndpoint(3600).fetch,
    );
    await sync.refresh();
    const fresh = g.window?.intercomSettings?.intercom_user_jwt;
    const booted = { app_id: 'abc12345', name: 'Alice', intercom_user_jwt: fresh };
    expect(messenger.calls()).toEqual([['boot', booted]]);
    expect(g.window?.intercomSettings).toEqual(booted);
    expect(messenger.held()).toBe(fresh);
    sync.dispose();
  });

  it('with the budget spent, the timed refresh of a 30 s token boots too, and the Messenger holds a valid token throughout', async () => {
    const sync = await spendTheBudget({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 30) }, aliceEndpoint(30).fetch);
    for (let second = 0; second < 120; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      expect(expOf(messenger.held())).toBeGreaterThan(Date.now());
    }
    const commands = messenger.calls().map(([command]) => command);
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(new Set(commands)).toEqual(new Set(['boot']));
    sync.dispose();
  });

  it('with the budget spent, a new token from a server render of the same person boots too', async () => {
    const sync = await spendTheBudget({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 3600) });
    // Signed later than the page's token, so it is a new one for the same person.
    const rendered = { app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 3600) };
    expect(rendered.intercom_user_jwt).not.toBe(g.window?.intercomSettings?.intercom_user_jwt);
    sync.apply(rendered);
    expect(messenger.calls()).toEqual([['boot', rendered]]);
    expect(g.window?.intercomSettings).toEqual(rendered);
    sync.dispose();
  });

  it('another person is still a shutdown and a boot, whatever the budget', async () => {
    const sync = await spendTheBudget(ALICE_HASH);
    const bob = { app_id: 'abc12345', email: 'bob@example.com', user_hash: 'b'.repeat(64) };
    sync.apply(bob);
    expect(messenger.calls()).toEqual([['shutdown'], ['boot', bob]]);
    sync.dispose();
  });
});

describe('a page that comes back', () => {
  async function hiddenPast(seconds: number, lifetime: number) {
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', lifetime) });
    const endpoint = aliceEndpoint(lifetime);
    const sync = createIntercomSync({ fetch: endpoint.fetch });
    page.visibilityState = 'hidden';
    page.dispatchEvent(new Event('visibilitychange'));
    // A hidden tab's timers are held back: the clock moves, the refresh timer does not fire.
    vi.setSystemTime(START + seconds * 1000);
    return { sync, endpoint };
  }

  it('a tab that becomes visible with a token past its refresh time gets a fresh one at once', async () => {
    const { sync, endpoint } = await hiddenPast(27, 30);
    page.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.fetched).toEqual([]);
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.fetched).toEqual([START + 27_000]);
    expect(messenger.calls()).toEqual([['update', { intercom_user_jwt: g.window?.intercomSettings?.intercom_user_jwt }]]);
    expect(expOf(messenger.held())).toBeGreaterThan(Date.now());
    sync.dispose();
  });

  it('a tab that becomes visible with a token still fresh asks for nothing', async () => {
    const { sync, endpoint } = await hiddenPast(60, 600);
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.fetched).toEqual([]);
    expect(messenger.calls()).toEqual([]);
    sync.dispose();
  });

  it.each(['pageshow', 'online'])('a %s event with an expired token gets a fresh one', async (type) => {
    const { sync, endpoint } = await hiddenPast(40, 30);
    page.visibilityState = 'visible';
    g.window?.dispatchEvent(new Event(type));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.fetched).toEqual([START + 40_000]);
    expect(expOf(messenger.held())).toBeGreaterThan(Date.now());
    sync.dispose();
  });

  it('several wake-ups at once make one request', async () => {
    const { sync, endpoint } = await hiddenPast(40, 30);
    page.visibilityState = 'visible';
    page.dispatchEvent(new Event('visibilitychange'));
    g.window?.dispatchEvent(new Event('pageshow'));
    g.window?.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(endpoint.fetched).toHaveLength(1);
    sync.dispose();
  });
});

describe('a browser clock far ahead of the server', () => {
  it('makes no loop of requests: every token looks due, yet the sync asks at most every 5 s', async () => {
    // The server signs by its own clock, two minutes behind this browser's.
    const serverNow = () => Date.now() - 2 * MINUTE;
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 30, serverNow()) });
    const fetched: number[] = [];
    const fetch = vi.fn(async () => {
      fetched.push(Date.now());
      return Response.json({ type: 'jwt', intercom_user_jwt: jwt('u_1001', 30, serverNow()) });
    });
    const sync = createIntercomSync({ fetch: fetch as unknown as typeof globalThis.fetch });
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(fetched.length).toBeGreaterThan(1);
    expect(fetched.length).toBeLessThanOrEqual(13);
    for (let i = 1; i < fetched.length; i++) expect((fetched[i] ?? 0) - (fetched[i - 1] ?? 0)).toBeGreaterThanOrEqual(5_000);
    sync.dispose();
  });
});

describe('dispose and logout', () => {
  it('dispose() removes the page listeners and drops a waiting navigation update', async () => {
    load({ app_id: 'abc12345', intercom_user_jwt: jwt('u_1001', 30) });
    const endpoint = aliceEndpoint(30);
    const sync = createIntercomSync({ fetch: endpoint.fetch });
    expect([...page.listening, ...(g.window?.listening ?? [])]).toEqual(['visibilitychange', 'pageshow', 'online']);
    sync.navigate();
    sync.navigate();
    sync.dispose();
    expect([...page.listening, ...(g.window?.listening ?? [])]).toEqual([]);
    vi.setSystemTime(START + 40_000);
    page.dispatchEvent(new Event('visibilitychange'));
    g.window?.dispatchEvent(new Event('pageshow'));
    g.window?.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(endpoint.fetched).toEqual([]);
    expect(messenger.calls()).toHaveLength(1);
  });

  it('a logout drops a waiting navigation update: nothing follows the shutdown', async () => {
    load(ALICE_HASH);
    const sync = createIntercomSync();
    sync.navigate();
    sync.navigate();
    shutdownIntercom();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(messenger.calls()).toEqual([['update'], ['shutdown']]);
    sync.dispose();
  });
});
