import type { IdentityMode, IntercomIdentityErrorCode } from '@intercom-identity/core';

/** The result of one check. `skip`: the check does not apply to this page (a JWT check on a user_hash page, say). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** The checks, in the order of Intercom's Identity Verification troubleshooting list. */
export type DoctorCheckId =
  | 'page'
  | 'loader'
  | 'identity'
  | 'identifier'
  | 'secret'
  | 'jwt'
  | 'user-id'
  | 'cache'
  | 'other-user'
  | 'exposure'
  | 'escaping'
  | 'overwrite'
  | 'mode'
  | 'consent-requests'
  | 'consent-cookies'
  | 'consent-gate'
  | 'rotation';

/**
 * The doctor's own codes, for what only a run in Chromium shows: a later call that undoes the signed boot
 * (`overwrite`), and, with `--consent-required`, what the page loads and sets before consent.
 * `intercom-identity explain <code>` explains each.
 */
export const DOCTOR_FINDING_CODES = [
  'BOOT_UNSIGNED_AFTER_SIGNED',
  'UPDATE_IDENTITY_UNSIGNED',
  'PROOF_DROPPED',
  'MESSENGER_LOADED_BEFORE_CONSENT',
  'INTERCOM_COOKIE_BEFORE_CONSENT',
  'CONSENT_GATE_MISSING',
  'CONSENT_GRANTED_BEFORE_CHOICE',
] as const;
export type DoctorFindingCode = (typeof DOCTOR_FINDING_CODES)[number];

/** One line of the doctor's report. */
export interface DoctorCheck {
  id: DoctorCheckId;
  title: string;
  status: CheckStatus;
  /**
   * The stable error code of `@intercom-identity/core` for what was found, when it is one of its mistakes:
   * `WRONG_IDENTIFIER_HASHED` (the email hashed while a user_id is sent) or `SECRET_WRONG_PLATFORM`
   * (a web proof made with the iOS or Android secret), `JWT_USER_ID_REQUIRED` (a user known by email only in JWT mode);
   * or one of the doctor's own ({@link DoctorFindingCode}): `BOOT_UNSIGNED_AFTER_SIGNED`, `UPDATE_IDENTITY_UNSIGNED`,
   * `PROOF_DROPPED` (the `overwrite` check); `MESSENGER_LOADED_BEFORE_CONSENT`, `INTERCOM_COOKIE_BEFORE_CONSENT`,
   * `CONSENT_GATE_MISSING`, `CONSENT_GRANTED_BEFORE_CHOICE` (the `consent-*` checks of `--consent-required`).
   */
  code?: IntercomIdentityErrorCode | DoctorFindingCode;
  /** What was found, in a sentence or two. Never a secret or a cookie. */
  message: string;
  /** One sentence saying what to do; present unless the check passed or was skipped. */
  fix?: string;
}

/** What {@link runDoctor} returns, and what `doctor --json` prints. */
export interface DoctorReport {
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  /** `html`: settings read from the page's HTML; `browser`: read in Chromium after the scripts ran. */
  mode: 'html' | 'browser';
  /** Whether the first request carried --cookie values. */
  loggedIn: boolean;
  /** Which secrets were given, by label (never the values). */
  secrets: string[];
  /** False when any check failed. */
  ok: boolean;
  checks: DoctorCheck[];
  summary: Record<CheckStatus, number>;
  /** With `--browser`: how the page talked to the Messenger, and which settings the checks read. */
  messenger?: MessengerReport;
  /** With `--consent-required`: what the first load, before any consent, requested and set. */
  consent?: ConsentReport;
}

/** What a page did before consent, as `--consent-required` saw it in Chromium. Cookie values are never in it. */
export interface ConsentReport {
  /**
   * `window.intercomConsent` once the page was still: `pending`, `granted` or `withdrawn` with the consent gate of
   * `@intercom-identity/core`, `null` without it.
   */
  state: 'pending' | 'granted' | 'withdrawn' | null;
  /** Whether the boot script in the HTML waits for consent (it was rendered with `consent: 'required'`). */
  gatedBootScript: boolean;
  /** Requests to Intercom's hosts or to the page's widget URL (origin and path; the doctor blocked each). */
  requests: string[];
  /** Names of the `intercom-*` cookies the browser held (the --cookie values given are not counted). */
  cookies: string[];
}

/**
 * What the page told the Messenger, as recorded in Chromium. Proofs are named by kind, never by value.
 */
export interface MessengerReport {
  /**
   * Where the settings the checks read come from: `boot`, the last `Intercom('boot')` call with the later
   * updates merged; `intercomSettings`, `window.intercomSettings` (the Messenger boots with it when it loads)
   * with the updates merged; `none`, the page set neither.
   */
  bootedBy: 'boot' | 'intercomSettings' | 'none';
  /** `Intercom('update')` calls merged into those settings. */
  updatesMerged: number;
  /** Every call and assignment, in order (at most 200). */
  steps: MessengerStepReport[];
}

export interface MessengerStepReport {
  /** `boot`, `update`, `shutdown`, another command, or `settings`: an assignment to `window.intercomSettings`. */
  call: string;
  /** The call passed the object it had just assigned to `window.intercomSettings`. */
  assigned: boolean;
  /** Milliseconds since the document started. */
  at: number;
  /** The proof the step's settings carry, by kind. */
  proof: 'user_hash' | 'intercom_user_jwt' | null;
  user_id?: string;
  email?: string;
  /** Script path and line of the caller. */
  from?: string;
}

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** The page to check (http or https). */
  url: string;
  /** Cookies of a logged-in user, sent with the first request. */
  cookies?: Readonly<Record<string, string>>;
  /** Another user's cookies for the second request; without them the second request carries no cookie. */
  otherCookies?: Readonly<Record<string, string>>;
  /** The web Identity Verification secret. */
  secret?: string;
  iosSecret?: string;
  androidSecret?: string;
  /** The web secret being rotated out (INTERCOM_IDENTITY_SECRET_PREVIOUS): a proof made with it is told apart. */
  previousSecret?: string;
  iosPreviousSecret?: string;
  androidPreviousSecret?: string;
  /**
   * The server's identity mode (INTERCOM_IDENTITY_MODE), when known. The page tells the mode it runs in;
   * this says what the setup is meant to be: `jwt` turns on the check that every user has a user_id.
   */
  mode?: IdentityMode;
  /**
   * The proof endpoint's path (or a URL on the page's origin), such as `/api/intercom-identity`: asked with
   * the first user's cookies, its answer tells what the page cannot, such as an email-only user refused in JWT mode.
   */
  proofEndpoint?: string;
  /** Other secrets to recognise, such as another workspace's. */
  alsoSecrets?: readonly string[];
  /**
   * Run the page in Chromium (needs playwright-core): record every `Intercom(...)` call and assignment of
   * `window.intercomSettings` from before the page's scripts run, and check the settings the Messenger boots with.
   */
  browser?: boolean;
  /**
   * Check that nothing comes from Intercom before consent (implies `browser`): the first load, in a fresh
   * browser context where nothing was granted, must request nothing from Intercom's hosts or the widget URL,
   * leave no `intercom-*` cookie, and have the consent gate of `@intercom-identity/core`
   * (`window.intercomConsent === 'pending'`, from `consent: 'required'` or `INTERCOM_CONSENT=required`).
   */
  consentRequired?: boolean;
  /** Default `/usr/bin/chromium`. */
  chromiumPath?: string;
  /** Per request. Default 30. */
  timeoutSeconds?: number;
}

export const CHECK_TITLES: Readonly<Record<DoctorCheckId, string>> = {
  page: 'Page loads',
  loader: 'Messenger loader and app_id',
  identity: 'Identifier sent with the proof',
  identifier: 'Proof made from the right identifier',
  secret: 'Proof verifies with the web secret',
  jwt: 'JWT signature, expiry and claims',
  'user-id': 'JWT users have a user_id',
  cache: 'Page with a proof is not publicly cacheable',
  'other-user': "Another user does not get this user's proof",
  exposure: 'Secret appears nowhere in the page',
  escaping: 'Settings parse back to what was signed',
  overwrite: 'No later boot or update undoes the proof',
  mode: 'JWT Messenger security (user_hash is deprecated)',
  'consent-requests': 'Nothing requested from Intercom before consent',
  'consent-cookies': 'No intercom-* cookie before consent',
  'consent-gate': 'The Messenger waits for consent',
  rotation: 'Secret rotation window',
};
