/**
 * The reasons the fake Messenger gives when it refuses a boot, an update or a
 * mobile proof. They appear in `data-reason` on the launcher, in the console
 * error, in the HTTP answer and in the report, so tests can assert on them.
 *
 * @example
 * ```ts
 * import { readLauncher, REJECTION_REASONS } from '@intercom-identity/testing';
 * const launcher = await readLauncher(page);
 * if (launcher.reason === REJECTION_REASONS.wrongIdentifier) console.log('hash the user_id, not the email');
 * ```
 */
export const REJECTION_REASONS = Object.freeze({
  /** The widget or the settings name an app that this fake does not serve. */
  unknownApp: 'unknown app_id',
  /** A logged-in user (user_id or email) without a user_hash while enforcement is on. */
  missingUserHash: 'missing user_hash',
  /** A logged-in user without a JWT while enforcement is on, in mode 'jwt'; or a JWT user's update without one. */
  missingJwt: 'missing intercom_user_jwt',
  /** The user_hash is not the HMAC of the identifier under this platform's secret. */
  invalidUserHash: 'invalid user_hash',
  /** A user_id was sent, but the hash was made from the email. */
  wrongIdentifier: 'hash must be generated with the user_id',
  /** A user_hash with neither user_id nor email. */
  hashWithoutIdentifier: 'user_hash sent without user_id or email',
  /** user_id or email is not a usable string. */
  invalidIdentifier: 'invalid user_id or email',
  /** The JWT is not three base64url JSON parts. */
  jwtMalformed: 'malformed intercom_user_jwt',
  /** The JWT header names another algorithm than HS256. */
  jwtAlgorithm: 'intercom_user_jwt must be signed with HS256',
  /** The JWT signature does not match this platform's secret. */
  jwtSignature: 'invalid intercom_user_jwt signature',
  /** The JWT's `exp` has passed. */
  jwtExpired: 'intercom_user_jwt expired',
  /** The JWT's `nbf` or `iat` is in the future. */
  jwtNotYetValid: 'intercom_user_jwt not valid yet',
  /** The JWT has no user_id claim. */
  jwtNoUserId: 'intercom_user_jwt has no user_id',
  /** The plain user_id differs from the user_id the JWT signs. */
  jwtUserIdMismatch: 'user_id does not match intercom_user_jwt',
  /** The plain email differs from the email the JWT signs (signed attributes are protected). */
  jwtEmailMismatch: 'email does not match intercom_user_jwt',
  /** A mobile check for a platform whose secret was not given to the fake. */
  platformNotConfigured: 'no secret configured for this platform',
  /** An update, message or shutdown for a session the server does not know (ended, or after reset()). */
  noSession: 'no session: boot first',
} as const);

/** One of the {@link REJECTION_REASONS} values. */
export type RejectionReason = (typeof REJECTION_REASONS)[keyof typeof REJECTION_REASONS];
