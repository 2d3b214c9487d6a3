import { ERROR_CODES, type IntercomIdentityErrorCode } from '@intercom-identity/core';
import { DOCTOR_FINDING_CODES, type DoctorFindingCode } from '../doctor/types.js';
import { CHECK } from './checks.js';
import type { Explanation } from './types.js';

// This project's own error codes, as `error CODE: ...` lines, `[intercom-identity] CODE: ...` log
// lines (describeError writes those) and `{ "error": { "code": ... } }` answers show them.
// Typed by the core's list, so a new code cannot be left without an explanation.

/** Codes of this package that are not the core's: its own error, and what the doctor finds in Chromium. */
export type CliErrorCode = 'BROWSER_UNAVAILABLE' | DoctorFindingCode;

interface CodeEntry {
  cause: string;
  fix: string;
  check?: readonly string[];
  /** The HTTP status the proof endpoint answers with this code. */
  status?: number;
}

const CODES: Readonly<Record<IntercomIdentityErrorCode | CliErrorCode, CodeEntry>> = {
  APP_ID_MISSING: {
    cause: 'No Intercom app id: INTERCOM_APP_ID (or the appId option) is not set.',
    fix: 'Set INTERCOM_APP_ID to the workspace id from your Intercom URL.',
    check: [CHECK.doctor],
  },
  APP_ID_INVALID: {
    cause: 'INTERCOM_APP_ID is not a workspace id of letters and digits; a long value may be a secret pasted in the wrong place.',
    fix: 'Set INTERCOM_APP_ID to the workspace id from your Intercom URL; if a secret was published there, rotate it in Intercom.',
    check: [CHECK.doctor],
  },
  CONFIG_SWAPPED: {
    cause: 'INTERCOM_APP_ID holds the secret and INTERCOM_IDENTITY_SECRET the app id.',
    fix: 'Swap the two values; if the page ever sent the secret as its app_id, rotate the secret in Intercom.',
  },
  SECRET_MISSING: {
    cause:
      'No Identity Verification secret for the platform (INTERCOM_IDENTITY_SECRET, _IOS or _ANDROID): signed-in users boot as visitors, and the proof endpoint cannot sign for it.',
    fix: "Set the platform's variable on the server from Intercom > Settings > Security > Messenger; each platform has its own secret.",
    check: [CHECK.doctor],
    status: 400,
  },
  SECRET_MALFORMED: {
    cause: 'The secret has whitespace inside it, or is a placeholder copied from documentation (your-..., <...>, ...).',
    fix: 'Copy the secret again from Intercom > Settings > Security > Messenger, in one piece.',
  },
  SECRET_IS_ACCESS_TOKEN: {
    cause: 'The value is an Intercom access token (for the REST API), not the Identity Verification secret.',
    fix: 'Use the secret from Intercom > Settings > Security > Messenger, and keep the access token out of this setup.',
  },
  SECRET_WRONG_PLATFORM: {
    cause: "A proof was made with another platform's secret: the iOS or Android secret on the web, or the other way round.",
    fix: "Sign each platform's proofs with its own secret: web pages with INTERCOM_IDENTITY_SECRET, the apps' with _IOS and _ANDROID.",
    check: [CHECK.verify, CHECK.doctor],
  },
  SECRET_PREVIOUS_WITHOUT_CURRENT: {
    cause:
      'A previous secret (INTERCOM_IDENTITY_SECRET_PREVIOUS or a platform one) is set without the current secret of that platform.',
    fix: 'Set the current secret too: the previous one only verifies during a rotation and never signs.',
  },
  PLATFORM_UNKNOWN: {
    cause: "The platform is not web, ios or android (the proof endpoint's ?platform=, or --platform).",
    fix: 'Ask for web, ios or android.',
    status: 400,
  },
  MODE_UNKNOWN: {
    cause: 'INTERCOM_IDENTITY_MODE (or the mode option) is neither jwt nor user_hash.',
    fix: 'Set INTERCOM_IDENTITY_MODE=jwt (Intercom recommends JWT), or user_hash.',
  },
  REGION_UNKNOWN: {
    cause: 'INTERCOM_REGION is not us, eu or au.',
    fix: "Set INTERCOM_REGION to your workspace's region, or leave it unset for us.",
  },
  CONSENT_UNKNOWN: {
    cause: 'INTERCOM_CONSENT (or the consent option) is neither none nor required.',
    fix: 'Set INTERCOM_CONSENT=required to load the Messenger only after grantIntercomConsent(), or leave it unset (none).',
  },
  LOAD_UNKNOWN: {
    cause: 'INTERCOM_LOAD (or the load option) is neither page nor interaction.',
    fix: 'Set INTERCOM_LOAD=interaction to load the Messenger on the first click of a lightweight launcher, or leave it unset (page).',
  },
  WIDGET_URL_INVALID: {
    cause: 'INTERCOM_WIDGET_URL is not an http(s) URL.',
    fix: 'Unset INTERCOM_WIDGET_URL to load the real Messenger, or set it to the widgetUrl of the fake Messenger.',
  },
  ALLOWED_ORIGIN_INVALID: {
    cause:
      'An entry of INTERCOM_IDENTITY_ALLOWED_ORIGINS (or the allowedOrigins option) is not a bare http(s) origin: a wildcard, a path, a query or credentials.',
    fix: 'List each front end that reads the proof endpoint from another origin in full, comma-separated: https://app.example.com,https://admin.example.com. Never *.',
  },
  ORIGIN_NOT_ALLOWED: {
    cause:
      "A browser on another origin asked the proof endpoint for the signed-in user's proof, and that origin is not in INTERCOM_IDENTITY_ALLOWED_ORIGINS. The endpoint refused before reading the session.",
    fix: 'If that front end is yours, add its origin (scheme, host and port) to INTERCOM_IDENTITY_ALLOWED_ORIGINS on the server, and fetch with credentials: "include".',
  },
  JWT_OPTION_INVALID: {
    cause:
      'A JWT option is not valid: INTERCOM_IDENTITY_JWT_EXPIRES_IN, INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES, INTERCOM_IDENTITY_JWT_FALLBACK or the jwt option.',
    fix: 'Give the lifetime in whole seconds (or "none"), the signed attributes as a comma list, and the fallback as user_hash or false.',
  },
  IDENTIFIER_MISSING: {
    cause: 'The user has neither a user_id nor an email, so there is nothing to sign.',
    fix: 'Return the user_id (or at least the email) of the signed-in user from getUser, or null for a visitor.',
  },
  IDENTIFIER_EMPTY: {
    cause: 'The user_id or the email is an empty (or blank) string.',
    fix: 'Send the real identifier of the signed-in user, or leave the field out.',
  },
  IDENTIFIER_INVALID: {
    cause:
      'The user_id or the email is not a string (or, for user_id, a whole number), or holds a control character or a lone surrogate.',
    fix: 'Pass the identifier as a clean string, exactly as it should be sent.',
  },
  IDENTIFIER_TOO_LONG: {
    cause: 'The identifier is longer than the core accepts.',
    fix: 'Use a short, stable id, such as your database id.',
  },
  WRONG_IDENTIFIER_HASHED: {
    cause: 'The user_hash was made from the email while a user_id is sent; Intercom checks it against the user_id.',
    fix: 'Hash the user_id whenever one is sent; hash the email only for users without a user_id.',
    check: [CHECK.verify, CHECK.doctor],
  },
  HASH_INVALID: {
    cause: 'The hash to verify is not a string.',
    fix: 'Pass the user_hash string as it was sent.',
    check: [CHECK.verify],
  },
  USER_INVALID: {
    cause: 'The getUser function returned something that is not a user object or null.',
    fix: 'Return an object such as { user_id, email, name } for a signed-in user, and null for a visitor.',
  },
  ATTRIBUTE_INVALID: {
    cause: 'A custom attribute has an empty name or a value that is not a string, a finite number, a boolean or null.',
    fix: 'Rename or convert the attribute before it is signed.',
  },
  ATTRIBUTE_RESERVED: {
    cause: 'A custom attribute has the name (or a near miss of the name) of a field Intercom sets itself.',
    fix: "Rename the attribute, or pass the value as the user's own field.",
  },
  CREATED_AT_INVALID: {
    cause: 'The created_at value is not a date or Unix seconds; a value in milliseconds is refused.',
    fix: 'Pass a Date or Unix seconds (milliseconds divided by 1000).',
  },
  JWT_USER_ID_REQUIRED: {
    cause:
      'JWT mode met a user with an email but no user_id: an intercom_user_jwt needs a user_id, so email-only users are refused (the page boots them as visitors, the proof endpoint answers 422).',
    fix: 'Return a stable user_id (your database id) from getUser for every signed-in user; until then INTERCOM_IDENTITY_JWT_FALLBACK=user_hash keeps email-only users on the deprecated user_hash.',
    check: [CHECK.emailOnly],
    status: 422,
  },
  JWT_CLAIM_INVALID: {
    cause: 'A claim cannot go into the token: an object among the signed attributes, or claims that are not an object.',
    fix: 'Sign only strings, numbers, booleans and null; remove object attributes from INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES.',
  },
  JWT_EXPIRES_IN_INVALID: {
    cause: 'The token lifetime is not a whole number of seconds above 0.',
    fix: 'Give the lifetime in seconds, such as 3600, or no expiry on purpose (null, "none", --no-expiry).',
    check: [CHECK.jwt],
  },
  NONCE_INVALID: {
    cause: 'The CSP nonce given to the boot script is not a base64 string.',
    fix: 'Pass the nonce your Content-Security-Policy header uses, unchanged.',
  },
  SETTINGS_INVALID: {
    cause:
      'The config, the env or the settings passed in are not what the function takes (settings made for another app_id, say).',
    fix: 'Pass the result of bootSettings() of the same identity to renderScript(), and plain objects of strings as config and env.',
  },
  HANDLER_OPTIONS_INVALID: {
    cause: 'A handler was created without its options: createProofEndpoint needs { getUser, config }, an adapter its own.',
    fix: 'Pass getUser(request), which returns the user of the current session or null, and the config.',
  },
  NO_SESSION: {
    cause: 'The proof endpoint found no signed-in user for this request, so it signs nothing.',
    fix: 'Call the endpoint with the session of a signed-in user (its cookie or bearer token); the app asks for a proof only after login.',
    check: [CHECK.endpoint],
    status: 401,
  },
  SESSION_LOOKUP_FAILED: {
    cause: 'The getUser function threw, so the proof endpoint could not tell who is signed in.',
    fix: "Look at the server log for getUser's error and make getUser return null instead of throwing for a visitor.",
    check: [CHECK.endpoint],
    status: 500,
  },
  SESSION_LOOKUP_TIMEOUT: {
    cause:
      'The getUser function did not answer within the userTimeout option (3000 ms by default): the page booted a visitor, and the proof endpoint could not tell who is signed in.',
    fix: 'Find what holds the session lookup (a slow session store or database), or raise userTimeout; false turns the limit off.',
    check: [CHECK.endpoint],
    status: 500,
  },
  USER_TIMEOUT_INVALID: {
    cause: 'The userTimeout option is not a number of milliseconds above 0 (at most 2147483647), nor false, 0 or Infinity.',
    fix: 'Give userTimeout in milliseconds, such as 2000, or false to wait as long as getUser takes.',
  },
  METHOD_NOT_ALLOWED: {
    cause: 'The proof endpoint was called with another method than GET, HEAD or POST.',
    fix: 'Call it with GET (or POST).',
    status: 405,
  },
  BROWSER_IMPORT: {
    cause:
      'The server package @intercom-identity/core was bundled for a browser: it signs with the secret and must stay on the server.',
    fix: 'Import @intercom-identity/core only in server code, and @intercom-identity/core/client in the browser.',
  },
  SIGNED_PAGE_CACHEABLE: {
    cause: "A page that carries a signed-in user's proof may be kept by a CDN or a shared cache, and served to other users.",
    fix: 'Send pages with a proof as Cache-Control: private, no-store, without CDN-Cache-Control or Surrogate-Control headers.',
    check: [CHECK.doctor],
  },
  BOOT_UNSIGNED_AFTER_SIGNED: {
    cause:
      "A page booted the Messenger with a proof, then booted it again without one, with no shutdown between (react-use-intercom's boot() without userHash or intercomUserJwt, or @intercom/messenger-js-sdk's boot() without user_hash or intercom_user_jwt): the signed-in user is now unverified.",
    fix: 'Boot once, with the proof from your backend (through @intercom-identity/react, or pass it in every boot), and shut down before booting another person.',
    check: [CHECK.browser],
  },
  UPDATE_IDENTITY_UNSIGNED: {
    cause:
      "An Intercom('update') changed the user_id or the email of a signed user without a proof for the new value (in JWT mode, without a new intercom_user_jwt): the proof no longer names the person the Messenger shows.",
    fix: "For another person, shut down and boot with that person's proof from the backend; for the same person, send a new proof from the backend with the change.",
    check: [CHECK.browser],
  },
  PROOF_DROPPED: {
    cause:
      "A call replaced signed settings with settings that carry no user_hash or intercom_user_jwt: @intercom/messenger-js-sdk's Intercom({...}) called again with props that miss the proof, or an update that empties it.",
    fix: "Call @intercom/messenger-js-sdk's Intercom({...}) once, with the proof from your backend, and update() for later changes; or boot through @intercom-identity/react.",
    check: [CHECK.browser],
  },
  MESSENGER_LOADED_BEFORE_CONSENT: {
    cause:
      "Before the visitor consented, the page requested the Messenger or something else from Intercom (widget.intercom.io, js.intercomcdn.com, api-iam.intercom.io, or the page's widget URL): the boot script does not wait for consent, or another loader (Intercom's snippet, a plugin, an SDK) fetches it, or the page grants consent on load.",
    fix: "Set INTERCOM_CONSENT=required so the boot script loads nothing until the consent tool calls grantIntercomConsent(), keep it the page's only Messenger loader, and grant only once the visitor consented.",
    check: [CHECK.consent],
  },
  INTERCOM_COOKIE_BEFORE_CONSENT: {
    cause:
      'Before the visitor consented, the browser held an intercom-* cookie (intercom-id-*, intercom-device-id-*, intercom-session-*): a Messenger ran before consent (another loader, or a copy served from your own domain), or a server sets the cookie.',
    fix: 'Find what sets the cookie and hold it back until consent; with INTERCOM_CONSENT=required the boot script sets none before grantIntercomConsent(), and withdrawIntercomConsent() removes them.',
    check: [CHECK.consent],
  },
  CONSENT_GATE_MISSING: {
    cause:
      "The page has no consent gate of @intercom-identity (window.intercomConsent is not set): the Messenger does not wait for grantIntercomConsent(). A facade (INTERCOM_LOAD=interaction) alone is not consent: a click loads the Messenger. When the HTML's boot script is gated but the global is missing, the script did not run (a CSP without its nonce, a script error).",
    fix: "Set INTERCOM_CONSENT=required (or consent: 'required') on the server, and have the consent tool call grantIntercomConsent() on each page load once the visitor consented.",
    check: [CHECK.consent],
  },
  CONSENT_GRANTED_BEFORE_CHOICE: {
    cause:
      'On a first visit where nobody consented, window.intercomConsent was already "granted": the page or its consent tool calls grantIntercomConsent(), or presets the global, before the visitor chose.',
    fix: "Call grantIntercomConsent() only when the consent tool holds the visitor's consent, and preset window.intercomConsent = 'granted' only for a visitor who consented.",
    check: [CHECK.consent],
  },
  BROWSER_UNAVAILABLE: {
    cause:
      'The doctor could not start Chromium for --browser or --consent-required: playwright-core is not installed, or there is no Chromium at the path given.',
    fix: 'Install playwright-core and a Chromium (or pass --chromium <path>); without --browser and --consent-required the doctor checks the HTML only.',
  },
};

/** Every code explain knows: the core's, then this package's. */
export const KNOWN_CODES: readonly string[] = [...ERROR_CODES, 'BROWSER_UNAVAILABLE', ...DOCTOR_FINDING_CODES];

export const CODE_ENTRIES: readonly Explanation[] = KNOWN_CODES.map((code) => {
  const entry = CODES[code as IntercomIdentityErrorCode | CliErrorCode];
  return {
    source: 'error-code',
    id: code,
    text: code,
    ...(entry.status !== undefined ? { status: entry.status } : {}),
    cause: entry.cause,
    fix: entry.fix,
    check: entry.check ?? [],
  };
});
