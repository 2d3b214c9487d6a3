import { backend } from './crypto/backend.js';
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { toIdentifier } from './identifier.js';
import { checkSecret } from './secret.js';

/**
 * The Identity Verification hash for one identifier: HMAC-SHA256 of the exact
 * identifier string, keyed with the secret, as lowercase hex. Hash the `user_id`
 * when you send one (even if you also send an email), else the email. A whole
 * number id is hashed as its decimal string.
 *
 * @example
 * ```ts
 * import { userHash } from '@intercom-identity/core';
 * const hash = await userHash(process.env.INTERCOM_IDENTITY_SECRET!, 'u_1001');
 * // window.intercomSettings = { app_id, user_id: 'u_1001', user_hash: hash }
 * ```
 */
export function userHash(secret: string, identifier: string): Promise<string> {
  try {
    const hash = backend.hmacHex(checkSecret(secret), toIdentifier(identifier, 'identifier'));
    // Not an async function: an already-resolved promise costs less than the machinery of one.
    return typeof hash === 'string' ? Promise.resolve(hash) : hash;
  } catch (error) {
    return Promise.reject(error);
  }
}

const HASH = /^[0-9a-fA-F]{64}$/;

/**
 * Whether `hash` is the Identity Verification hash of `identifier` under `secret`.
 * The comparison takes the same time wherever the first difference is. A string
 * that is not 64 hex characters is simply not valid (false).
 *
 * @example
 * ```ts
 * import { verifyUserHash } from '@intercom-identity/core';
 * const ok = await verifyUserHash(secret, 'u_1001', request.headers.get('x-user-hash') ?? '');
 * ```
 */
export async function verifyUserHash(secret: string, identifier: string, hash: string): Promise<boolean> {
  if (typeof hash !== 'string')
    fail('HASH_INVALID', `The hash to verify is ${describeValue(hash)}; pass the user_hash string as it was sent.`);
  const expected = await userHash(secret, identifier);
  if (!HASH.test(hash)) return false;
  return constantTimeEqual(expected, hash.toLowerCase());
}

/** Compares two strings of equal length without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
