// @vitest-environment happy-dom
import type { ClientSettings } from '@intercom-identity/core/client';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntercomMessengerSync, IntercomSync, shutdownIntercom } from '../src/client/index.js';

const nav = vi.hoisted(() => ({ pathname: '/', search: '' }));
vi.mock('next/navigation.js', () => ({
  usePathname: () => nav.pathname,
  useSearchParams: () => new URLSearchParams(nav.search),
}));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type IntercomWindow = Window & { Intercom?: (...args: unknown[]) => void; intercomSettings?: ClientSettings };
const w = window as IntercomWindow;

const ALICE: ClientSettings = { app_id: 'abc12345', user_id: 'u_1001', email: 'alice@example.com', user_hash: 'a'.repeat(64) };
const VISITOR: ClientSettings = { app_id: 'abc12345' };
const BOB: ClientSettings = { app_id: 'abc12345', email: 'bob@example.com', user_hash: 'b'.repeat(64) };

let calls: unknown[][];
let root: Root;

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

/** The page as the server rendered it: the boot script ran, then React hydrates. */
function serverRendered(settings: ClientSettings): void {
  w.intercomSettings = { ...settings };
}

function mount(settings: ClientSettings, refreshUrl?: string): void {
  act(() => {
    root.render(<IntercomSync settings={settings} {...(refreshUrl ? { refreshUrl } : {})} />);
  });
}

beforeEach(() => {
  calls = [];
  w.Intercom = (...args: unknown[]) => calls.push(args);
  nav.pathname = '/';
  nav.search = '';
  root = createRoot(document.createElement('div'));
});

afterEach(() => {
  act(() => root.unmount());
  delete w.Intercom;
  delete w.intercomSettings;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('<IntercomSync /> (client component)', () => {
  it('IntercomMessengerSync is its deprecated alias', () => {
    expect(IntercomMessengerSync).toBe(IntercomSync);
  });

  it('does nothing on the first render: the boot script already booted the Messenger', () => {
    serverRendered(ALICE);
    mount(ALICE);
    expect(calls).toEqual([]);
  });

  it('sends Intercom("update") on a client-side navigation, path or query; the next within 30 s share one more', async () => {
    vi.useFakeTimers();
    serverRendered(ALICE);
    mount(ALICE);
    nav.pathname = '/account';
    mount({ ...ALICE });
    nav.search = 'tab=billing';
    mount({ ...ALICE });
    expect(calls).toEqual([['update']]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_000);
    });
    expect(calls).toEqual([['update'], ['update']]);
  });

  it('a re-render with the same settings (a new object from the server) changes nothing', () => {
    serverRendered(ALICE);
    mount(ALICE);
    mount(JSON.parse(JSON.stringify(ALICE)));
    expect(calls).toEqual([]);
  });

  it('after a logout and router.refresh(), shuts down and boots as the visitor the server rendered', () => {
    serverRendered(ALICE);
    mount(ALICE);
    mount(VISITOR);
    expect(calls).toEqual([['shutdown'], ['boot', VISITOR]]);
    expect(w.intercomSettings).toEqual(VISITOR);
  });

  it('another person signed in: shutdown, then a boot with their signed settings', () => {
    serverRendered(ALICE);
    mount(ALICE);
    mount(BOB);
    expect(calls).toEqual([['shutdown'], ['boot', BOB]]);
  });

  it('shutdownIntercom() shuts the Messenger down and forgets the user in this browser', () => {
    serverRendered(ALICE);
    mount(ALICE);
    shutdownIntercom();
    expect(calls).toEqual([['shutdown']]);
    expect(w.intercomSettings).toEqual({ app_id: 'abc12345' });
  });

  it('shutdownIntercom() works without a mounted component too', () => {
    serverRendered(ALICE);
    shutdownIntercom();
    expect(calls).toEqual([['shutdown']]);
    expect(w.intercomSettings).toEqual({ app_id: 'abc12345' });
  });

  it('JWT mode: fetches a fresh token from the route handler before expiry and updates the Messenger', async () => {
    vi.useFakeTimers({ now: 1_000_000 * 1000 });
    const now = 1_000_000;
    const first = { app_id: 'abc12345', intercom_user_jwt: jwt({ user_id: 'u_1001', iat: now, exp: now + 300 }) };
    const fresh = jwt({ user_id: 'u_1001', iat: now + 240, exp: now + 540 });
    const fetch = vi.fn(async () => Response.json({ type: 'jwt', intercom_user_jwt: fresh, expires_at: now + 540 }));
    vi.stubGlobal('fetch', fetch);
    serverRendered(first);
    mount(first, '/intercom/proof');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(239_000);
    });
    expect(fetch).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
      // The refresh loads its chunk first (the core's refresh.js), which takes a moment of real time in the test runner.
      await vi.waitFor(() => expect(calls).toHaveLength(1));
    });
    expect(fetch).toHaveBeenCalledWith('/intercom/proof?platform=web', expect.objectContaining({ credentials: 'same-origin' }));
    expect(calls).toEqual([['update', { intercom_user_jwt: fresh }]]);
  });

  it('after shutdownIntercom() no token refresh brings the logged-out user back', async () => {
    vi.useFakeTimers({ now: 3_000_000 * 1000 });
    const now = 3_000_000;
    const settings = { app_id: 'abc12345', intercom_user_jwt: jwt({ user_id: 'u_1001', iat: now, exp: now + 300 }) };
    const fetch = vi.fn(async () =>
      Response.json({ type: 'jwt', intercom_user_jwt: jwt({ user_id: 'u_1001', exp: now + 900 }) }),
    );
    vi.stubGlobal('fetch', fetch);
    serverRendered(settings);
    mount(settings);
    shutdownIntercom();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(600_000);
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(calls).toEqual([['shutdown']]);
  });

  it('stops refreshing once unmounted', async () => {
    vi.useFakeTimers({ now: 2_000_000 * 1000 });
    const now = 2_000_000;
    const settings = { app_id: 'abc12345', intercom_user_jwt: jwt({ user_id: 'u_1001', iat: now, exp: now + 300 }) };
    const fetch = vi.fn(async () => Response.json({}));
    vi.stubGlobal('fetch', fetch);
    serverRendered(settings);
    mount(settings);
    act(() => root.unmount());
    root = createRoot(document.createElement('div'));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetch).not.toHaveBeenCalled();
  });
});
