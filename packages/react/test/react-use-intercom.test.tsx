// What only react-use-intercom has: its own state of "booted", its methods under
// the provider, hardShutdown(), its provider's props. Against the real
// react-use-intercom and a recorded window.Intercom (see support.ts).
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import { useIntercom } from 'react-use-intercom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIntercomIdentity } from '../src/index.js';
import { IntercomProvider } from '../src/react-use-intercom.js';
import {
  APP,
  aliceHash,
  bobHash,
  EU,
  HASH_A,
  HASH_B,
  messengerArrives,
  messengerScripts,
  noSession,
  page,
  proofEndpoint,
  received,
  resetPage,
  sessionCalls,
} from './support.js';

let intercom: ReturnType<typeof useIntercom>;
let identity: ReturnType<typeof useIntercomIdentity>;

function Probe(): ReactNode {
  intercom = useIntercom();
  identity = useIntercomIdentity();
  return <p data-testid="status">{identity.status}</p>;
}

let clock = Date.UTC(2025, 2, 3, 9, 0, 0);
let warnings: string[];
beforeEach(() => {
  clock += 3_600_000;
  vi.useFakeTimers({ now: clock, toFake: ['Date'] });
  resetPage();
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

async function bootedAs(expected: string): Promise<void> {
  await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('booted'));
  expect(identity.user?.email ?? identity.user?.userId ?? 'visitor').toBe(expected);
}

describe('IntercomProvider of @intercom-identity/react/react-use-intercom', () => {
  it('boots through react-use-intercom, so its own methods work under it', async () => {
    proofEndpoint(aliceHash);
    render(
      <IntercomProvider>
        <Probe />
      </IntercomProvider>,
    );
    await bootedAs('alice@example.com');
    messengerArrives();
    act(() => intercom.show());
    expect(received.at(-1)).toEqual(['show']);
    expect(warnings.filter((line) => line.includes('has not booted'))).toEqual([]);
  });

  it('after logout() react-use-intercom knows the Messenger is down; refresh() boots it again through react-use-intercom', async () => {
    proofEndpoint(aliceHash, noSession);
    render(
      <IntercomProvider>
        <Probe />
      </IntercomProvider>,
    );
    await bootedAs('alice@example.com');
    messengerArrives();
    act(() => identity.logout());
    received.length = 0;
    act(() => intercom.show());
    expect(received).toEqual([]);
    expect(warnings.some((line) => line.includes('has not booted'))).toBe(true);
    await act(() => identity.refresh());
    expect(sessionCalls()).toEqual([['boot', { app_id: APP, api_base: EU }]]);
    act(() => intercom.show());
    expect(received.at(-1)).toEqual(['show']);
  });

  it('after the app’s hardShutdown() (window.Intercom removed), the next person loads the Messenger again and boots', async () => {
    proofEndpoint(aliceHash, bobHash);
    render(
      <IntercomProvider>
        <Probe />
      </IntercomProvider>,
    );
    await bootedAs('alice@example.com');
    messengerArrives();
    act(() => intercom.hardShutdown());
    expect(page.Intercom).toBeUndefined();
    expect(sessionCalls().at(-1)).toEqual(['shutdown']);
    await act(() => identity.refresh());
    expect(messengerScripts()).toHaveLength(1);
    received.length = 0;
    messengerArrives();
    expect(sessionCalls()).toEqual([['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }]]);
    act(() => intercom.show());
    expect(received.at(-1)).toEqual(['show']);
  });

  it('passes react-use-intercom’s props on (its handlers are registered at the boot) and the CSP nonce to the script', async () => {
    proofEndpoint(aliceHash);
    const onUnreadCountChange = vi.fn();
    render(
      <IntercomProvider onUnreadCountChange={onUnreadCountChange} cspNonce="n0nce">
        <Probe />
      </IntercomProvider>,
    );
    await bootedAs('alice@example.com');
    expect(messengerScripts().map((tag) => tag.nonce)).toEqual(['n0nce']);
    messengerArrives();
    expect(received.filter(([command]) => command === 'onUnreadCountChange')).toEqual([
      ['onUnreadCountChange', onUnreadCountChange],
    ]);
    expect(sessionCalls()).toEqual([
      ['boot', { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A }],
    ]);
  });

  it('refresh, navigate and logout stay the same functions while the state changes (effects may depend on them)', async () => {
    proofEndpoint(aliceHash);
    render(
      <IntercomProvider>
        <Probe />
      </IntercomProvider>,
    );
    const before = { refresh: identity.refresh, navigate: identity.navigate, logout: identity.logout };
    await bootedAs('alice@example.com');
    expect({ refresh: identity.refresh, navigate: identity.navigate, logout: identity.logout }).toEqual(before);
    expect(identity.navigate).toBe(before.navigate);
  });

  it('boots once under StrictMode (effects run twice in development)', async () => {
    const { asked } = proofEndpoint(aliceHash);
    render(
      <StrictMode>
        <IntercomProvider>
          <Probe />
        </IntercomProvider>
      </StrictMode>,
    );
    await bootedAs('alice@example.com');
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    messengerArrives();
    expect(sessionCalls().filter(([command]) => command === 'boot')).toHaveLength(1);
  });

  it('useIntercomIdentity() outside a provider says which provider it needs', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useIntercomIdentity())).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID', message: expect.stringContaining('IntercomIdentityProvider') }),
    );
  });
});
