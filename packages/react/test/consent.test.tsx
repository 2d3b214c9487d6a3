// Consent under the React providers, through each SDK they boot with: nothing of
// Intercom loads before the grant, the withdrawal shuts the Messenger down in a
// way the SDK knows, and useIntercomConsent() follows the gate. Against the real
// react-use-intercom and @intercom/messenger-js-sdk, and a recorded
// window.Intercom (see support.ts).
import * as IntercomSdk from '@intercom/messenger-js-sdk';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useIntercom } from 'react-use-intercom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fromMessengerJsSdk,
  grantIntercomConsent,
  IntercomIdentityProvider,
  intercomConsent,
  useIntercomConsent,
  useIntercomIdentity,
  withdrawIntercomConsent,
} from '../src/index.js';
import { IntercomProvider } from '../src/react-use-intercom.js';
import {
  APP,
  aliceHash,
  bobHash,
  EU,
  HASH_A,
  HASH_B,
  intercomCookies,
  messengerArrives,
  messengerScripts,
  page,
  proofEndpoint,
  received,
  resetPage,
  sessionCalls,
  WORKSPACE,
} from './support.js';

const gated = <T extends { body: object }>(answer: T): T => ({ ...answer, body: { ...answer.body, consent: 'required' } });
const aliceBoot = { app_id: APP, api_base: EU, user_id: 'u_1001', email: 'alice@example.com', user_hash: HASH_A };

let identity: ReturnType<typeof useIntercomIdentity>;
let intercom: ReturnType<typeof useIntercom> | undefined;

/** The status and the consent gate, as the app would show them. */
function Probe(): ReactNode {
  identity = useIntercomIdentity();
  const consent = useIntercomConsent();
  return (
    <p data-testid="probe">
      {identity.status}/{consent}
    </p>
  );
}

function WithUseIntercom(): ReactNode {
  intercom = useIntercom();
  return <Probe />;
}

const shown = () => screen.getByTestId('probe').textContent;
const showing = (text: string) => waitFor(() => expect(shown()).toBe(text));

/** The Messenger set its cookies when it booted, as the real one does. */
function messengerSetsCookies(): void {
  const cookies = [
    `intercom-session-${APP}=s; path=/`,
    `intercom-id-${APP}=v; path=/; max-age=23328000`,
    `intercom-device-id-${APP}=d; path=/; max-age=23328000`,
  ];
  for (const cookie of cookies) {
    // biome-ignore lint/suspicious/noDocumentCookie: the Messenger sets its cookies this way, and happy-dom has no Cookie Store
    document.cookie = cookie;
  }
}

const sdkMessenger = fromMessengerJsSdk(IntercomSdk);

const DRIVERS = [
  {
    name: 'react-use-intercom',
    render: (consent?: 'none' | 'required') =>
      render(
        <IntercomProvider {...(consent ? { consent } : {})}>
          <WithUseIntercom />
        </IntercomProvider>,
      ),
    scriptId: 'intercom-identity-messenger',
  },
  {
    name: '@intercom/messenger-js-sdk',
    render: (consent?: 'none' | 'required') =>
      render(
        <IntercomIdentityProvider messenger={sdkMessenger} {...(consent ? { consent } : {})}>
          <Probe />
        </IntercomIdentityProvider>,
      ),
    scriptId: '_intercom_npm_loader',
  },
];

let clock = Date.UTC(2025, 4, 5, 9, 0, 0);
let warnings: string[];
beforeEach(() => {
  clock += 3_600_000;
  vi.useFakeTimers({ now: clock, toFake: ['Date'] });
  resetPage();
  intercom = undefined;
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe.each(DRIVERS)('consent through $name', (driver) => {
  it('before consent: the backend is asked, nothing of Intercom is loaded, no cookie is set', async () => {
    const { asked } = proofEndpoint(gated(aliceHash));
    driver.render();
    await showing('awaiting-consent/pending');
    expect(asked).toHaveLength(1);
    expect(messengerScripts()).toEqual([]);
    expect(page.Intercom).toBeUndefined();
    expect(page.intercomSettings).toBeUndefined();
    expect(intercomCookies()).toEqual([]);
    expect(localStorage.length).toBe(0);
    expect(identity).toMatchObject({ signedIn: false, user: null, workspace: { appId: APP } });
  });

  it('the grant boots the signed-in user; the withdrawal shuts down and removes the cookies; a new grant boots again', async () => {
    proofEndpoint(gated(aliceHash), gated(aliceHash), gated(bobHash));
    driver.render();
    await showing('awaiting-consent/pending');
    act(() => grantIntercomConsent());
    await showing('booted/granted');
    expect(messengerScripts().map((tag) => tag.id)).toEqual([driver.scriptId]);
    messengerArrives();
    messengerSetsCookies();
    expect(sessionCalls()).toEqual([['boot', aliceBoot]]);

    act(() => withdrawIntercomConsent());
    await showing('awaiting-consent/withdrawn');
    expect(sessionCalls().at(-1)).toEqual(['shutdown']);
    expect(intercomCookies()).toEqual([]);
    expect(localStorage.getItem(`intercom-identity:last-person:${APP}`)).toBeNull();

    received.length = 0;
    act(() => grantIntercomConsent());
    await showing('booted/granted');
    expect(sessionCalls()).toEqual([['boot', { app_id: APP, api_base: EU, email: 'bob@example.com', user_hash: HASH_B }]]);
    expect(messengerScripts()).toHaveLength(1);
  });

  it('the consent prop none boots at once, whatever the backend says', async () => {
    proofEndpoint(gated(aliceHash));
    driver.render('none');
    await showing('booted/none');
    expect(messengerScripts()).toHaveLength(1);
  });

  it('the consent prop required waits, though the backend does not ask for it', async () => {
    proofEndpoint(aliceHash);
    driver.render('required');
    await showing('awaiting-consent/pending');
    expect(messengerScripts()).toEqual([]);
  });
});

describe('react-use-intercom under consent', () => {
  it('its methods wait too: before consent and after withdrawal it has not booted, so show() reaches nothing', async () => {
    proofEndpoint(gated(aliceHash));
    DRIVERS[0]?.render();
    await showing('awaiting-consent/pending');
    act(() => intercom?.show());
    expect(page.Intercom).toBeUndefined();
    act(() => grantIntercomConsent());
    await showing('booted/granted');
    messengerArrives();
    act(() => intercom?.show());
    expect(received.at(-1)).toEqual(['show']);
    act(() => withdrawIntercomConsent());
    await showing('awaiting-consent/withdrawn');
    received.length = 0;
    act(() => intercom?.show());
    expect(received).toEqual([]);
    expect(warnings.some((line) => line.includes('has not booted'))).toBe(true);
  });
});

describe('useIntercomConsent', () => {
  // Through the gate's states it is followed above (pending, granted, withdrawn).
  it('is "none" on a page whose backend does not ask for consent', async () => {
    proofEndpoint({ status: 401, body: { error: { code: 'NO_SESSION' }, ...WORKSPACE } });
    render(
      <IntercomIdentityProvider>
        <Probe />
      </IntercomIdentityProvider>,
    );
    await showing('booted/none');
    expect(intercomConsent()).toBe('none');
  });
});
