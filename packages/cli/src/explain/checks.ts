// The commands that check each cause. Placeholders are in angle brackets: the
// answer never carries a value from the input, which may hold a token or a secret.

const COOKIE = '--cookie name=value';

export const CHECK = {
  /** A web user_hash: valid, or which of the two usual mistakes made it. */
  verify: 'intercom-identity verify <user_id> <user_hash> --email <email> --secret-stdin',
  /** A mobile user_hash, with that platform's secret (INTERCOM_IDENTITY_SECRET_IOS / _ANDROID). */
  verifyMobile: 'intercom-identity verify <user_id> <user_hash> --platform ios --secret-stdin',
  /** The whole page as a signed-in user. */
  doctor: `intercom-identity doctor <url> ${COOKIE} --secret-stdin`,
  /** A single-page app: its Intercom calls, recorded in Chromium. */
  browser: `intercom-identity doctor <url> ${COOKIE} --browser --secret-stdin`,
  /** What the page loads and sets before consent, run in Chromium. */
  consent: 'intercom-identity doctor <url> --consent-required',
  /** The page and the proof endpoint's answer for the same session. */
  endpoint: `intercom-identity doctor <url> ${COOKIE} --proof-endpoint /api/intercom-identity --secret-stdin`,
  /** What an app gets from the proof endpoint. */
  endpointMobile: `intercom-identity doctor <url> ${COOKIE} --proof-endpoint "/api/intercom-identity?platform=ios"`,
  /** A JWT setup that meets a user with an email but no user_id. */
  emailOnly: `intercom-identity doctor <url> ${COOKIE} --mode jwt --proof-endpoint /api/intercom-identity`,
  /** The hash the server should send, to compare with the page's. */
  hash: 'intercom-identity hash <user_id> --secret-stdin',
  /** A token made the way the server should make it, to compare with the page's. */
  jwt: 'intercom-identity jwt --user-id <user_id> --secret-stdin',
} as const;
