import type { MessengerErrorId } from '@intercom-identity/core';
import { CHECK } from './checks.js';
import type { Explanation } from './types.js';

// The reasons the fake Messenger of @intercom-identity/testing gives when it refuses a user.
// The CLI does not depend on the testing package at run time, so the strings are copied here;
// a test compares them with the testing package's REJECTION_REASONS, so they cannot drift apart.

interface FakeReason {
  reason: string;
  messenger?: MessengerErrorId;
  cause: string;
  fix: string;
  check: readonly string[];
}

const REASONS: Readonly<Record<string, FakeReason>> = {
  unknownApp: {
    reason: 'unknown app_id',
    cause: 'The widget URL or the app_id of the settings names another workspace than the one the fake Messenger serves.',
    fix: "Start the fake with the app's INTERCOM_APP_ID, and point the app's INTERCOM_WIDGET_URL at the fake's widgetUrl.",
    check: [CHECK.doctor],
  },
  missingUserHash: {
    reason: 'missing user_hash',
    messenger: 'missing_proof',
    cause: 'A signed-in user (a user_id or an email) booted without a user_hash while the fake enforces Identity Verification.',
    fix: 'Render the boot on the server with the proof (renderBoot, or an adapter) on every page a signed-in user sees.',
    check: [CHECK.doctor],
  },
  missingJwt: {
    reason: 'missing intercom_user_jwt',
    messenger: 'missing_proof',
    cause: 'In JWT mode, a signed-in user booted without an intercom_user_jwt, or an update of a JWT user came without one.',
    fix: 'Render the token on the server for every signed-in page, and send it with every update of that user (the browser sync of @intercom-identity/core/client does).',
    check: [CHECK.doctor],
  },
  invalidUserHash: {
    reason: 'invalid user_hash',
    messenger: 'signature_mismatch',
    cause:
      "The user_hash is not the HMAC-SHA256 of the identifier with the fake's secret for this platform: the app and the fake were given different secrets, or another platform's.",
    fix: 'Give the fake the same secret as the app (its secrets option, INTERCOM_IDENTITY_SECRET for the app), per platform.',
    check: [CHECK.verify, CHECK.doctor],
  },
  wrongIdentifier: {
    reason: 'hash must be generated with the user_id',
    messenger: 'signature_mismatch',
    cause: 'A user_id was sent, but the user_hash was made from the email.',
    fix: 'Hash the user_id whenever one is sent; hash the email only for users without a user_id.',
    check: [CHECK.verify],
  },
  hashWithoutIdentifier: {
    reason: 'user_hash sent without user_id or email',
    cause: 'The settings carry a user_hash but neither a user_id nor an email, so nobody can tell whose proof it is.',
    fix: 'Send the user_id (or, for a user without one, the email) that was hashed next to the user_hash.',
    check: [CHECK.doctor],
  },
  invalidIdentifier: {
    reason: 'invalid user_id or email',
    cause: 'The user_id or the email is not a usable string (null, an object, or empty).',
    fix: 'Send the user_id as a string or a whole number and the email as a string, as bootSettings() writes them.',
    check: [CHECK.doctor],
  },
  jwtMalformed: {
    reason: 'malformed intercom_user_jwt',
    messenger: 'jwt_invalid',
    cause: 'The intercom_user_jwt is not a JWT: not three base64url parts of JSON, or not a string.',
    fix: 'Send the token that signUserJwt() returns, unchanged, as a string.',
    check: [CHECK.doctor, CHECK.jwt],
  },
  jwtAlgorithm: {
    reason: 'intercom_user_jwt must be signed with HS256',
    messenger: 'jwt_invalid',
    cause: 'The token header names another algorithm than HS256, the only one Intercom accepts.',
    fix: 'Sign with HS256 and the Identity Verification secret, as signUserJwt() does.',
    check: [CHECK.doctor, CHECK.jwt],
  },
  jwtSignature: {
    reason: 'invalid intercom_user_jwt signature',
    messenger: 'jwt_invalid',
    cause: "The token's signature does not verify with the fake's secret for this platform: another secret signed it.",
    fix: "Give the fake the same secret as the app, and sign each platform's tokens with its own secret.",
    check: [CHECK.doctor],
  },
  jwtExpired: {
    reason: 'intercom_user_jwt expired',
    messenger: 'jwt_expired',
    cause: 'The token is past its exp: it was not refreshed in time.',
    fix: 'Sign a fresh token per page render and let the browser sync refresh it before it expires (INTERCOM_IDENTITY_JWT_EXPIRES_IN sets the lifetime).',
    check: [CHECK.doctor],
  },
  jwtNotYetValid: {
    reason: 'intercom_user_jwt not valid yet',
    messenger: 'jwt_invalid',
    cause: "The token's nbf or iat is in the future: the clock of the server that signed it runs ahead.",
    fix: "Keep the server's clock in sync (NTP); signUserJwt() sets iat to the current time.",
    check: [CHECK.doctor],
  },
  jwtNoUserId: {
    reason: 'intercom_user_jwt has no user_id',
    messenger: 'jwt_invalid',
    cause: 'The token carries no user_id claim; a JWT user must have one, so a user known by email only cannot have a token.',
    fix: 'Return a stable user_id from getUser for every signed-in user, and sign it into the token (signUserJwt() requires it).',
    check: [CHECK.emailOnly],
  },
  jwtUserIdMismatch: {
    reason: 'user_id does not match intercom_user_jwt',
    messenger: 'jwt_invalid',
    cause: 'The plain user_id of the settings differs from the user_id signed into the token.',
    fix: 'Leave user_id out of the plain settings in JWT mode, or send the one that was signed.',
    check: [CHECK.doctor],
  },
  jwtEmailMismatch: {
    reason: 'email does not match intercom_user_jwt',
    messenger: 'jwt_invalid',
    cause: 'The plain email of the settings differs from the email signed into the token, and signed attributes are protected.',
    fix: 'Leave signed attributes (email by default) out of the plain settings; the token carries them.',
    check: [CHECK.doctor],
  },
  platformNotConfigured: {
    reason: 'no secret configured for this platform',
    cause: "A proof for iOS or Android reached a fake that was not given that platform's secret.",
    fix: "Give the fake the platform's secret (secrets.ios, secrets.android), the same one the app's server has in INTERCOM_IDENTITY_SECRET_IOS or _ANDROID.",
    check: [CHECK.endpointMobile],
  },
  noSession: {
    reason: 'no session: boot first',
    cause: 'An update, a message or a shutdown came for a session the fake does not know: it ended, or the fake was reset().',
    fix: "Boot before any update, and boot again after a shutdown (a logout) before the next user's update.",
    check: [CHECK.doctor],
  },
};

/** The fake Messenger's reasons, by key, exactly as it gives them. */
export const FAKE_REASONS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(REASONS).map(([key, entry]) => [key, entry.reason]),
);

export const FAKE_REASON_ENTRIES: readonly Explanation[] = Object.entries(REASONS).map(([id, entry]) => ({
  source: 'fake-messenger',
  id,
  text: entry.reason,
  ...(entry.messenger !== undefined ? { messenger: entry.messenger } : {}),
  cause: entry.cause,
  fix: entry.fix,
  check: entry.check,
}));
