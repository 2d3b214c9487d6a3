/**
 * @intercom-identity/react-router: Intercom Identity Verification for React
 * Router's framework mode. This entry is browser-safe: `<IntercomScript>`
 * renders the boot script that the root loader's `intercomSettings(context)`
 * made and keeps the Messenger in step with navigation and revalidation;
 * `shutdownIntercom()` and the consent helpers are for the app's controls. It
 * holds no secret and signs nothing. The server side (middleware, loader
 * settings, proof endpoint, logout) is `@intercom-identity/react-router/server`.
 *
 * @packageDocumentation
 */
export type { ClientSettings } from '@intercom-identity/core/client';
/**
 * Shuts the Messenger down and forgets the signed-in user in this browser, and
 * stops the token refresh of the mounted `<IntercomScript>`. Call it in your log
 * out control before the session ends, so the next person on this browser does
 * not see this user's conversations.
 *
 * Consent, with `INTERCOM_CONSENT=required`: before `grantIntercomConsent()` the
 * page loads nothing from Intercom and sets no cookie. The library does not store
 * the choice: your consent tool does, and calls `grantIntercomConsent()` on every
 * page load where consent exists. `withdrawIntercomConsent()` shuts the Messenger
 * down and removes its cookies.
 *
 * @example
 * ```tsx
 * import { grantIntercomConsent, shutdownIntercom } from '@intercom-identity/react-router';
 * <Link to="/logout" reloadDocument onClick={() => shutdownIntercom()}>Log out</Link>;
 * <button type="button" onClick={() => grantIntercomConsent()}>Allow the Messenger</button>;
 * ```
 */
export {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  shutdownIntercom,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';
export type { IntercomBoot } from './boot.js';
export { IntercomScript, type IntercomScriptProps } from './script.js';
