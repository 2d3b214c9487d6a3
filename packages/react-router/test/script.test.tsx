// @vitest-environment happy-dom
import type { ClientSettings } from '@intercom-identity/core/client';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, Outlet, RouterProvider, useLoaderData } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type IntercomBoot, IntercomScript, shutdownIntercom } from '../src/index.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type IntercomWindow = Window & { Intercom?: (...args: unknown[]) => void; intercomSettings?: ClientSettings };
const w = window as IntercomWindow;

const ALICE: ClientSettings = { app_id: 'rrapp123', user_id: 'u_1001', email: 'alice@example.com', user_hash: 'a'.repeat(64) };
const BOB: ClientSettings = { app_id: 'rrapp123', email: 'bob@example.com', user_hash: 'b'.repeat(64) };
const VISITOR: ClientSettings = { app_id: 'rrapp123' };

const bootOf = (settings: ClientSettings): IntercomBoot => ({
  script: `window.intercomSettings=${JSON.stringify(settings)};(function(){})();`,
});
const settingsOf = (boot: IntercomBoot): ClientSettings => {
  const json = /^window\.intercomSettings=(\{.*?\});\(function/.exec(boot.script)?.[1];
  if (json === undefined) throw new Error('not a boot script');
  return JSON.parse(json) as ClientSettings;
};

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

let calls: unknown[][];
let root: Root;
let host: HTMLElement;
// What the root loader returns: the tests change it, then revalidate, as after a login action.
let current: IntercomBoot | null;

const Home = () => <h1>Home</h1>;
const Account = () => <h1>Account</h1>;

// The props the app gives <IntercomScript> in the root route's component.
let scriptProps: { nonce?: string; refreshUrl?: string } = {};

function RootLayout() {
  const data = useLoaderData() as { intercom: IntercomBoot | null };
  return (
    <>
      <IntercomScript boot={data.intercom} {...scriptProps} />
      <Outlet />
    </>
  );
}

/** An app as the server rendered it: the boot script ran, then React renders the routes in the browser. */
async function mount(props: { nonce?: string; refreshUrl?: string } = {}) {
  if (current !== null) w.intercomSettings = settingsOf(current);
  scriptProps = props;
  const router = createMemoryRouter(
    [
      {
        id: 'root',
        path: '/',
        loader: () => ({ intercom: current }),
        Component: RootLayout,
        children: [
          { index: true, Component: Home },
          { path: 'account', Component: Account },
        ],
      },
    ],
    { hydrationData: { loaderData: { root: { intercom: current } } } },
  );
  await act(async () => {
    root.render(<RouterProvider router={router} />);
  });
  return router;
}

beforeEach(() => {
  calls = [];
  w.Intercom = (...args: unknown[]) => calls.push(args);
  current = bootOf(ALICE);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
  delete w.Intercom;
  delete w.intercomSettings;
  localStorage.clear();
  vi.unstubAllGlobals();
});

describe('<IntercomScript>', () => {
  it('renders the boot script with its marker attribute and the nonce', async () => {
    await mount({ nonce: 'bm9uY2U' });
    const script = host.querySelector('script[data-intercom-identity]');
    expect(script?.getAttribute('nonce')).toBe('bm9uY2U');
    expect(script?.innerHTML).toBe(bootOf(ALICE).script);
  });

  it('renders nothing without a boot, and sends nothing', async () => {
    current = null;
    await mount();
    expect(host.querySelector('script')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('does not touch the Messenger on the first render: the boot script has booted it', async () => {
    await mount();
    expect(calls).toEqual([]);
  });

  it('sends an update after a client-side navigation', async () => {
    const router = await mount();
    await act(() => router.navigate('/account'));
    expect(host.textContent).toContain('Account');
    expect(calls).toEqual([['update']]);
  });

  it('boots the new person after a revalidation names another one (a login action)', async () => {
    const router = await mount();
    current = bootOf(BOB);
    await act(() => router.revalidate());
    expect(calls).toEqual([['shutdown'], ['boot', BOB]]);
    expect(w.intercomSettings).toEqual(BOB);
  });

  it('boots a visitor after a revalidation without a user (a logout action)', async () => {
    const router = await mount();
    current = bootOf(VISITOR);
    await act(() => router.revalidate());
    expect(calls).toEqual([['shutdown'], ['boot', VISITOR]]);
  });

  it('does nothing when a revalidation brings the same settings again', async () => {
    const router = await mount();
    await act(() => router.revalidate());
    expect(calls).toEqual([]);
  });

  it('asks its refreshUrl for a fresh token when the JWT is due', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 401 }));
    vi.stubGlobal('fetch', fetch);
    const token = jwt({ user_id: 'u_1001', iat: 1, exp: Math.floor(Date.now() / 1000) - 10 });
    current = bootOf({ app_id: 'rrapp123', user_id: 'u_1001', intercom_user_jwt: token });
    await mount({ refreshUrl: '/auth/intercom' });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toContain('/auth/intercom');
  });

  it('shutdownIntercom() shuts the Messenger down and stops the navigation updates', async () => {
    const router = await mount();
    shutdownIntercom();
    await act(() => router.navigate('/account'));
    expect(calls).toEqual([['shutdown']]);
  });
});
