// The single-page entry (connectIntercom) through the Messengers it boots with:
// window.Intercom and its own loader, and Intercom's official SDK
// (@intercom/messenger-js-sdk, the real module). A fake page holds what a
// browser would: the script tags, the cookie, localStorage; a fake Messenger
// "arrives" when the test says its script has loaded, replays the queue as the
// real one does, and records every call it receives.
import { createRequire } from 'node:module';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ClientSettings,
  connectIntercom,
  fromMessengerJsSdk,
  type Messenger,
  type MessengerJsSdk,
  shutdownIntercom,
} from '../src/client/index.js';
import { errorOf } from './support.js';

// The sync loads ./refresh.js with import() on its first refresh. Loaded here once,
// so that under fake timers it arrives at once, as a chunk the browser has cached
// does, rather than after the runner's real-time transform of it.
beforeAll(async () => {
  await import('../src/client/refresh.js');
});

// The official SDK is a dependency of the React package, not of the core: it is loaded from there.
const sdk = createRequire(new URL('../../react/package.json', import.meta.url))('@intercom/messenger-js-sdk') as MessengerJsSdk;

const APP = 'ws2024ab';
const EU = 'https://api-iam.eu.intercom.io';
const WIDGET = 'https://widget.example.test/widget/ws2024ab';
const WORKSPACE = { app_id: APP, api_base: EU, widget_url: WIDGET };
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const START = Date.UTC(2025, 0, 6, 9, 0, 0);

/** A JWT as the browser sees it: the client reads its claims, the Messenger checks the signature. */
function jwt(userId: string, lifetimeSeconds: number, extra: Record<string, unknown> = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ user_id: userId, ...extra, iat, exp: iat + lifetimeSeconds })}.sig`;
}

interface Tag {
  id: string;
  src: string;
  async: boolean;
  nonce: string;
  type?: string;
  removed?: boolean;
  parentNode?: { insertBefore(tag: Tag, before: Tag): void };
  remove(): void;
}

type Call = unknown[];
type IntercomStub = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
interface PageWindow {
  Intercom?: IntercomStub;
  intercomSettings?: ClientSettings;
  addEventListener(): void;
  removeEventListener(): void;
}

let tags: Tag[];
let received: Call[];
let store: Map<string, string>;
let page: PageWindow;
let doc: { cookie: string };

/** A page at `origin` that has loaded the app and nothing else (one script tag: the app's). */
function openPage(origin = 'https://app.example.com', cookie = ''): void {
  tags = [];
  received = [];
  store = new Map();
  const appScript = makeTag();
  appScript.src = '/assets/app.js';
  tags.push(appScript);
  const head = { appendChild: (tag: Tag) => void tags.push(tag) };
  doc = {
    cookie,
    readyState: 'complete',
    head,
    documentElement: head,
    createElement: () => makeTag(),
    getElementById: (id: string) => tags.find((tag) => tag.id === id && !tag.removed) ?? null,
    getElementsByTagName: () => tags.filter((tag) => !tag.removed),
    addEventListener() {},
    removeEventListener() {},
  } as unknown as { cookie: string };
  page = { addEventListener() {}, removeEventListener() {} };
  vi.stubGlobal('window', page);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('location', new URL(`${origin}/`));
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => void store.set(key, value),
    removeItem: (key: string) => void store.delete(key),
  });
}

function makeTag(): Tag {
  const tag: Tag = {
    id: '',
    src: '',
    async: false,
    nonce: '',
    parentNode: { insertBefore: (added: Tag) => void tags.push(added) },
    remove() {
      tag.removed = true;
    },
  };
  return tag;
}

/** The Messenger's script has loaded: it takes the queued calls, then answers every call itself. */
function messengerArrives(): void {
  const queued = Array.from(page.Intercom?.q ?? []);
  // The SDK keeps its queue for the life of the module: the Messenger empties it, as it takes the calls.
  if (Array.isArray(page.Intercom?.q)) page.Intercom.q.length = 0;
  page.Intercom = (...args: unknown[]) => void received.push(args);
  for (const call of queued) page.Intercom(...Array.from(call));
}

/** Scripts the client added for the Messenger. */
function messengerScripts(): Tag[] {
  return tags.filter((tag) => !tag.removed && tag.src !== '/assets/app.js');
}

interface Asked {
  url: string;
  credentials: RequestCredentials | undefined;
}

/** A proof endpoint that answers with the next body of `answers` (the last one again once they run out). */
function endpoint(...answers: Array<{ status?: number; body: unknown }>) {
  const asked: Asked[] = [];
  let next = 0;
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    asked.push({ url: String(url), credentials: init?.credentials });
    const answer = answers[Math.min(next++, answers.length - 1)] as { status?: number; body: unknown };
    return Response.json(answer.body, { status: answer.status ?? 200 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, asked };
}

const aliceHash = {
  ...WORKSPACE,
  type: 'user_hash',
  platform: 'web',
  user_id: 'u_1001',
  email: 'alice@example.com',
  user_hash: HASH_A,
};
const bobHash = { ...WORKSPACE, type: 'user_hash', platform: 'web', email: 'bob@example.com', user_hash: HASH_B };
const noSession = { status: 401, body: { error: { code: 'NO_SESSION', message: 'Sign in first.' }, ...WORKSPACE } };
const aliceJwt = (token: string) => ({
  body: { ...WORKSPACE, type: 'jwt', platform: 'web', intercom_user_jwt: token, expires_at: 0 },
});

interface Driver {
  name: string;
  messenger: () => Messenger | undefined;
  /** The id of the script tag that loads the Messenger. */
  scriptId: string;
}

const DRIVERS: Driver[] = [
  { name: 'window.Intercom (the default)', messenger: () => undefined, scriptId: 'intercom-identity-messenger' },
  { name: '@intercom/messenger-js-sdk', messenger: () => fromMessengerJsSdk(sdk), scriptId: '_intercom_npm_loader' },
];

beforeEach(() => {
  openPage();
});
afterEach(() => {
  // The SDK keeps its queue for the life of the module: calls no Messenger took must not reach the next test.
  if (Array.isArray(page.Intercom?.q)) page.Intercom.q.length = 0;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe.each(DRIVERS)('connectIntercom through $name', (driver) => {
  const connect = (fetch: typeof globalThis.fetch, extra: Parameters<typeof connectIntercom>[0] = {}) => {
    const messenger = driver.messenger();
    return connectIntercom({ fetch, ...(messenger ? { messenger } : {}), ...extra });
  };

  it('boots Alice with her user_hash: the app id, region and script come from the answer', async () => {
    const { fetch, asked } = endpoint({ body: aliceHash });
    const intercom = connect(fetch);
    expect(intercom.getState().status).toBe('loading');
    const state = await intercom.ready;
    expect(asked).toEqual([{ url: '/api/intercom-identity?platform=web', credentials: 'same-origin' }]);
    expect(messengerScripts().map((tag) => [tag.id, tag.src, tag.async])).toEqual([[driver.scriptId, WIDGET, true]]);
    messengerArrives();
    expect(received).toEqual([
      ['boot', { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A }],
    ]);
    expect(state).toMatchObject({
      status: 'booted',
      workspace: { appId: APP, apiBase: EU, widgetUrl: WIDGET },
      user: { userId: 'u_1001', email: 'alice@example.com' },
      proof: 'user_hash',
      problem: null,
    });
    intercom.dispose();
  });

  it('boots a JWT user with the token alone; who it is comes from the token', async () => {
    const token = jwt('u_1001', 600, { email: 'alice@example.com' });
    const intercom = connect(endpoint(aliceJwt(token)).fetch);
    const state = await intercom.ready;
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU, intercom_user_jwt: token }]]);
    expect(state).toMatchObject({ status: 'booted', user: { userId: 'u_1001', email: 'alice@example.com' }, proof: 'jwt' });
    intercom.dispose();
  });

  it('boots a visitor without a proof, and marks the browser as a visitor’s', async () => {
    const intercom = connect(endpoint(noSession).fetch);
    const state = await intercom.ready;
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU }]]);
    expect(state).toMatchObject({ status: 'booted', user: null, proof: null, problem: null });
    expect(store.get(`intercom-identity:last-person:${APP}`)).toBe('visitor');
    intercom.dispose();
  });

  it('a visitor on a browser that holds a Messenger session of unknown owner shuts it down first (fail closed)', async () => {
    openPage('https://app.example.com', `theme=dark; intercom-session-${APP}=alices-session`);
    const intercom = connect(endpoint(noSession).fetch);
    await intercom.ready;
    messengerArrives();
    expect(received).toEqual([['shutdown'], ['boot', { app_id: APP, api_base: EU }]]);
    intercom.dispose();
  });

  it('a visitor after a visitor keeps their session (the marker says so)', async () => {
    openPage('https://app.example.com', `intercom-session-${APP}=visitors-session`);
    store.set(`intercom-identity:last-person:${APP}`, 'visitor');
    const intercom = connect(endpoint(noSession).fetch);
    await intercom.ready;
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU }]]);
    intercom.dispose();
  });

  it('another person after refresh(): shutdown, then boot; a visitor after sign-out the same way', async () => {
    const intercom = connect(endpoint({ body: aliceHash }, { body: bobHash }, noSession).fetch);
    await intercom.ready;
    messengerArrives();
    received.length = 0;
    await intercom.refresh();
    expect(received).toEqual([
      ['shutdown'],
      ['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }],
    ]);
    expect(intercom.getState().user).toEqual({ email: 'bob@example.com' });
    received.length = 0;
    await intercom.refresh();
    expect(received).toEqual([['shutdown'], ['boot', { app_id: APP, api_base: EU }]]);
    expect(intercom.getState()).toMatchObject({ status: 'booted', user: null });
    intercom.dispose();
  });

  it('logout() shuts down and forgets the person; refresh() then boots whoever is signed in', async () => {
    vi.useFakeTimers({ now: START });
    const intercom = connect(endpoint(aliceJwt(jwt('u_1001', 60)), noSession).fetch);
    await intercom.ready;
    messengerArrives();
    received.length = 0;
    intercom.logout();
    expect(received).toEqual([['shutdown']]);
    expect(intercom.getState()).toMatchObject({ status: 'shutdown', user: null, proof: null });
    // No token refresh, no navigation update for a person who left.
    intercom.navigate();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(received).toEqual([['shutdown']]);
    await intercom.refresh();
    expect(received).toEqual([['shutdown'], ['boot', { app_id: APP, api_base: EU }]]);
    intercom.dispose();
  });

  it('shutdownIntercom() stops the connection’s Messenger too', async () => {
    const intercom = connect(endpoint({ body: aliceHash }).fetch);
    await intercom.ready;
    messengerArrives();
    shutdownIntercom();
    expect(received.at(-1)).toEqual(['shutdown']);
    expect(intercom.getState().status).toBe('shutdown');
    intercom.dispose();
  });

  it('refreshes the JWT before it expires, by an update while the budget has room', async () => {
    vi.useFakeTimers({ now: START });
    const first = jwt('u_1001', 20);
    const { fetch, asked } = endpoint(aliceJwt(first), aliceJwt(jwt('u_1001', 20, { n: 2 })));
    const intercom = connect(fetch);
    await intercom.ready;
    messengerArrives();
    await vi.advanceTimersByTimeAsync(17_000);
    expect(asked).toHaveLength(2);
    const fresh = page.intercomSettings?.intercom_user_jwt;
    expect(fresh).not.toBe(first);
    expect(received).toEqual([
      ['boot', { app_id: APP, api_base: EU, intercom_user_jwt: first }],
      ['update', { intercom_user_jwt: fresh }],
    ]);
    intercom.dispose();
  });

  it('once the budget has no room, a new token goes out by a boot without a shutdown', async () => {
    vi.useFakeTimers({ now: START });
    let count = 0;
    const fetch = (async () => Response.json(aliceJwt(jwt('u_1001', 3600, { n: count++ })).body)) as typeof globalThis.fetch;
    const intercom = connect(fetch);
    await intercom.ready;
    messengerArrives();
    // 16 new tokens spend the sync's share of the 20 updates (4 stay for the app's own).
    for (let i = 0; i < 17; i++) await intercom.refresh();
    const commands = received.map(([command]) => command);
    expect(commands.filter((command) => command === 'update')).toHaveLength(16);
    expect(commands).not.toContain('shutdown');
    expect(received.at(-1)).toEqual([
      'boot',
      { app_id: APP, api_base: EU, intercom_user_jwt: page.intercomSettings?.intercom_user_jwt },
    ]);
    intercom.dispose();
  });

  it('asks a backend on another origin with credentials: include', async () => {
    const { fetch, asked } = endpoint({ body: aliceHash });
    const intercom = connect(fetch, { endpoint: 'https://api.example.com/api/intercom-identity' });
    await intercom.ready;
    expect(asked).toEqual([{ url: 'https://api.example.com/api/intercom-identity?platform=web', credentials: 'include' }]);
    intercom.dispose();
  });

  it('one build serves any workspace: another answer, another app id, region and script', async () => {
    const other = {
      app_id: 'other42x',
      api_base: 'https://api-iam.intercom.io',
      widget_url: 'https://widget.example.test/widget/other42x',
    };
    const intercom = connect(endpoint({ status: 401, body: { error: { code: 'NO_SESSION' }, ...other } }).fetch);
    const state = await intercom.ready;
    expect(messengerScripts().map((tag) => tag.src)).toEqual([other.widget_url]);
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: 'other42x', api_base: 'https://api-iam.intercom.io' }]]);
    expect(state.workspace).toEqual({ appId: 'other42x', apiBase: other.api_base, widgetUrl: other.widget_url });
    intercom.dispose();
  });

  it('an answer that names no workspace (an origin the backend refuses, a network error) boots nothing', async () => {
    for (const fetch of [
      endpoint({ status: 403, body: { error: { code: 'ORIGIN_NOT_ALLOWED', message: 'no' } } }).fetch,
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof globalThis.fetch,
    ]) {
      openPage();
      const intercom = connect(fetch);
      const state = await intercom.ready;
      expect(state).toMatchObject({ status: 'unavailable', workspace: null, user: null });
      expect(['ORIGIN_NOT_ALLOWED', 'FETCH_FAILED']).toContain(state.problem);
      expect(messengerScripts()).toEqual([]);
      expect(page.Intercom).toBeUndefined();
      intercom.dispose();
    }
  });

  it('boots with the plain profile a server-rendered page would have (the answer’s settings), the app’s settings over it', async () => {
    const token = jwt('u_1001', 600, { email: 'alice@example.com' });
    const settings = {
      app_id: APP,
      api_base: EU,
      intercom_user_jwt: token,
      name: 'Alice Example',
      created_at: 1700000000,
      alignment: 'right',
    };
    const answer = { body: { ...WORKSPACE, type: 'jwt', platform: 'web', intercom_user_jwt: token, expires_at: 0, settings } };
    const intercom = connect(endpoint(answer).fetch, { settings: { alignment: 'left' } });
    await intercom.ready;
    messengerArrives();
    expect(received).toEqual([
      [
        'boot',
        { name: 'Alice Example', created_at: 1700000000, app_id: APP, api_base: EU, alignment: 'left', intercom_user_jwt: token },
      ],
    ]);
    intercom.dispose();
  });

  it('takes no identity from the answer’s settings, and none of them when they stand for another proof', async () => {
    const forged = { ...aliceHash, settings: { ...aliceHash, user_id: 'u_2002', email: 'mallory@example.com', name: 'A' } };
    const other = { ...aliceHash, settings: { user_id: 'u_1001', user_hash: HASH_B, name: 'Not Alice' } };
    const intercom = connect(endpoint({ body: forged }, { body: other }).fetch);
    await intercom.ready;
    messengerArrives();
    const alice = { app_id: APP, api_base: EU, user_hash: HASH_A, user_id: 'u_1001', email: 'alice@example.com' };
    // The settings name another user id than the proof: they are not this proof's, so no profile from them.
    expect(received).toEqual([['boot', alice]]);
    intercom.dispose();
    const again = connect(endpoint({ body: other }).fetch);
    await again.ready;
    expect(received.at(-1)).toEqual(['boot', alice]);
    again.dispose();
  });

  it('the page’s own settings go with every boot, for every person', async () => {
    const intercom = connect(endpoint({ body: aliceHash }, noSession).fetch, {
      settings: { hide_default_launcher: true, language_override: 'fr' },
    });
    await intercom.ready;
    messengerArrives();
    await intercom.refresh();
    const page = { hide_default_launcher: true, language_override: 'fr' };
    expect(received.filter(([command]) => command === 'boot').map(([, settings]) => settings)).toEqual([
      { app_id: APP, api_base: EU, ...page, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A },
      { app_id: APP, api_base: EU, ...page },
    ]);
    intercom.dispose();
  });
});

describe('connectIntercom with window.Intercom', () => {
  it('puts the CSP nonce on the script tag', async () => {
    const intercom = connectIntercom({ fetch: endpoint(noSession).fetch, nonce: 'r4nd0m+N0nce==' });
    await intercom.ready;
    expect(messengerScripts().map((tag) => tag.nonce)).toEqual(['r4nd0m+N0nce==']);
    intercom.dispose();
  });

  it('loads the Messenger again when the app shut it down and removed window.Intercom (one script tag at a time)', async () => {
    const intercom = connectIntercom({ fetch: endpoint({ body: aliceHash }, { body: bobHash }).fetch });
    await intercom.ready;
    messengerArrives();
    // As react-use-intercom's hardShutdown() does.
    page.Intercom?.('shutdown');
    delete page.Intercom;
    await intercom.refresh();
    expect(messengerScripts()).toHaveLength(1);
    expect(tags.filter((tag) => tag.removed)).toHaveLength(1);
    received.length = 0;
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }]]);
    intercom.dispose();
  });

  it('refuses settings that are the server’s to set', async () => {
    for (const key of ['user_id', 'email', 'user_hash', 'intercom_user_jwt', 'app_id', 'API_BASE'])
      expect((await errorOf(() => connectIntercom({ settings: { [key]: 'x' } }))).code).toBe('ATTRIBUTE_RESERVED');
    expect((await errorOf(() => connectIntercom({ messenger: {} as Messenger }))).code).toBe('HANDLER_OPTIONS_INVALID');
  });

  it('logout() before the answer arrives: the answer boots nobody', async () => {
    const intercom = connectIntercom({ fetch: endpoint({ body: aliceHash }).fetch });
    intercom.logout();
    const state = await intercom.ready;
    expect(state.status).toBe('shutdown');
    expect(page.Intercom).toBeUndefined();
    intercom.dispose();
  });
});

describe('fromMessengerJsSdk', () => {
  it('passes the region so the SDK’s api_base is the backend’s (Australia is "ap" to the SDK)', async () => {
    const initialised: Record<string, unknown>[] = [];
    const au = { ...WORKSPACE, api_base: 'https://api-iam.au.intercom.io' };
    const spy: MessengerJsSdk = {
      ...sdk,
      Intercom: (props) => {
        initialised.push(props);
        sdk.Intercom?.(props);
      },
    };
    const intercom = connectIntercom({ fetch: endpoint({ status: 401, body: au }).fetch, messenger: fromMessengerJsSdk(spy) });
    await intercom.ready;
    expect(initialised).toEqual([{ app_id: APP, api_base: au.api_base, region: 'ap', widgetUrl: WIDGET }]);
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: au.api_base }]]);
    intercom.dispose();
  });

  it('keeps the backend’s api_base even where the SDK knows no region for it', async () => {
    const custom = { ...WORKSPACE, api_base: 'https://api-iam.example.test' };
    const intercom = connectIntercom({
      fetch: endpoint({ status: 401, body: custom }).fetch,
      messenger: fromMessengerJsSdk(sdk),
    });
    await intercom.ready;
    expect(page.intercomSettings?.api_base).toBe('https://api-iam.example.test');
    intercom.dispose();
  });

  it('never re-initialises over a Messenger that is there: no update of unsigned settings, the boot goes through boot()', async () => {
    page.intercomSettings = { app_id: APP };
    messengerArrives();
    const intercom = connectIntercom({ fetch: endpoint({ body: aliceHash }).fetch, messenger: fromMessengerJsSdk(sdk) });
    await intercom.ready;
    expect(received).toEqual([
      ['boot', { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A }],
    ]);
    expect(messengerScripts()).toEqual([]);
    intercom.dispose();
  });

  it('with a CSP nonce, the core’s loader adds the script (the SDK’s tag cannot carry one)', async () => {
    const intercom = connectIntercom({ fetch: endpoint(noSession).fetch, messenger: fromMessengerJsSdk(sdk), nonce: 'abc123' });
    await intercom.ready;
    expect(messengerScripts().map((tag) => [tag.id, tag.nonce])).toEqual([['intercom-identity-messenger', 'abc123']]);
    messengerArrives();
    expect(received).toEqual([['boot', { app_id: APP, api_base: EU }]]);
    intercom.dispose();
  });

  it('refuses something that is not the SDK', async () => {
    expect((await errorOf(() => fromMessengerJsSdk({} as MessengerJsSdk))).code).toBe('HANDLER_OPTIONS_INVALID');
  });
});
