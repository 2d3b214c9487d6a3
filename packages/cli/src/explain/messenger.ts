import { MESSENGER_ERRORS, type MessengerErrorId } from '@intercom-identity/core';
import { CHECK } from './checks.js';
import type { Explanation } from './types.js';

// The real Messenger's refusals come from the core's catalogue; the CLI adds only how to find
// them in pasted text and which of its commands checks each one.

interface MessengerExtra {
  /** Parts of the text that a console may show alone (a cut-off line, a message without its prefix). */
  fragments: readonly string[];
  check: readonly string[];
}

const EXTRA: Readonly<Record<MessengerErrorId, MessengerExtra>> = {
  missing_proof: {
    fragments: [
      'Missing user_hash or intercom_user_jwt',
      'is required to authenticate users when Messenger Security is enforced',
    ],
    check: [CHECK.doctor],
  },
  signature_mismatch: { fragments: [], check: [CHECK.verify, CHECK.doctor] },
  jwt_invalid: { fragments: [], check: [CHECK.doctor] },
  jwt_expired: { fragments: [], check: [CHECK.doctor] },
  mobile_hmac_mismatch: { fragments: [], check: [CHECK.verifyMobile, CHECK.endpointMobile] },
  mobile_jwt_invalid: { fragments: [], check: [CHECK.endpointMobile] },
  mobile_conflict: { fragments: [], check: [CHECK.emailOnly] },
};

/** One real Messenger message as explain knows it, with the strings that name it in pasted text. */
export interface MessengerEntry {
  explanation: Explanation;
  /** The text and its fragments. */
  texts: readonly string[];
  /** The body's `code`, when it has one. */
  code: string | undefined;
}

export const MESSENGER_ENTRIES: readonly MessengerEntry[] = Object.values(MESSENGER_ERRORS).map((error) => {
  const extra = EXTRA[error.id];
  const explanation: Explanation = {
    source: 'messenger',
    id: error.id,
    text: error.text,
    surface: error.surface,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
    documented: error.documented,
    cause: error.cause,
    fix: error.fix,
    check: extra.check,
  };
  return { explanation, texts: [error.text, ...extra.fragments], code: error.code };
});
