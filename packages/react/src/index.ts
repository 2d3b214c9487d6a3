'use client';
/**
 * @intercom-identity/react: Intercom Messenger security for React single-page
 * apps. The backend signs the signed-in user (`@intercom-identity/express`,
 * `/hono`, `/fastify`, or any adapter's proof endpoint); this package boots the
 * Messenger with that proof through the SDK the app already has, and keeps it in
 * step. No secret ever reaches the browser.
 *
 * - react-use-intercom: `IntercomProvider` of `@intercom-identity/react/react-use-intercom`.
 * - `@intercom/messenger-js-sdk`: `<IntercomIdentityProvider messenger={fromMessengerJsSdk(IntercomSdk)}>`.
 * - Consent (`INTERCOM_CONSENT=required` on the backend): nothing of Intercom
 *   loads until `grantIntercomConsent()`; `useIntercomConsent()` drives a banner.
 *
 * @packageDocumentation
 */
export {
  type ClientSettings,
  fromMessengerJsSdk,
  grantIntercomConsent,
  type IntercomConsentState,
  type IntercomIdentityState,
  type IntercomIdentityStatus,
  type IntercomIdentityUser,
  type IntercomWorkspace,
  intercomConsent,
  type Messenger,
  type MessengerJsSdk,
  type MessengerSource,
  onIntercomConsent,
  shutdownIntercom,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';
export { useIntercomConsent } from './consent.js';
export {
  type IntercomIdentity,
  IntercomIdentityProvider,
  type IntercomIdentityProviderProps,
  useIntercomIdentity,
} from './provider.js';
