import { type IntercomConsentState, intercomConsent, onIntercomConsent } from '@intercom-identity/core/client';
import { useSyncExternalStore } from 'react';

const onServer = (): IntercomConsentState => 'none';

/**
 * The page's consent gate, kept current: `none` when the Messenger needs no
 * consent, else `pending`, `granted` or `withdrawn`. It changes when the backend's
 * answer opens the gate (`INTERCOM_CONSENT=required`) and on every
 * `grantIntercomConsent()` or `withdrawIntercomConsent()`, so a consent banner
 * renders from it.
 *
 * @example
 * ```tsx
 * import { grantIntercomConsent, useIntercomConsent, withdrawIntercomConsent } from '@intercom-identity/react';
 *
 * export function ConsentBanner() {
 *   const consent = useIntercomConsent();
 *   if (consent === 'none') return null;
 *   return consent === 'granted' ? (
 *     <button type="button" onClick={withdrawIntercomConsent}>Withdraw consent</button>
 *   ) : (
 *     <button type="button" onClick={grantIntercomConsent}>Allow the Messenger</button>
 *   );
 * }
 * ```
 */
export function useIntercomConsent(): IntercomConsentState {
  return useSyncExternalStore(onIntercomConsent, intercomConsent, onServer);
}
