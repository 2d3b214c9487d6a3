// The demo's consent banner, a stand-in for your site's consent tool (CMP).
// The library stores no choice: this demo keeps it in its own localStorage
// key and grants again on every page load where the visitor has allowed the
// Messenger, as a CMP does. With your CMP, keep only those two calls: grant on
// each page load where consent exists, withdraw when the visitor takes it back.
import {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  withdrawIntercomConsent,
} from '@intercom-identity/astro/client';

type Choice = 'granted' | 'withdrawn';

const CHOICE_KEY = 'demo-consent';

const STATUS: Record<Exclude<IntercomConsentState, 'none'>, string> = {
  pending: 'You have not chosen yet.',
  granted: 'You allowed it.',
  withdrawn: 'You withdrew your consent: its cookies are gone.',
};

function storedChoice(): Choice | null {
  try {
    const choice = localStorage.getItem(CHOICE_KEY);
    return choice === 'granted' || choice === 'withdrawn' ? choice : null;
  } catch {
    return null;
  }
}

function storeChoice(choice: Choice): void {
  try {
    localStorage.setItem(CHOICE_KEY, choice);
  } catch {
    // Storage is disabled: the choice holds for this page only, and the banner asks again next time.
  }
}

/** The banner from its template in src/components/ConsentBanner.astro, put in place the first time the page has a consent gate. */
function mountBanner(): HTMLElement | null {
  const template = document.querySelector<HTMLTemplateElement>('template[data-consent-banner-template]');
  const banner = template ? document.importNode(template.content, true).firstElementChild : null;
  if (!(template && banner instanceof HTMLElement)) return null;
  template.after(banner);
  return banner;
}

/**
 * Shows the banner when the page's Messenger waits for consent, keeps its
 * `data-state` in step with the gate, and asks for consent again on this page
 * load when the visitor has given it before. Without a gate
 * (`INTERCOM_CONSENT` is not `required`) it shows nothing.
 */
export function startConsentBanner(): void {
  let banner: HTMLElement | null = null;
  let restored = false;

  const show = (state: IntercomConsentState): void => {
    if (state === 'none') return;
    banner ??= mountBanner();
    if (!restored) {
      // Once per page load, as soon as the gate is there: the stored choice opens it.
      restored = true;
      if (state === 'pending' && storedChoice() === 'granted') {
        grantIntercomConsent();
        return;
      }
    }
    if (banner === null) return;
    banner.dataset.state = state;
    const status = banner.querySelector('[data-consent-status]');
    if (status) status.textContent = STATUS[state];
  };

  // The gate tells each change, and that it is there if the boot script runs after this one.
  onIntercomConsent(show);
  show(intercomConsent());

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-intercom-consent]') : null;
    const choice = button?.dataset.intercomConsent;
    if (choice === 'grant') {
      storeChoice('granted');
      grantIntercomConsent();
    } else if (choice === 'withdraw') {
      storeChoice('withdrawn');
      withdrawIntercomConsent();
    }
  });
}
