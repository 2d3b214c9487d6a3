import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { constantTimeEqual, type MatchedSecret, type VerificationSecrets, verificationKeys } from './hash.js';

/** Why a user JWT did not verify. */
export type UserJwtProblem = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'not_yet_valid' | 'user_id_missing';

/**
 * Result of {@link verifyUserJwt}. Claims are returned only when the signature is valid;
 * `matched` says which secret the signature is made with (`'current'` for a plain secret).
 */
export type VerifyUserJwtResult =
  | { valid: true; claims: Record<string, unknown>; matched: MatchedSecret }
  | { valid: false; problem: UserJwtProblem; message: string; claims?: Record<string, unknown>; matched?: MatchedSecret };

/** Options of {@link verifyUserJwt}. */
export interface VerifyUserJwtOptions {
  /** Current time in Unix seconds. Default now. */
  now?: number;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 0. */
  clockTolerance?: number;
}

/**
 * Longest token checked, in characters: 8 KiB. Intercom's tokens are a few
 * hundred characters; a longer one is refused as `malformed` before it is
 * decoded or hashed, so a huge token costs nothing.
 */
export const MAX_USER_JWT_LENGTH = 8192;

function timeOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(
      'JWT_OPTION_INVALID',
      `The ${name} option of verifyUserJwt is ${describeValue(value)}; pass a finite number of seconds, 0 or more.`,
    );
  return value;
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Checks an Intercom user JWT as the Messenger does: HS256 only, a valid
 * signature under `secret` (or, while rotating, under either of
 * `{ current, previous }`; `matched` says which), `exp` not passed, `nbf` and `iat` not in the future
 * (each within `clockTolerance`), and a non-empty `user_id` claim. A token longer
 * than {@link MAX_USER_JWT_LENGTH} (8 KiB) is `malformed`, unread. Options that
 * are not finite numbers of 0 or more throw `JWT_OPTION_INVALID`.
 * Used by the fake Messenger and `intercom-identity doctor`; useful in tests.
 *
 * @example
 * ```ts
 * import { verifyUserJwt } from '@intercom-identity/core';
 * const result = await verifyUserJwt(secret, settings.intercom_user_jwt);
 * if (!result.valid) console.error(result.problem, result.message);
 * ```
 */
export async function verifyUserJwt(
  secret: VerificationSecrets,
  token: string,
  options: VerifyUserJwtOptions = {},
): Promise<VerifyUserJwtResult> {
  const keys = verificationKeys(secret, 'verifyUserJwt');
  if (typeof token !== 'string')
    fail('JWT_CLAIM_INVALID', `The token to verify is ${describeValue(token)}; pass the intercom_user_jwt string.`);
  if (typeof options !== 'object' || options === null)
    fail('JWT_OPTION_INVALID', `The options of verifyUserJwt are ${describeValue(options)}; pass { now, clockTolerance }.`);
  const givenNow = timeOption(options.now, 'now');
  const tolerance = timeOption(options.clockTolerance, 'clockTolerance') ?? 0;
  if (token.length > MAX_USER_JWT_LENGTH)
    return {
      valid: false,
      problem: 'malformed',
      message: `The token has ${token.length} characters, more than the ${MAX_USER_JWT_LENGTH} checked; Intercom tokens are far shorter.`,
    };
  const parts = token.split('.');
  if (parts.length !== 3)
    return { valid: false, problem: 'malformed', message: 'The token is not a JWT (three dot-separated parts).' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseObject(backend.base64UrlDecode(headerPart));
  const claims = parseObject(backend.base64UrlDecode(payloadPart));
  if (header === null || claims === null)
    return { valid: false, problem: 'malformed', message: 'The token header or payload is not base64url JSON.' };
  // No header extension is understood here, so a critical one must be refused (RFC 7515, 4.1.11).
  if (header.crit !== undefined)
    return {
      valid: false,
      problem: 'malformed',
      message: 'The token has critical header extensions ("crit"); Intercom tokens have none.',
    };
  if (header.alg !== 'HS256')
    return {
      valid: false,
      problem: 'algorithm',
      message: `The token uses alg ${String(header.alg)}; Intercom accepts HS256 only.`,
    };
  const signed = `${headerPart}.${payloadPart}`;
  const expected = await Promise.all(keys.map(({ key }) => backend.hmacBase64Url(key, signed)));
  let matched: MatchedSecret | undefined;
  // Every secret is compared, so the time does not tell which one matched.
  for (const [index, value] of expected.entries())
    if (constantTimeEqual(value, signaturePart) && matched === undefined) matched = keys[index]?.which;
  if (matched === undefined)
    return {
      valid: false,
      problem: 'signature',
      message: `The token signature does not match ${keys.length > 1 ? 'the current or the previous secret' : 'this secret'}.`,
    };
  const now = givenNow ?? Math.floor(Date.now() / 1000);
  if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp + tolerance <= now))
    return {
      valid: false,
      problem: 'expired',
      message: `The token expired at ${String(claims.exp)} (now ${now}). Sign a fresh one.`,
      claims,
      matched,
    };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - tolerance > now))
    return {
      valid: false,
      problem: 'not_yet_valid',
      message:
        typeof claims.nbf === 'number'
          ? `The token is not valid before ${claims.nbf} (now ${now}). Check the signing server's clock.`
          : 'The token has an nbf claim that is not a number of seconds.',
      claims,
      matched,
    };
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat - tolerance > now))
    return {
      valid: false,
      problem: 'not_yet_valid',
      message:
        typeof claims.iat === 'number'
          ? `The token was issued at ${claims.iat}, in the future (now ${now}). Check the signing server's clock.`
          : 'The token has an iat claim that is not a number of seconds.',
      claims,
      matched,
    };
  if (typeof claims.user_id !== 'string' || claims.user_id.trim() === '')
    return {
      valid: false,
      problem: 'user_id_missing',
      message: 'The token has no user_id claim; Intercom requires one.',
      claims,
      matched,
    };
  return { valid: true, claims, matched };
}
