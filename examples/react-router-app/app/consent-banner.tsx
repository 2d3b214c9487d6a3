// Stands in for your site's consent tool (CMP), which keeps the visitor's
// choice: here in localStorage, under a key of the demo's own.
import {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  withdrawIntercomConsent,
} from '@intercom-identity/react-router';
import { useEffect, useState } from 'react';

const CHOICE_KEY = 'demo-consent';

function storedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

function choose(choice: 'granted' | 'withdrawn'): void {
  try {
    localStorage.setItem(CHOICE_KEY, choice);
  } catch {
    // Storage off: the choice holds for this page only.
  }
  if (choice === 'granted') grantIntercomConsent();
  else withdrawIntercomConsent();
}

const SAYS: Record<Exclude<IntercomConsentState, 'none'>, string> = {
  pending: 'The Messenger sets cookies, so it loads only with your consent.',
  granted: 'You allowed the Messenger and its cookies.',
  withdrawn: 'You withdrew consent: the Messenger is off and its cookies are gone.',
};

/** Shown only with INTERCOM_CONSENT=required, when the boot script's gate is on the page. */
export function ConsentBanner() {
  // 'none' on the server and in the first render in the browser: the same markup, so hydration matches.
  const [state, setState] = useState<IntercomConsentState>('none');

  useEffect(() => {
    const follow = (next: IntercomConsentState) => {
      setState(next);
      // The library does not remember consent: grant it on every page load where it was given.
      if (next === 'pending' && storedChoice() === 'granted') grantIntercomConsent();
    };
    const stop = onIntercomConsent(follow);
    follow(intercomConsent());
    return stop;
  }, []);

  if (state === 'none') return null;
  return (
    <aside data-consent-banner="" data-state={state} aria-label="Cookie consent" className="consent-banner">
      <p>{SAYS[state]}</p>
      <button type="button" data-intercom-consent="grant" onClick={() => choose('granted')}>
        Allow the Messenger
      </button>{' '}
      <button type="button" data-intercom-consent="withdraw" onClick={() => choose('withdrawn')}>
        Withdraw consent
      </button>
    </aside>
  );
}
