// Consent in the browser, as the client tests run it (globals stubbed in Node):
// the helpers of consent.ts with and without the boot script's gate, and
// connectIntercom when the backend requires consent. The page holds a cookie
// jar per host (support/cookie-jar.ts), localStorage that records every access,
// and script tags; a fake Messenger "arrives" when the test says its script has
// loaded: it takes the queued calls, boots from window.intercomSettings when no
// boot was queued (as the real one does) and records what it receives.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientSettings,
  CONSENT_EVENT,
  clearIntercomStorage,
  connectIntercom,
  grantIntercomConsent,
  type IntercomConnection,
  type IntercomIdentityState,
  intercomConsent,
  type Messenger,
  onIntercomConsent,
  withdrawIntercomConsent,
} from '../src/client/index.js';
import { CookieJar } from './support/cookie-jar.js';
import { errorOf } from './support.js';

const APP = 'ws2024ab';
const EU = 'https://api-iam.eu.intercom.io';
const WIDGET = 'https://widget.example.test/widget/ws2024ab';
const WORKSPACE = { app_id: APP, api_base: EU, widget_url: WIDGET };
const MARKER = `intercom-identity:last-person:${APP}`;
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const START = Date.UTC(2025, 0, 6, 9, 0, 0);

type Call = unknown[];
type IntercomStub = ((...args: unknown[]) => unknown) & { q?: unknown[][] };
type PageWindow = EventTarget & {
  Intercom?: IntercomStub;
  intercomSettings?: ClientSettings;
  intercomConsent?: unknown;
  grantIntercomConsent?: () => void;
  withdrawIntercomConsent?: () => void;
};
interface Tag {
  id: string;
  src: string;
  async: boolean;
  nonce: string;
  removed?: boolean;
  remove(): void;
}

let page: PageWindow;
let cookies: CookieJar;
let store: Map<string, string>;
let storageAccess: string[];
let tags: Tag[];
let received: Call[];
let events: unknown[];

function openPage(host = 'app.example.com'): void {
  page = new EventTarget() as PageWindow;
  cookies = new CookieJar(host);
  store = new Map();
  storageAccess = [];
  tags = [];
  received = [];
  events = [];
  page.addEventListener(CONSENT_EVENT, (event) => events.push((event as CustomEvent).detail));
  const head = { appendChild: (tag: Tag) => void tags.push(tag) };
  const doc = {
    head,
    documentElement: head,
    createElement: () => {
      const tag: Tag = {
        id: '',
        src: '',
        async: false,
        nonce: '',
        remove() {
          tag.removed = true;
        },
      };
      return tag;
    },
    getElementById: (id: string) => tags.find((tag) => tag.id === id && !tag.removed) ?? null,
    addEventListener() {},
    removeEventListener() {},
  };
  cookies.attach(doc);
  vi.stubGlobal('window', page);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('location', new URL(`https://${host}/`));
  vi.stubGlobal('localStorage', {
    get length() {
      return store.size;
    },
    key: (index: number) => [...store.keys()][index] ?? null,
    getItem: (key: string) => {
      storageAccess.push(`getItem ${key}`);
      return store.get(key) ?? null;
    },
    setItem: (key: string, value: string) => {
      storageAccess.push(`setItem ${key}`);
      store.set(key, value);
    },
    removeItem: (key: string) => {
      storageAccess.push(`removeItem ${key}`);
      store.delete(key);
    },
  });
}

/** The Messenger's script has loaded: it takes the queue, boots from the settings unless a boot was queued, and sets its cookies on boot. */
function messengerArrives(): void {
  const queued = Array.from(page.Intercom?.q ?? []);
  const messenger = (...args: unknown[]) => {
    received.push(args);
    if (args[0] === 'boot') {
      cookies.header = `intercom-session-${APP}=s; path=/; domain=.example.com`;
      cookies.header = `intercom-id-${APP}=v; path=/; max-age=23328000`;
      cookies.header = `intercom-device-id-${APP}=d; path=/; max-age=23328000`;
    }
    if (args[0] === 'shutdown') cookies.header = `intercom-session-${APP}=; path=/; max-age=0; domain=.example.com`;
  };
  page.Intercom = messenger;
  if (!queued.some(([command]) => command === 'boot') && page.intercomSettings?.app_id) messenger('boot', page.intercomSettings);
  for (const call of queued) messenger(...call);
}

const messengerScripts = () => tags.filter((tag) => !tag.removed);
const intercomCookies = () => cookies.names().filter((name) => name.startsWith('intercom-'));

/** A JWT as the browser sees it: the client reads its claims, the Messenger checks the signature. */
function jwt(userId: string, lifetimeSeconds: number, n = 0): string {
  const iat = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ user_id: userId, n, iat, exp: iat + lifetimeSeconds })}.sig`;
}

interface Answer {
  status?: number;
  body: unknown;
}

/** A proof endpoint that answers with the next answer (the last one again once they run out). */
function endpoint(...answers: Array<Answer | (() => Answer)>) {
  const asked: string[] = [];
  let next = 0;
  const fetch = vi.fn(async (url: string | URL | Request) => {
    asked.push(String(url));
    const chosen = answers[Math.min(next++, answers.length - 1)] as Answer | (() => Answer);
    const answer = typeof chosen === 'function' ? chosen() : chosen;
    return Response.json(answer.body, { status: answer.status ?? 200 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, asked };
}

const GATED = { ...WORKSPACE, consent: 'required' };
const aliceHash = (workspace: object = GATED) => ({
  body: { ...workspace, type: 'user_hash', platform: 'web', user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A },
});
const bobHash = { body: { ...GATED, type: 'user_hash', platform: 'web', email: 'bob@example.com', user_hash: HASH_B } };
const aliceBoot = { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A };

/** Resolves with the connection's state once `check` holds for it. */
function until(connection: IntercomConnection, check: (state: IntercomIdentityState) => boolean): Promise<IntercomIdentityState> {
  return new Promise((resolve) => {
    if (check(connection.getState())) return resolve(connection.getState());
    const stop = connection.subscribe((state) => {
      if (!check(state)) return;
      stop();
      resolve(state);
    });
  });
}

/** A Messenger driver that records what the connection asks of it, then passes it to window.Intercom. */
function recordingDriver(): Messenger & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    boot(settings) {
      calls.push('boot');
      page.Intercom?.('boot', settings);
    },
    update(changes) {
      calls.push('update');
      page.Intercom?.('update', changes);
    },
    shutdown() {
      calls.push('shutdown');
      page.Intercom?.('shutdown');
    },
  };
}

beforeEach(() => openPage());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the consent helpers', () => {
  it('intercomConsent() is "none" without a gate, else the state the gate set', () => {
    expect(intercomConsent()).toBe('none');
    for (const state of ['pending', 'granted', 'withdrawn'] as const) {
      page.intercomConsent = state;
      expect(intercomConsent()).toBe(state);
    }
    page.intercomConsent = 'yes';
    expect(intercomConsent()).toBe('none');
  });

  it('call the boot script’s gate when the page has one, and nothing else', () => {
    const gate: string[] = [];
    page.grantIntercomConsent = () => void gate.push('grant');
    page.withdrawIntercomConsent = () => void gate.push('withdraw');
    page.intercomConsent = 'pending';
    cookies.put(`intercom-id-${APP}`, 'x');
    grantIntercomConsent();
    withdrawIntercomConsent();
    expect(gate).toEqual(['grant', 'withdraw']);
    // The gate tells its own changes and does its own cleaning.
    expect(events).toEqual([]);
    expect(intercomCookies()).toEqual([`intercom-id-${APP}`]);
  });

  it('without the boot script: the grant sets the state and tells it, once', () => {
    const heard: string[] = [];
    const stop = onIntercomConsent((state) => heard.push(state));
    grantIntercomConsent();
    grantIntercomConsent();
    expect(intercomConsent()).toBe('granted');
    expect(heard).toEqual(['granted']);
    expect(events).toEqual(['granted']);
    stop();
    withdrawIntercomConsent();
    expect(heard).toEqual(['granted']);
  });

  it('without the boot script: the withdrawal shuts the Messenger down, removes its cookies everywhere and the marker', () => {
    page.intercomSettings = { app_id: APP };
    page.Intercom = (...args: unknown[]) => void received.push(args);
    cookies.put(`intercom-session-${APP}`, 's', 'example.com');
    cookies.put(`intercom-id-${APP}`, 'v');
    cookies.put(`intercom-device-id-${APP}`, 'd', 'app.example.com');
    cookies.put('theme', 'dark');
    store.set(MARKER, 'f'.repeat(32));
    store.set('app:cart', '3');
    const heard: string[] = [];
    onIntercomConsent((state) => heard.push(state));
    withdrawIntercomConsent();
    expect(received).toEqual([['shutdown']]);
    expect(cookies.names()).toEqual(['theme']);
    expect([...store.keys()]).toEqual(['app:cart']);
    expect(intercomConsent()).toBe('withdrawn');
    expect(heard).toEqual(['withdrawn']);
  });

  it('a Messenger that throws on shutdown still loses its cookies', () => {
    page.Intercom = () => {
      throw new Error('not booted');
    };
    cookies.put(`intercom-id-${APP}`, 'v');
    expect(() => withdrawIntercomConsent()).not.toThrow();
    expect(intercomCookies()).toEqual([]);
  });

  it('clearIntercomStorage(appId) removes that app’s marker; without one, every marker of the library', () => {
    store.set(MARKER, 'visitor');
    store.set('intercom-identity:last-person:other42x', 'visitor');
    store.set('app:cart', '3');
    cookies.put(`intercom-id-${APP}`, 'v', 'example.com');
    cookies.put('intercomish', 'kept');
    clearIntercomStorage(APP);
    expect([...store.keys()].sort()).toEqual(['app:cart', 'intercom-identity:last-person:other42x']);
    expect(cookies.names()).toEqual(['intercomish']);
    clearIntercomStorage();
    expect([...store.keys()]).toEqual(['app:cart']);
  });

  it('never tries a cookie for the top-level domain alone', () => {
    cookies.put(`intercom-id-${APP}`, 'v', 'example.com');
    clearIntercomStorage(APP);
    expect(cookies.writes.some((line) => /domain=\.com\b/.test(line))).toBe(false);
    expect(cookies.writes).toContain(
      `intercom-id-${APP}=;path=/;max-age=0;expires=Thu, 01 Jan 1970 00:00:00 GMT;domain=.example.com`,
    );
  });

  it('do nothing on a server (no window, no document)', () => {
    vi.unstubAllGlobals();
    expect(intercomConsent()).toBe('none');
    expect(() => {
      grantIntercomConsent();
      withdrawIntercomConsent();
      clearIntercomStorage(APP);
      onIntercomConsent(() => {})();
    }).not.toThrow();
  });
});

describe('connectIntercom when the backend requires consent', () => {
  it('asks its own backend, but loads nothing, boots nothing and touches no storage or cookie before consent', async () => {
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    const state = await intercom.ready;
    expect(asked).toEqual(['/api/intercom-identity?platform=web']);
    expect(state).toMatchObject({ status: 'awaiting-consent', workspace: { appId: APP }, user: null, proof: null });
    expect(messengerScripts()).toEqual([]);
    expect(page.Intercom).toBeUndefined();
    expect(page.intercomSettings).toBeUndefined();
    expect(storageAccess).toEqual([]);
    expect(cookies.writes).toEqual([]);
    // The page has a gate now, pending: a consent banner can show.
    expect(intercomConsent()).toBe('pending');
    expect(events).toEqual(['pending']);
    intercom.dispose();
  });

  it('the grant asks the backend again and boots the signed-in user, verified', async () => {
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    await intercom.ready;
    grantIntercomConsent();
    const state = await until(intercom, (s) => s.status === 'booted');
    expect(asked).toHaveLength(2);
    expect(state).toMatchObject({ user: { userId: 'u_1001' }, proof: 'user_hash' });
    expect(messengerScripts().map((tag) => tag.src)).toEqual([WIDGET]);
    messengerArrives();
    expect(received).toEqual([['boot', aliceBoot]]);
    intercom.dispose();
  });

  it('consent granted before the answer (a consent tool on page load): it boots at once, with one request', async () => {
    grantIntercomConsent();
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    expect((await intercom.ready).status).toBe('booted');
    expect(asked).toHaveLength(1);
    expect(intercomConsent()).toBe('granted');
    intercom.dispose();
  });

  it('a grant while the gate opens (a banner that remembers the choice) boots with that same answer', async () => {
    onIntercomConsent((state) => {
      if (state === 'pending') grantIntercomConsent();
    });
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    expect((await intercom.ready).status).toBe('booted');
    expect(asked).toHaveLength(1);
    intercom.dispose();
  });

  it('a grant right after the gate opens, before the answer is settled (a banner rendering), still boots', async () => {
    onIntercomConsent((state) => {
      if (state === 'pending') queueMicrotask(grantIntercomConsent);
    });
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    await intercom.ready;
    const state = await until(intercom, (s) => s.status === 'booted');
    expect(state.user).toEqual({ userId: 'u_1001', email: 'alice@example.com' });
    expect(asked).toHaveLength(2);
    intercom.dispose();
  });

  it('the withdrawal shuts down through the app’s SDK, removes the cookies and the marker, and stops the token refresh', async () => {
    vi.useFakeTimers({ now: START, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let count = 0;
    const { fetch, asked } = endpoint(() => ({
      body: { ...GATED, type: 'jwt', platform: 'web', intercom_user_jwt: jwt('u_1001', 60, count++), expires_at: 0 },
    }));
    const driver = recordingDriver();
    grantIntercomConsent();
    const intercom = connectIntercom({ fetch, messenger: driver });
    await intercom.ready;
    messengerArrives();
    expect(intercomCookies().length).toBe(3);
    store.set(MARKER, 'visitor');
    cookies.put('theme', 'dark');
    withdrawIntercomConsent();
    expect(driver.calls).toEqual(['boot', 'shutdown']);
    expect(received.at(-1)).toEqual(['shutdown']);
    expect(intercomCookies()).toEqual([]);
    expect(cookies.names()).toEqual(['theme']);
    expect(store.has(MARKER)).toBe(false);
    expect(intercom.getState()).toMatchObject({ status: 'awaiting-consent', user: null, proof: null });
    // Past the token's refresh time: no request, no update, nothing booted.
    const before = asked.length;
    await vi.advanceTimersByTimeAsync(180_000);
    intercom.navigate();
    await intercom.refresh();
    expect(asked.length).toBe(before + 1);
    expect(driver.calls).toEqual(['boot', 'shutdown']);
    expect(intercom.getState().status).toBe('awaiting-consent');
    intercom.dispose();
  });

  it('granted again, it boots whoever the backend signs now; the loaded Messenger is reused', async () => {
    const { fetch } = endpoint(aliceHash(), bobHash);
    grantIntercomConsent();
    const intercom = connectIntercom({ fetch });
    await intercom.ready;
    messengerArrives();
    withdrawIntercomConsent();
    received.length = 0;
    grantIntercomConsent();
    const state = await until(intercom, (s) => s.status === 'booted');
    expect(state.user).toEqual({ email: 'bob@example.com' });
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }]]);
    expect(messengerScripts()).toHaveLength(1);
    intercom.dispose();
  });

  it('withdrawn while the Messenger is still loading: it arrives to nothing, boots nobody and sets no cookie', async () => {
    grantIntercomConsent();
    const intercom = connectIntercom({ fetch: endpoint(aliceHash()).fetch });
    await intercom.ready;
    expect(messengerScripts()).toHaveLength(1);
    withdrawIntercomConsent();
    messengerArrives();
    expect(received).toEqual([]);
    expect(intercomCookies()).toEqual([]);
    // The grant boots the Messenger that arrived.
    grantIntercomConsent();
    await until(intercom, (s) => s.status === 'booted');
    expect(received).toEqual([['boot', aliceBoot]]);
    expect(messengerScripts()).toHaveLength(1);
    intercom.dispose();
  });

  it('the consent option overrides the answer: required waits, none boots at once and sets no gate', async () => {
    const waits = connectIntercom({ fetch: endpoint(aliceHash(WORKSPACE)).fetch, consent: 'required' });
    expect((await waits.ready).status).toBe('awaiting-consent');
    expect(page.Intercom).toBeUndefined();
    waits.dispose();
    openPage();
    const boots = connectIntercom({ fetch: endpoint(aliceHash()).fetch, consent: 'none' });
    expect((await boots.ready).status).toBe('booted');
    expect(intercomConsent()).toBe('none');
    boots.dispose();
  });

  it('without consent in the answer, nothing changes: it boots at once and sets no gate', async () => {
    const intercom = connectIntercom({ fetch: endpoint(aliceHash(WORKSPACE)).fetch });
    expect((await intercom.ready).status).toBe('booted');
    expect(intercomConsent()).toBe('none');
    expect(events).toEqual([]);
    intercom.dispose();
  });

  it('load: "interaction" in the answer is the boot script’s: a single-page app loads when it connects', async () => {
    const intercom = connectIntercom({ fetch: endpoint(aliceHash({ ...WORKSPACE, load: 'interaction' })).fetch });
    expect((await intercom.ready).status).toBe('booted');
    expect(messengerScripts()).toHaveLength(1);
    intercom.dispose();
  });

  it('after dispose() a grant boots nothing', async () => {
    const { fetch, asked } = endpoint(aliceHash());
    const intercom = connectIntercom({ fetch });
    await intercom.ready;
    intercom.dispose();
    grantIntercomConsent();
    // Once every reaction to the grant has run (they are microtasks, before the next task).
    await new Promise((resolve) => setTimeout(resolve));
    expect(asked).toHaveLength(1);
    expect(page.Intercom).toBeUndefined();
  });

  it('refuses a consent option it does not know', async () => {
    expect((await errorOf(() => connectIntercom({ consent: 'granted' as never }))).code).toBe('CONSENT_UNKNOWN');
  });
});
