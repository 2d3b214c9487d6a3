/**
 * @intercom-identity/sveltekit/client: the browser side of the SvelteKit
 * adapter. It holds no secret and signs nothing; it is a thin wrapper around
 * `@intercom-identity/core/client`.
 *
 * @packageDocumentation
 */
export type { ClientSettings } from '@intercom-identity/core/client';
/**
 * Consent for the Messenger, with `INTERCOM_CONSENT=required`: before
 * `grantIntercomConsent()` the page loads nothing from Intercom and sets no
 * cookie. The library does not store the choice: your consent tool does, and
 * calls `grantIntercomConsent()` on every page load where consent exists.
 * `withdrawIntercomConsent()` shuts the Messenger down and removes its cookies.
 *
 * @example
 * ```svelte
 * <script lang="ts">
 *   import { grantIntercomConsent, withdrawIntercomConsent } from '@intercom-identity/sveltekit/client';
 * </script>
 *
 * <button type="button" onclick={() => grantIntercomConsent()}>Allow the Messenger</button>
 * <button type="button" onclick={() => withdrawIntercomConsent()}>Withdraw consent</button>
 * ```
 */
export {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';
export { default as IntercomSync } from './IntercomSync.svelte';
export {
  type IntercomSync as IntercomSyncHandle,
  type IntercomSyncOptions,
  shutdownIntercom,
  startIntercomSync,
} from './sync.js';
