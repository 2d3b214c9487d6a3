import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { toIdentifier } from './identifier.js';
import { checkSecret } from './secret.js';

/** A claim value Intercom accepts in a user JWT. */
export type JwtClaimValue = string | number | boolean | null;

/** Claims of an Intercom user JWT. `user_id` is required; every other claim is protected once signed. */
export interface UserJwtClaims {
  user_id: string | number;
  email?: string;
  name?: string;
  /** Issued at, Unix seconds. Defaults to now. */
  iat?: number;
  /** Expiry, Unix seconds. Defaults to `iat + expiresIn`. */
  exp?: number;
  [claim: string]: JwtClaimValue | undefined;
}

/** Options of {@link signUserJwt}. */
export interface SignUserJwtOptions {
  /** Seconds until the token expires. Default 3600. `null` signs a token without `exp`. */
  expiresIn?: number | null;
  /** The current time in Unix seconds, for tests. Default `Date.now()`. */
  now?: number;
}

/** Default lifetime of a user JWT, in seconds. */
export const DEFAULT_JWT_EXPIRES_IN = 3600;

// Both parts are fixed, so the encoded header is computed once.
const HEADER = '{"alg":"HS256","typ":"JWT"}';
let encodedHeader: string | undefined;

/**
 * Validates claims and returns them in signing order: the caller's order, then
 * `iat` and `exp` when they were not given. The PHP plugin signs the same order.
 */
export function userJwtPayload(claims: UserJwtClaims, options: SignUserJwtOptions = {}): Record<string, JwtClaimValue> {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    fail('JWT_CLAIM_INVALID', `The JWT claims are ${describeValue(claims)}; pass an object with at least user_id.`);
  if (typeof options !== 'object' || options === null)
    fail('JWT_EXPIRES_IN_INVALID', `The JWT options are ${describeValue(options)}; pass an object such as { expiresIn: 3600 }.`);
  if (claims.user_id === undefined || claims.user_id === null)
    fail(
      'JWT_USER_ID_REQUIRED',
      'An Intercom user JWT needs a user_id claim. Users known only by email need a user_id, or use user_hash mode for them.',
    );
  const expiresIn = options.expiresIn === undefined ? DEFAULT_JWT_EXPIRES_IN : options.expiresIn;
  if (expiresIn !== null && !(Number.isSafeInteger(expiresIn) && expiresIn > 0))
    fail(
      'JWT_EXPIRES_IN_INVALID',
      `expiresIn is ${describeValue(expiresIn)}; pass a whole number of seconds above 0, or null for a token without exp.`,
    );
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(now) || now < 0)
    fail('JWT_CLAIM_INVALID', `now is ${describeValue(now)}; pass Unix seconds as a whole number.`);

  const payload: Record<string, JwtClaimValue> = {};
  // Object.keys, not Object.entries: same names in the same order, without an array per claim.
  for (const name of Object.keys(claims)) {
    const value = claims[name];
    if (value === undefined) continue;
    if (name === 'user_id') {
      payload.user_id = toIdentifier(value, 'user_id');
    } else if (name === 'email') {
      payload.email = toIdentifier(value, 'email');
    } else if (name === 'iat' || name === 'exp') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        fail('JWT_CLAIM_INVALID', `The ${name} claim is ${describeValue(value)}; it must be Unix seconds as a whole number.`);
      payload[name] = value;
    } else {
      payload[name] = claimValue(name, value);
    }
  }
  if (payload.iat === undefined) payload.iat = now;
  if (payload.exp === undefined && expiresIn !== null) payload.exp = (payload.iat as number) + expiresIn;
  return payload;
}

function claimValue(name: string, value: unknown): JwtClaimValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return fail(
    'JWT_CLAIM_INVALID',
    `The ${name} claim is ${describeValue(value)}; JWT claims must be strings, finite numbers, booleans or null.`,
  );
}

/**
 * Signs an Intercom user JWT (`intercom_user_jwt`) with HS256. `iat` defaults to
 * now and `exp` to one hour later; `expiresIn: null` leaves `exp` out. Claims
 * other than `user_id` (email, name, custom attributes) become protected: leave
 * them out of the plain `intercomSettings`.
 *
 * @example
 * ```ts
 * import { signUserJwt } from '@intercom-identity/core';
 * const token = await signUserJwt(secret, { user_id: 'u_1001', email: 'alice@example.com' }, { expiresIn: 900 });
 * // window.intercomSettings = { app_id, intercom_user_jwt: token }
 * ```
 */
export function signUserJwt(secret: string, claims: UserJwtClaims, options?: SignUserJwtOptions): Promise<string> {
  try {
    const token = signPayload(checkSecret(secret), userJwtPayload(claims, options));
    // A token that is already there resolves at once, without a second promise.
    return typeof token === 'string' ? Promise.resolve(token) : token;
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The HS256 token of a payload that is already valid, in signing order (as
 * {@link userJwtPayload} returns it), under a secret already checked. A string
 * where the backend signs synchronously (node:crypto).
 */
export function signPayload(key: string, payload: Record<string, JwtClaimValue>): string | Promise<string> {
  encodedHeader ??= backend.base64UrlEncode(HEADER);
  const signingInput = `${encodedHeader}.${backend.base64UrlEncode(JSON.stringify(payload))}`;
  const signature = backend.hmacBase64Url(key, signingInput);
  return typeof signature === 'string' ? `${signingInput}.${signature}` : signature.then((value) => `${signingInput}.${value}`);
}
