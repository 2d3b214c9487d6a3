/**
 * Consent for the Messenger, in the browser. With `consent: 'required'`
 * (`INTERCOM_CONSENT=required`) the boot script loads nothing from Intercom and
 * sets no cookie until consent is granted. The library does not store the
 * choice: the site's consent tool (its CMP) does, and calls
 * `grantIntercomConsent()` on every page load where consent exists.
 */

import { personStorageKey } from '../person.js';
import { win } from './messenger.js';

/**
 * Where the page's consent gate stands: `none` when the page has no gate
 * (`consent: 'none'`), else `pending` (nothing asked yet), `granted` or `withdrawn`.
 */
export type IntercomConsentState = 'none' | 'pending' | 'granted' | 'withdrawn';

/**
 * The event on `window` when the boot script sets up its consent gate and after
 * each grant or withdrawal; its `detail` is the new state.
 */
export const CONSENT_EVENT = 'intercom-identity:consent';

interface ConsentWindow {
  intercomConsent?: unknown;
  grantIntercomConsent?: unknown;
  withdrawIntercomConsent?: unknown;
  dispatchEvent?(event: Event): boolean;
}

function consentWindow(): ConsentWindow | undefined {
  return win() as ConsentWindow | undefined;
}

function announce(w: ConsentWindow): void {
  if (typeof w.dispatchEvent !== 'function' || typeof CustomEvent !== 'function') return;
  w.dispatchEvent(new CustomEvent(CONSENT_EVENT, { detail: intercomConsent() }));
}

/**
 * The consent gate of this page. Read it in a consent banner to know whether
 * to show the Messenger's controls at all (`none`: the site loads the Messenger
 * without asking).
 */
export function intercomConsent(): IntercomConsentState {
  const state = consentWindow()?.intercomConsent;
  return state === 'pending' || state === 'granted' || state === 'withdrawn' ? state : 'none';
}

/**
 * Consent is given: the boot script loads the Messenger and boots it with the
 * signed settings (or shows the launcher first, with `load: 'interaction'`).
 * Call it on every page load where the visitor's consent exists; calling it
 * twice does nothing more. Before the boot script runs it is remembered, and a
 * single-page app's `connectIntercom` waits for it.
 *
 * @example
 * ```ts
 * import { grantIntercomConsent } from '@intercom-identity/core/client';
 * window.addEventListener('CookiebotOnAccept', () => {
 *   if (window.Cookiebot?.consent.preferences) grantIntercomConsent();
 * });
 * ```
 */
export function grantIntercomConsent(): void {
  const w = consentWindow();
  if (w === undefined) return;
  // The boot script's gate tells the change itself.
  if (typeof w.grantIntercomConsent === 'function') w.grantIntercomConsent();
  else if (w.intercomConsent !== 'granted') {
    w.intercomConsent = 'granted';
    announce(w);
  }
}

/**
 * Consent is withdrawn: the Messenger is shut down, every `intercom-*` cookie
 * is removed (on this host and its parent domains, path `/`), and so is the
 * library's own storage. Nothing of Intercom loads again on this page until
 * consent is granted again.
 *
 * @example
 * ```ts
 * import { withdrawIntercomConsent } from '@intercom-identity/core/client';
 * window.addEventListener('CookiebotOnDecline', () => withdrawIntercomConsent());
 * ```
 */
export function withdrawIntercomConsent(): void {
  const w = consentWindow();
  if (w === undefined) return;
  if (typeof w.withdrawIntercomConsent === 'function') {
    w.withdrawIntercomConsent();
    return;
  }
  // No boot script gates this page (a single-page app). Its connectIntercom
  // hears the event first and shuts the Messenger down through the app's SDK;
  // then the same steps here, for a Messenger nothing else drives.
  const page = win();
  const appId = page?.intercomSettings?.app_id;
  w.intercomConsent = 'withdrawn';
  announce(w);
  if (!dropWaitingCalls() && typeof page?.Intercom === 'function')
    try {
      page.Intercom('shutdown');
    } catch {
      // A Messenger that fails to shut down must not keep its cookies.
    }
  clearIntercomStorage(typeof appId === 'string' ? appId : undefined);
}

/**
 * A Messenger still on its way (`window.Intercom` is the queue a loader set up)
 * takes nothing: the calls waiting for it go, and so do the settings it would
 * boot from, so that it boots nobody and sets no cookie when it arrives.
 * Whether it was on its way.
 */
export function dropWaitingCalls(): boolean {
  const page = win();
  const queue = (page?.Intercom as { q?: unknown } | undefined)?.q;
  if (page === undefined || !Array.isArray(queue)) return false;
  queue.length = 0;
  delete page.intercomSettings;
  return true;
}

/**
 * For a page without the boot script's gate (a single-page app whose backend
 * requires consent): the gate is there from now on, `pending` until granted,
 * and the event says so, as the boot script's gate does. Returns the state.
 */
export function openConsentGate(): IntercomConsentState {
  const w = consentWindow();
  if (w === undefined) return 'none';
  if (intercomConsent() === 'none') {
    w.intercomConsent = 'pending';
    announce(w);
  }
  return intercomConsent();
}

/**
 * Calls `listener` with the new state when the boot script sets up its gate and
 * after each grant or withdrawal. Returns the function that stops listening.
 */
export function onIntercomConsent(listener: (state: IntercomConsentState) => void): () => void {
  const w = consentWindow() as (ConsentWindow & EventTarget) | undefined;
  if (w === undefined || typeof w.addEventListener !== 'function') return () => {};
  const handler = (): void => listener(intercomConsent());
  w.addEventListener(CONSENT_EVENT, handler);
  return () => w.removeEventListener(CONSENT_EVENT, handler);
}

/**
 * Removes every `intercom-*` cookie the page can see, on this host and on each
 * parent domain (the Messenger sets its cookies on the site's domain, path `/`),
 * and the library's person marker for `appId` (for every app id when none is
 * given). {@link withdrawIntercomConsent} calls it; call it yourself where a
 * page must forget the Messenger without the consent gate.
 *
 * @example
 * ```ts
 * import { clearIntercomStorage } from '@intercom-identity/core/client';
 * clearIntercomStorage('abc12345');
 * ```
 */
export function clearIntercomStorage(appId?: string): void {
  forgetMarkers(appId);
  if (typeof document === 'undefined') return;
  let cookies: string;
  try {
    cookies = document.cookie;
  } catch {
    return;
  }
  const labels = globalThis.location?.hostname.split('.') ?? [];
  for (const part of cookies.split(';')) {
    const name = part.split('=')[0]?.trim() ?? '';
    if (!name.startsWith('intercom-')) continue;
    // Both ways of saying "expired": some engines (and DOM test environments) honour only one.
    const expired = `${name}=;path=/;max-age=0;expires=${EPOCH}`;
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and missing in some browsers; this must be done before the call returns
    document.cookie = expired;
    // Each parent domain but the last label (a browser refuses a cookie for "com").
    for (let from = 0; from < labels.length - 1; from++)
      // biome-ignore lint/suspicious/noDocumentCookie: as above
      document.cookie = `${expired};domain=.${labels.slice(from).join('.')}`;
  }
}

const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

function forgetMarkers(appId: string | undefined): void {
  try {
    const storage = globalThis.localStorage;
    if (storage === undefined || storage === null) return;
    if (appId !== undefined) {
      storage.removeItem(personStorageKey(appId));
      return;
    }
    const prefix = personStorageKey('');
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Disabled storage holds nothing to remove.
  }
}
