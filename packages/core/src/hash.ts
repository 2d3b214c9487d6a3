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
 * The secret(s) a proof is checked against: one secret, or while a secret is
 * being rotated, the current one and the previous one. Only verifying accepts
 * the previous secret; signing always uses the current one.
 */
export type VerificationSecrets = string | { current: string; previous?: string | undefined };

/** Which of the {@link VerificationSecrets} made a proof. A plain secret counts as `current`. */
export type MatchedSecret = 'current' | 'previous';

/** The secrets to try, current first; throws for a malformed one as the signing functions do. */
export function verificationKeys(secrets: VerificationSecrets, fn: string): { key: string; which: MatchedSecret }[] {
  if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets)) {
    const keys: { key: string; which: MatchedSecret }[] = [
      { key: checkSecret(secrets.current, 'current secret'), which: 'current' },
    ];
    if (secrets.previous !== undefined) keys.push({ key: checkSecret(secrets.previous, 'previous secret'), which: 'previous' });
    return keys;
  }
  if (secrets !== undefined && secrets !== null && typeof secrets !== 'string')
    fail('SECRET_MALFORMED', `The secret passed to ${fn} is ${describeValue(secrets)}; pass a string or { current, previous }.`);
  return [{ key: checkSecret(secrets), which: 'current' }];
}

/**
 * Whether `hash` is the Identity Verification hash of `identifier` under `secret`
 * (or, during a rotation, under either of `{ current, previous }`; see
 * {@link matchUserHash} to learn which). The comparison takes the same time
 * wherever the first difference is. A string that is not 64 hex characters is
 * simply not valid (false).
 *
 * @example
 * ```ts
 * import { verifyUserHash } from '@intercom-identity/core';
 * const ok = await verifyUserHash(secret, 'u_1001', request.headers.get('x-user-hash') ?? '');
 * ```
 */
export async function verifyUserHash(secret: VerificationSecrets, identifier: string, hash: string): Promise<boolean> {
  return (await matchUserHash(secret, identifier, hash)) !== null;
}

/**
 * Which secret `hash` was made with: `'current'`, `'previous'` (the secret being
 * rotated out), or `null` when neither. Every secret is compared, in constant time.
 *
 * @example
 * ```ts
 * import { matchUserHash } from '@intercom-identity/core';
 * const matched = await matchUserHash({ current: newSecret, previous: oldSecret }, 'u_1001', hash);
 * if (matched === 'previous') console.warn('signed with the old secret');
 * ```
 */
export async function matchUserHash(
  secrets: VerificationSecrets,
  identifier: string,
  hash: string,
): Promise<MatchedSecret | null> {
  if (typeof hash !== 'string')
    fail('HASH_INVALID', `The hash to verify is ${describeValue(hash)}; pass the user_hash string as it was sent.`);
  const keys = verificationKeys(secrets, 'verifyUserHash');
  const expected = await Promise.all(keys.map(({ key }) => userHash(key, identifier)));
  if (!HASH.test(hash)) return null;
  const given = hash.toLowerCase();
  let matched: MatchedSecret | null = null;
  // Both are compared whatever the first one gives, so the time does not tell which secret matched.
  for (const [index, value] of expected.entries())
    if (constantTimeEqual(value, given) && matched === null) matched = (keys[index] as { which: MatchedSecret }).which;
  return matched;
}

/** Compares two strings of equal length without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
