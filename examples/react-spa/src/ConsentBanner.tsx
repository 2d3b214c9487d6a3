import { grantIntercomConsent, useIntercomConsent, withdrawIntercomConsent } from '@intercom-identity/react';
import { useEffect } from 'react';

// The demo's own record of the visitor's choice. A real site's consent tool (its
// CMP) keeps it instead, and calls grantIntercomConsent() on every page load where
// consent exists: the library stores nothing about consent.
const CHOICE = 'demo-consent';

function remembered(): string | null {
  try {
    return localStorage.getItem(CHOICE);
  } catch {
    return null;
  }
}

function remember(choice: 'granted' | 'withdrawn'): void {
  try {
    localStorage.setItem(CHOICE, choice);
  } catch {
    // Without storage the choice lasts for this page only.
  }
}

/**
 * A stand-in for the site's consent tool. It shows only when the backend runs
 * with INTERCOM_CONSENT=required: the proof endpoint's answer then opens the
 * page's consent gate (`pending`), and nothing of Intercom loads until the grant.
 */
export function ConsentBanner() {
  const consent = useIntercomConsent();

  // The gate opened on this page load: a choice made earlier in this browser applies again.
  useEffect(() => {
    if (consent === 'pending' && remembered() === 'granted') grantIntercomConsent();
  }, [consent]);

  if (consent === 'none') return null;
  return (
    <aside data-consent-banner="" data-state={consent} aria-label="Cookie consent">
      <p>The chat (the Intercom Messenger) sets cookies once you allow it. You can withdraw at any time.</p>
      <button
        type="button"
        data-intercom-consent="grant"
        onClick={() => {
          remember('granted');
          grantIntercomConsent();
        }}
      >
        Allow the Messenger
      </button>{' '}
      <button
        type="button"
        data-intercom-consent="withdraw"
        onClick={() => {
          remember('withdrawn');
          withdrawIntercomConsent();
        }}
      >
        Withdraw consent
      </button>
    </aside>
  );
}
