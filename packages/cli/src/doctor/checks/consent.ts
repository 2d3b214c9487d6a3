import type { DoctorCheck } from '../types.js';
import type { Facts } from './facts.js';
import { q, result } from './result.js';

// With --consent-required: the first load, in a browser where nobody consented, must fetch nothing from Intercom,
// leave no intercom-* cookie, and hold the Messenger back behind the core's consent gate.

/** Requests and cookies named in full; the rest are counted. */
const SHOWN = 3;

const SET_CONSENT_REQUIRED =
  "Set INTERCOM_CONSENT=required (or consent: 'required') on the server: the boot script then loads nothing and sets no cookie until the consent tool calls grantIntercomConsent().";

export function checkConsentRequests(facts: Facts): DoctorCheck {
  const consent = facts.consent;
  if (consent === undefined) return result('consent-requests', 'skip', 'the page was not loaded in Chromium.');
  const { requests } = consent;
  if (requests.length === 0)
    return result(
      'consent-requests',
      'pass',
      "before consent, the page requested nothing from Intercom's hosts or from the Messenger's widget URL.",
    );
  const them = requests.length === 1 ? 'it' : 'them';
  const message = `before any consent, the page requested ${count(requests.length, 'URL')} from Intercom or the Messenger's widget URL: ${list(requests)} (the doctor blocked ${them}).`;
  const fix =
    consent.state === 'granted'
      ? "Call grantIntercomConsent() (or preset window.intercomConsent = 'granted') only once the consent tool holds the visitor's consent (see the consent-gate check)."
      : consent.state === 'pending' || consent.state === 'withdrawn'
        ? "The boot script of @intercom-identity waited for consent, so another loader fetched the Messenger: remove Intercom's snippet, a plugin's or an SDK's loader, and keep the boot script as the only one."
        : `${SET_CONSENT_REQUIRED} Remove any other Messenger loader from the page.`;
  return result('consent-requests', 'fail', message, fix, 'MESSENGER_LOADED_BEFORE_CONSENT');
}

export function checkConsentCookies(facts: Facts): DoctorCheck {
  const consent = facts.consent;
  if (consent === undefined) return result('consent-cookies', 'skip', 'the page was not loaded in Chromium.');
  const { cookies } = consent;
  if (cookies.length === 0) {
    // The doctor blocks the Messenger: what it would have set is not there to be seen.
    const blocked =
      consent.requests.length > 0
        ? ' The doctor blocked the requests above; a Messenger that loads sets intercom-id-*, intercom-device-id-* and intercom-session-*.'
        : '';
    return result('consent-cookies', 'pass', `before consent, the browser holds no intercom-* cookie.${blocked}`);
  }
  const fromServer = setCookieNames(facts.page.headers['set-cookie']).filter((name) => cookies.includes(name));
  const server = fromServer.length > 0 ? ` The page's own response sets ${list(fromServer)} (Set-Cookie).` : '';
  return result(
    'consent-cookies',
    'fail',
    `before any consent, the browser holds ${count(cookies.length, 'intercom-* cookie')}: ${list(cookies)}.${server}`,
    'Nothing of @intercom-identity sets one before grantIntercomConsent(): find what does (another Messenger loader, a copy of the Messenger served from your own domain, or a server that sends the cookie) and hold it back until consent.',
    'INTERCOM_COOKIE_BEFORE_CONSENT',
  );
}

export function checkConsentGate(facts: Facts): DoctorCheck {
  const consent = facts.consent;
  if (consent === undefined) return result('consent-gate', 'skip', 'the page was not loaded in Chromium.');
  const facade = facts.loader.gate?.facade === true;
  switch (consent.state) {
    case 'pending':
      return result(
        'consent-gate',
        'pass',
        `the boot script of @intercom-identity waits for grantIntercomConsent() (window.intercomConsent is "pending")${facade ? '; once consent is given, the Messenger loads on the first click of its launcher' : ''}.`,
      );
    case 'withdrawn':
      return result(
        'consent-gate',
        'pass',
        'window.intercomConsent is "withdrawn": the boot script loads nothing until grantIntercomConsent().',
      );
    case 'granted':
      return result(
        'consent-gate',
        'fail',
        `window.intercomConsent is "granted" on a first visit where nobody consented: the page or its consent tool grants before the visitor chose${facts.cookiesGiven ? ' (if a --cookie value holds a stored consent, run again without it)' : ''}.`,
        "Call grantIntercomConsent() only when the consent tool holds the visitor's consent (on each page load once it does), and preset window.intercomConsent = 'granted' only for a visitor who consented.",
        'CONSENT_GRANTED_BEFORE_CHOICE',
      );
  }
  const state = consent.state === undefined ? 'not set' : `${q(consent.state)}, not a state of the gate`;
  if (facts.loader.gate?.consent === true)
    return result(
      'consent-gate',
      'warn',
      `the boot script in the HTML waits for consent, but in Chromium window.intercomConsent is ${state}: the script did not run.`,
      "Look at the browser console on this page: the <script data-intercom-identity> must run (with the page's CSP nonce when it sends a Content-Security-Policy).",
      'CONSENT_GATE_MISSING',
    );
  if (facts.loader.where === undefined && facts.settings === undefined && consent.requests.length === 0)
    return result('consent-gate', 'skip', 'no Messenger on the page (see the loader check).');
  const message = facade
    ? `the boot script loads the Messenger on the first click of its launcher (load: 'interaction'), but a click is not consent: there is no consent gate (window.intercomConsent is ${state}).`
    : `the page has no consent gate of @intercom-identity: window.intercomConsent is ${state}, so nothing holds the Messenger back until grantIntercomConsent()${consent.requests.length === 0 ? '. Nothing loaded on this visit: if a consent tool blocks the loader itself, that may be on purpose' : ''}.`;
  return result('consent-gate', 'warn', message, SET_CONSENT_REQUIRED, 'CONSENT_GATE_MISSING');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

/** The cookie names of a Set-Cookie header (fetch joins several with ", "). */
function setCookieNames(header: string | undefined): string[] {
  if (header === undefined) return [];
  return [...header.matchAll(/(?:^|,\s*)([^=;,\s]+)=/g)].map((match) => match[1] as string);
}
