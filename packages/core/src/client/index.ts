/**
 * @intercom-identity/core/client: keeps the Messenger in step with the app in
 * the browser. It holds no secret and signs nothing: new proofs come from the
 * server (the page, or the app's `/api/intercom-identity` endpoint).
 *
 * - `createIntercomSync`: for a page the server rendered with the boot script.
 *   Every framework adapter's client helper is a thin wrapper around it.
 * - `connectIntercom`: for a single-page app, which asks its backend for the
 *   proof and the workspace, loads the Messenger and boots it.
 * - A pluggable {@link Messenger}, so both boot through the SDK the app has:
 *   `window.Intercom` (the default), `fromMessengerJsSdk(sdk)` for
 *   `@intercom/messenger-js-sdk`, react-use-intercom through `@intercom-identity/react`.
 *
 * @packageDocumentation
 */

export { IntercomIdentityError, type IntercomIdentityErrorCode } from '../errors.js';
export { identityKey, personStorageKey, readJwtClaims } from '../person.js';
export { settingsOfBootScript } from './boot-script.js';
export {
  CONSENT_EVENT,
  clearIntercomStorage,
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  withdrawIntercomConsent,
} from './consent.js';
export type { ClientSettings, IntercomFunction, Messenger, MessengerSource } from './messenger.js';
export { fromMessengerJsSdk, type MessengerJsSdk } from './messenger-js-sdk.js';
export type { IntercomWorkspace } from './proof.js';
export {
  type ConnectIntercomOptions,
  connectIntercom,
  type IntercomConnection,
  type IntercomIdentityState,
  type IntercomIdentityStatus,
  type IntercomIdentityUser,
} from './spa.js';
export {
  createIntercomSync,
  createMessengerSync,
  type IntercomSync,
  type IntercomSyncOptions,
  type MessengerSync,
  type MessengerSyncOptions,
  shutdownIntercom,
} from './sync.js';
