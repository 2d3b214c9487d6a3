import {
  type MatchedSecret,
  matchUserHash,
  type Platform,
  type VerificationSecrets,
  verifyUserJwt,
} from '@intercom-identity/core';
import { REJECTION_REASONS, type RejectionReason } from '../reasons.js';

/** Identity fields of a boot, update or mobile check, as they arrived (untrusted). */
export interface ProofInput {
  user_id?: unknown;
  email?: unknown;
  user_hash?: unknown;
  intercom_user_jwt?: unknown;
}

/** Who a check proved, or why it failed. */
export type CheckResult =
  | { outcome: 'visitor' }
  | {
      outcome: 'valid';
      via: 'user_hash' | 'jwt';
      key: string;
      label: string;
      secret?: MatchedSecret;
      /** The JWT's `exp` in Unix seconds, when it has one. */
      expires?: number;
    }
  | { outcome: 'unverified'; key: string; label: string }
  | { outcome: 'invalid'; reason: RejectionReason; label: string; hint?: string };

export interface RuleContext {
  platform: Platform;
  secrets: Partial<Record<Platform, string>>;
  /** Secrets being rotated out, per platform: proofs made with them are accepted too. */
  previousSecrets?: Partial<Record<Platform, string>>;
  mode: 'user_hash' | 'jwt';
  enforce: boolean;
  /** The fake's clock in Unix seconds, for a JWT's exp, nbf and iat. Default now. */
  now?: number;
}

const JWT_REASONS = {
  malformed: REJECTION_REASONS.jwtMalformed,
  algorithm: REJECTION_REASONS.jwtAlgorithm,
  signature: REJECTION_REASONS.jwtSignature,
  expired: REJECTION_REASONS.jwtExpired,
  not_yet_valid: REJECTION_REASONS.jwtNotYetValid,
  user_id_missing: REJECTION_REASONS.jwtNoUserId,
} as const;

/** A user is known by user_id when there is one, else by email, as Intercom matches them. */
function userKey(userId: string | undefined, email: string | undefined): string {
  return userId !== undefined ? `user_id:${userId}` : `email:${email}`;
}

// Intercom accepts numeric ids in the settings; they are matched as their decimal string.
function identifier(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

async function matchesHash(secret: VerificationSecrets | undefined, id: string, hash: string): Promise<MatchedSecret | null> {
  if (secret === undefined) return null;
  try {
    return await matchUserHash(secret, id, hash);
  } catch {
    // The core refuses identifiers it would never sign (control characters and the like).
    return null;
  }
}

async function verifiesHash(secret: VerificationSecrets | undefined, id: string, hash: string): Promise<boolean> {
  return (await matchesHash(secret, id, hash)) !== null;
}

// Which other configured platform's secret a proof was made with: the classic copy-paste mistake.
async function otherPlatformFor(context: RuleContext, test: (secret: string) => Promise<boolean>): Promise<string | undefined> {
  for (const [platform, secret] of Object.entries(context.secrets)) {
    if (platform === context.platform || secret === undefined) continue;
    if (await test(secret)) return `the proof was made with the ${platform} secret; ${context.platform} has its own secret`;
  }
  return undefined;
}

/**
 * Checks identity fields the way the Messenger does for one platform. Signatures
 * are verified with the core (`verifyUserHash`, `verifyUserJwt`); the result says
 * who was proven, or the reason for refusing.
 */
export async function checkIdentity(input: ProofInput, context: RuleContext): Promise<CheckResult> {
  const current = context.secrets[context.platform];
  const previous = context.previousSecrets?.[context.platform];
  // While a secret is rotated, a proof made with the current or the previous one is accepted.
  const secret: VerificationSecrets | undefined =
    current !== undefined && previous !== undefined ? { current, previous } : current;
  const userId = identifier(input.user_id);
  const email = typeof input.email === 'string' && input.email !== '' ? input.email : identifier(input.email);
  const hash = input.user_hash;
  const token = input.intercom_user_jwt;
  const plainLabel = (userId ?? email ?? '') || '';

  if (secret === undefined) return { outcome: 'invalid', reason: REJECTION_REASONS.platformNotConfigured, label: plainLabel };
  if (userId === null || email === null) return { outcome: 'invalid', reason: REJECTION_REASONS.invalidIdentifier, label: '' };

  if (token !== undefined && token !== null && token !== '') {
    if (typeof token !== 'string') return { outcome: 'invalid', reason: REJECTION_REASONS.jwtMalformed, label: plainLabel };
    const clock = context.now !== undefined ? { now: context.now } : {};
    const result = await verifyUserJwt(secret, token, clock);
    if (!result.valid) {
      const claimed = typeof result.claims?.user_id === 'string' ? result.claims.user_id : plainLabel;
      const hint =
        result.problem === 'signature'
          ? await otherPlatformFor(context, async (other) => {
              const check = await verifyUserJwt(other, token, clock);
              return check.valid || check.problem !== 'signature';
            })
          : undefined;
      return { outcome: 'invalid', reason: JWT_REASONS[result.problem], label: claimed, ...(hint ? { hint } : {}) };
    }
    const signedId = String(result.claims.user_id);
    if (userId !== undefined && userId !== signedId)
      return { outcome: 'invalid', reason: REJECTION_REASONS.jwtUserIdMismatch, label: signedId };
    if (typeof result.claims.email === 'string' && email !== undefined && email !== result.claims.email)
      return { outcome: 'invalid', reason: REJECTION_REASONS.jwtEmailMismatch, label: signedId };
    const expires = typeof result.claims.exp === 'number' ? { expires: result.claims.exp } : {};
    return {
      outcome: 'valid',
      via: 'jwt',
      key: userKey(signedId, undefined),
      label: signedId,
      secret: result.matched,
      ...expires,
    };
  }

  if (userId === undefined && email === undefined) {
    if (hash !== undefined && hash !== null && hash !== '')
      return { outcome: 'invalid', reason: REJECTION_REASONS.hashWithoutIdentifier, label: '' };
    return { outcome: 'visitor' };
  }
  const label = (userId ?? email) as string;
  const key = userKey(userId, email);

  if (hash === undefined || hash === null || hash === '') {
    if (!context.enforce) return { outcome: 'unverified', key, label };
    const reason = context.mode === 'jwt' ? REJECTION_REASONS.missingJwt : REJECTION_REASONS.missingUserHash;
    return { outcome: 'invalid', reason, label };
  }
  if (typeof hash !== 'string') return { outcome: 'invalid', reason: REJECTION_REASONS.invalidUserHash, label };

  // The identifier is the user_id whenever one is sent, even next to an email.
  const matched = await matchesHash(secret, label, hash);
  if (matched !== null) return { outcome: 'valid', via: 'user_hash', key, label, secret: matched };
  if (userId !== undefined && email !== undefined && (await verifiesHash(secret, email, hash)))
    return { outcome: 'invalid', reason: REJECTION_REASONS.wrongIdentifier, label };
  const hint = await otherPlatformFor(context, (other) => verifiesHash(other, label, hash));
  return { outcome: 'invalid', reason: REJECTION_REASONS.invalidUserHash, label, ...(hint ? { hint } : {}) };
}
