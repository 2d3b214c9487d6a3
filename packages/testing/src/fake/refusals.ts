import { MESSENGER_ERRORS, type MessengerError } from '@intercom-identity/core';
import { REJECTION_REASONS, type RejectionReason } from '../reasons.js';

/** The prefix of the fake's own line under the real Messenger's text. */
export const FAKE_LINE_PREFIX = '[fake Messenger]';

/** The web refusals the real Messenger has no catalogued text for: the fake's own wording since the start. */
const OWN_TEXTS: Partial<Record<RejectionReason, { status: number; text: string }>> = {
  [REJECTION_REASONS.unknownApp]: {
    status: 403,
    text: '[Intercom] The Messenger did not load: unknown app_id. Check the app id of your workspace.',
  },
  [REJECTION_REASONS.noSession]: { status: 409, text: `[Intercom] ${REJECTION_REASONS.noSession}` },
};

const JWT_INVALID = new Set<string>([
  REJECTION_REASONS.jwtMalformed,
  REJECTION_REASONS.jwtAlgorithm,
  REJECTION_REASONS.jwtSignature,
  REJECTION_REASONS.jwtNotYetValid,
  REJECTION_REASONS.jwtNoUserId,
  REJECTION_REASONS.jwtUserIdMismatch,
  REJECTION_REASONS.jwtEmailMismatch,
]);

/** Which of the real web Messenger's refusals a reason of the fake stands for. */
export function webError(reason: RejectionReason): MessengerError {
  if (reason === REJECTION_REASONS.missingUserHash || reason === REJECTION_REASONS.missingJwt)
    return MESSENGER_ERRORS.missing_proof;
  if (reason === REJECTION_REASONS.jwtExpired) return MESSENGER_ERRORS.jwt_expired;
  if (JWT_INVALID.has(reason)) return MESSENGER_ERRORS.jwt_invalid;
  // A wrong hash, the email hashed next to a user_id, a hash without identifier, an unusable identifier.
  return MESSENGER_ERRORS.signature_mismatch;
}

/** The fake's own line: its reason, and a likely cause when it knows one. */
export function fakeLine(reason: string, hint?: string): string {
  return `${FAKE_LINE_PREFIX} ${reason}${hint ? ` (hint: ${hint})` : ''}`;
}

/** What the server answers to a refused web boot, update or message. */
export interface WebRefusal {
  status: number;
  body: {
    /** The real Messenger's `code`, when it has one. */
    code?: string;
    /** The real Messenger's text, word for word (the fake's own for unknown app_id and no session). */
    message: string;
    /** The fake's additions: */
    state: 'rejected';
    reason: RejectionReason;
    hint?: string;
    /** What the widget prints with console.error: the real text, then the fake's line. */
    console: string;
  };
}

/** The status and body of a refused web call, in the real Messenger's words plus the fake's reason. */
export function webRefusal(reason: RejectionReason, hint?: string): WebRefusal {
  const own = OWN_TEXTS[reason];
  if (own !== undefined) return { status: own.status, body: { message: own.text, state: 'rejected', reason, console: own.text } };
  const error = webError(reason);
  return {
    status: error.status ?? 403,
    body: {
      ...(error.code !== undefined ? { code: error.code } : {}),
      message: error.text,
      state: 'rejected',
      reason,
      ...(hint ? { hint } : {}),
      console: `${error.text}\n${fakeLine(reason, hint)}`,
    },
  };
}

/** Which of the mobile SDKs' refusals a refused mobile proof stands for. */
export function mobileError(kind: 'user_hash' | 'jwt'): MessengerError {
  return kind === 'jwt' ? MESSENGER_ERRORS.mobile_jwt_invalid : MESSENGER_ERRORS.mobile_hmac_mismatch;
}

/** The text the widget prints with console.warn when the update budget drops an update (the fake's wording). */
export function droppedUpdateText(limit: number, windowMinutes: number): string {
  return (
    `[Intercom] Intercom('update') was ignored because of the update budget: at most ${limit} updates per ` +
    `${windowMinutes} minutes per page session. A page load starts a new page session; a boot is not an update.`
  );
}
