/**
 * What the real Intercom Messenger says when it refuses a user, as Intercom
 * documents it. The fake Messenger (`@intercom-identity/testing`) prints and
 * returns these, and `intercom-identity explain` maps each of them to its cause
 * and its fix.
 *
 * `documented: false` marks a refusal whose exact wording Intercom does not
 * publish: there the status is the one Intercom documents for the case and the
 * text is this project's, so a test must not take it for Intercom's own words.
 */

/** One thing the real Messenger prints or answers when it refuses a user. */
export interface MessengerError {
  /** A stable name for this message. */
  readonly id: MessengerErrorId;
  /** Where it appears: the web Messenger, or the iOS and Android SDKs. */
  readonly surface: 'web' | 'mobile';
  /** The HTTP status of the refused request; absent for a console message alone. */
  readonly status?: number;
  /** The `code` of the answer's body, when it has one. */
  readonly code?: string;
  /** The console text or the answer's `message`, word for word when `documented`. */
  readonly text: string;
  /** Whether Intercom publishes this exact text (see the module notes). */
  readonly documented: boolean;
  /** What causes it, in one sentence. */
  readonly cause: string;
  /** What to do, in one sentence. */
  readonly fix: string;
}

/** The names of {@link MESSENGER_ERRORS}. */
export type MessengerErrorId =
  | 'missing_proof'
  | 'signature_mismatch'
  | 'jwt_invalid'
  | 'jwt_expired'
  | 'mobile_hmac_mismatch'
  | 'mobile_jwt_invalid'
  | 'mobile_conflict';

/** The console text of the web Messenger when a logged-in user comes without a proof. */
export const MISSING_PROOF_CONSOLE_TEXT =
  'Intercom Messenger error: Missing user_hash or intercom_user_jwt. A valid user_hash or intercom_user_jwt is required to authenticate users when Messenger Security is enforced.';

const errors: readonly MessengerError[] = [
  {
    id: 'missing_proof',
    surface: 'web',
    status: 403,
    text: MISSING_PROOF_CONSOLE_TEXT,
    documented: true,
    cause:
      'The page booted the Messenger with a user_id or email but without a user_hash or intercom_user_jwt, while Messenger security is enforced.',
    fix: 'Render the boot with the proof on the server (renderBoot or an adapter) for every signed-in page, and send the proof again with every update of that user.',
  },
  {
    id: 'signature_mismatch',
    surface: 'web',
    status: 403,
    code: 'signature_mismatch',
    text: 'Incorrect user_hash',
    documented: true,
    cause:
      'The user_hash is not the HMAC-SHA256 of the identifier Intercom checks with the web secret: another secret (a test workspace, the iOS or Android one), or the email hashed while a user_id was sent.',
    fix: 'Sign with the web Messenger secret of this workspace, and hash the user_id whenever one is sent; check a proof with `intercom-identity verify`.',
  },
  {
    id: 'jwt_invalid',
    surface: 'web',
    status: 403,
    code: 'jwt_invalid',
    text: 'Invalid intercom_user_jwt',
    documented: false,
    cause:
      'The intercom_user_jwt is not an HS256 token signed with the web Messenger secret, or it has no user_id, or the plain user_id or email beside it differs from the signed one.',
    fix: 'Make the token on the server with the web secret and a user_id claim, and do not send a different user_id or email next to it; check the page with `intercom-identity doctor`.',
  },
  {
    id: 'jwt_expired',
    surface: 'web',
    status: 403,
    code: 'jwt_expired',
    text: 'Expired intercom_user_jwt',
    documented: false,
    cause:
      'The token the Messenger holds is past its exp: it was not refreshed in time, or the refresh went out as an update the Messenger ignored (at most 20 updates per 30 minutes).',
    fix: 'Let the browser sync refresh the token (it re-boots when the update budget runs low), and match the lifetime to the app session (INTERCOM_IDENTITY_JWT_EXPIRES_IN).',
  },
  {
    id: 'mobile_hmac_mismatch',
    surface: 'mobile',
    status: 401,
    code: 'hmac_mismatch',
    text: 'Failed Identity Verification check',
    documented: true,
    cause:
      'The app sent a user hash that is not the HMAC of the user id (or email) with this platform secret: the web secret used in the app, or the iOS and Android secrets swapped.',
    fix: 'Sign the proofs of each app with its own secret (INTERCOM_IDENTITY_SECRET_IOS, INTERCOM_IDENTITY_SECRET_ANDROID) and hash the same identifier the app registers.',
  },
  {
    id: 'mobile_jwt_invalid',
    surface: 'mobile',
    status: 400,
    text: 'A valid JWT is required for this request',
    documented: false,
    cause:
      'Messenger security is enforced and the SDK request came without a valid JWT: setUserJwt was not called before the user was registered, or the token is expired or signed with another secret.',
    fix: 'Fetch the JWT for the platform from the proof endpoint and call setUserJwt before loginUser, and again before it expires.',
  },
  {
    id: 'mobile_conflict',
    surface: 'mobile',
    status: 409,
    code: 'conflict',
    text: 'Multiple existing users match this email address',
    documented: false,
    cause:
      'The user was identified by email alone and several Intercom users share that email, so Intercom refuses to guess which one is meant.',
    fix: 'Identify users by a stable user_id (a JWT requires one): return it from getUser and register it in the app.',
  },
];

/** The real Messenger's refusals, by name. */
export const MESSENGER_ERRORS: Readonly<Record<MessengerErrorId, MessengerError>> = Object.freeze(
  Object.fromEntries(errors.map((error) => [error.id, Object.freeze(error)])) as Record<MessengerErrorId, MessengerError>,
);
