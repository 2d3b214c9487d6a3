// The React provider through each SDK it boots with, the real ones:
// react-use-intercom (its own IntercomProvider, under this package's) and
// @intercom/messenger-js-sdk (through fromMessengerJsSdk). The Messenger is a
// recorded window.Intercom (see support.ts).
import * as IntercomSdk from '@intercom/messenger-js-sdk';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromMessengerJsSdk, IntercomIdentityProvider, useIntercomIdentity } from '../src/index.js';
import { IntercomProvider } from '../src/react-use-intercom.js';
import {
  APP,
  aliceHash,
  bobHash,
  EU,
  HASH_A,
  HASH_B,
  jwt,
  jwtAnswer,
  messengerArrives,
  messengerScripts,
  noSession,
  page,
  proofEndpoint,
  received,
  resetPage,
  sessionCalls,
  WIDGET,
} from './support.js';

type Identity = ReturnType<typeof useIntercomIdentity>;
let identity: Identity;

/** Shows the state as a user of the app would see it, and hands the controls to the test. */
function Probe(): ReactNode {
  identity = useIntercomIdentity();
  const { status, user } = identity;
  return (
    <p data-testid="who">{status === 'booted' ? (user ? `Signed in as ${user.email ?? user.userId}` : 'Visitor') : status}</p>
  );
}

interface Driver {
  name: string;
  render(endpoint?: string): void;
  /** The id of the script tag that loads the Messenger. */
  scriptId: string;
}

const sdkMessenger = fromMessengerJsSdk(IntercomSdk);

const DRIVERS: Driver[] = [
  {
    name: 'react-use-intercom',
    render: (endpoint) =>
      render(
        <IntercomProvider {...(endpoint ? { endpoint } : {})}>
          <Probe />
        </IntercomProvider>,
      ),
    scriptId: 'intercom-identity-messenger',
  },
  {
    name: '@intercom/messenger-js-sdk',
    render: (endpoint) =>
      render(
        <IntercomIdentityProvider messenger={sdkMessenger} {...(endpoint ? { endpoint } : {})}>
          <Probe />
        </IntercomIdentityProvider>,
      ),
    scriptId: '_intercom_npm_loader',
  },
];

const shown = () => screen.getByTestId('who').textContent;

// The update budget is the page's (every sync on a page shares it), and these tests share one page:
// each test starts an hour after the last, as if in a page session of its own.
let clock = Date.UTC(2025, 0, 6, 9, 0, 0);
beforeEach(() => {
  clock += 3_600_000;
  vi.useFakeTimers({ now: clock, toFake: ['Date'] });
  resetPage();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe.each(DRIVERS)('the provider through $name', (driver) => {
  async function booted(text: string): Promise<void> {
    await waitFor(() => expect(shown()).toBe(text));
  }

  it('boots Alice with her user_hash; the app id, region and script come from the answer', async () => {
    const { asked } = proofEndpoint(aliceHash);
    driver.render();
    await booted('Signed in as alice@example.com');
    expect(asked).toEqual([{ url: '/api/intercom-identity?platform=web', credentials: 'same-origin' }]);
    expect(messengerScripts().map((tag) => [tag.id, tag.src])).toEqual([[driver.scriptId, WIDGET]]);
    messengerArrives();
    expect(sessionCalls()).toEqual([
      ['boot', { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A }],
    ]);
    expect(identity).toMatchObject({
      signedIn: true,
      proof: 'user_hash',
      workspace: { appId: APP, apiBase: EU, widgetUrl: WIDGET },
    });
  });

  it('boots a JWT user with the token alone', async () => {
    const token = jwt('u_1001', 600, { email: 'alice@example.com' });
    proofEndpoint(jwtAnswer(token));
    driver.render();
    await booted('Signed in as alice@example.com');
    messengerArrives();
    expect(sessionCalls()).toEqual([['boot', { app_id: APP, api_base: EU, intercom_user_jwt: token }]]);
    expect(identity).toMatchObject({ signedIn: true, proof: 'jwt', user: { userId: 'u_1001', email: 'alice@example.com' } });
  });

  it('boots a visitor without a proof', async () => {
    proofEndpoint(noSession);
    driver.render();
    await booted('Visitor');
    messengerArrives();
    expect(sessionCalls()).toEqual([['boot', { app_id: APP, api_base: EU }]]);
    expect(identity.signedIn).toBe(false);
  });

  it('another person after refresh() (a sign-in without a page load): shutdown, then boot', async () => {
    proofEndpoint(aliceHash, bobHash);
    driver.render();
    await booted('Signed in as alice@example.com');
    messengerArrives();
    received.length = 0;
    await act(() => identity.refresh());
    expect(sessionCalls()).toEqual([
      ['shutdown'],
      ['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }],
    ]);
    expect(shown()).toBe('Signed in as bob@example.com');
  });

  it('logout() shuts the Messenger down', async () => {
    proofEndpoint(aliceHash);
    driver.render();
    await booted('Signed in as alice@example.com');
    messengerArrives();
    received.length = 0;
    act(() => identity.logout());
    expect(sessionCalls()).toEqual([['shutdown']]);
    expect(shown()).toBe('shutdown');
    expect(localStorage.getItem(`intercom-identity:last-person:${APP}`)).toBeNull();
  });

  it('a new JWT for the same person goes out as an update while the budget has room, then as a boot without shutdown', async () => {
    proofEndpoint(() => jwtAnswer(jwt('u_1001')));
    driver.render();
    await booted('Signed in as u_1001');
    messengerArrives();
    received.length = 0;
    for (let i = 0; i < 17; i++) await act(() => identity.refresh());
    const calls = sessionCalls();
    expect(calls.slice(0, 16).map(([command]) => command)).toEqual(Array(16).fill('update'));
    expect(calls[0]).toEqual(['update', { intercom_user_jwt: expect.any(String) }]);
    // The 17th: react-use-intercom's boot() does nothing while booted, so the boot goes to the Messenger itself.
    expect(calls.slice(16)).toEqual([
      ['boot', { app_id: APP, api_base: EU, intercom_user_jwt: page.intercomSettings?.intercom_user_jwt }],
    ]);
    expect(calls.map(([command]) => command)).not.toContain('shutdown');
  });

  it('asks a backend on another origin with the user’s cookies (credentials: include)', async () => {
    const { asked } = proofEndpoint(aliceHash);
    driver.render('https://api.example.com/api/intercom-identity');
    await booted('Signed in as alice@example.com');
    expect(asked).toEqual([{ url: 'https://api.example.com/api/intercom-identity?platform=web', credentials: 'include' }]);
  });

  it('boots nothing when the backend names no workspace (an origin it refuses)', async () => {
    proofEndpoint({ status: 403, body: { error: { code: 'ORIGIN_NOT_ALLOWED', message: 'Not this origin.' } } });
    driver.render();
    await booted('unavailable');
    expect(identity.problem).toBe('ORIGIN_NOT_ALLOWED');
    expect(messengerScripts()).toEqual([]);
    expect(page.Intercom).toBeUndefined();
  });
});
