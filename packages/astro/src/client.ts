/**
 * @intercom-identity/astro/client: the browser side of the Astro adapter. It
 * holds no secret and signs nothing; it is a thin wrapper around
 * `@intercom-identity/core/client`, wired to Astro's view transitions.
 *
 * @packageDocumentation
 */
export type { ClientSettings, IntercomConsentState } from '@intercom-identity/core/client';
/**
 * Consent for the Messenger, with `INTERCOM_CONSENT=required`: before
 * `grantIntercomConsent()` the page loads nothing from Intercom and sets no
 * cookie. Your consent tool stores the choice and calls
 * `grantIntercomConsent()` on every page load where consent exists;
 * `withdrawIntercomConsent()` shuts the Messenger down and removes its cookies.
 *
 * @example
 * ```astro
 * <button type="button" data-intercom-consent="grant">Allow the Messenger</button>
 * <script>
 *   import { grantIntercomConsent } from '@intercom-identity/astro/client';
 *   document.querySelector('[data-intercom-consent="grant"]')?.addEventListener('click', () => grantIntercomConsent());
 * </script>
 * ```
 */
/**
 * Shuts the Messenger down and forgets the signed-in user in this browser, and
 * stops the token refresh of the sync. Call it in your logout control before
 * the session ends, so the next person on this browser does not see this
 * user's conversations.
 *
 * @example
 * ```ts
 * import { shutdownIntercom } from '@intercom-identity/astro/client';
 * logoutButton.addEventListener('click', () => {
 *   shutdownIntercom();
 *   window.location.assign('/logout');
 * });
 * ```
 */
export {
  grantIntercomConsent,
  intercomConsent,
  onIntercomConsent,
  settingsOfBootScript,
  shutdownIntercom,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';
export { type IntercomAstroSync, type IntercomSyncOptions, startIntercomSync } from './sync.js';
