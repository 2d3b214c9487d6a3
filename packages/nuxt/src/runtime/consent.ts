// The core's consent helpers, auto-imported in the app like useIntercomSync().
// With INTERCOM_CONSENT=required the page loads nothing from Intercom until
// grantIntercomConsent(); the app's consent tool stores the choice.
export {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';
