import type { MessengerErrorId } from '@intercom-identity/core';

/** Where a message comes from. */
export type ExplanationSource = 'messenger' | 'fake-messenger' | 'error-code';

/** How the input named it: its text, a `code`, or only an HTTP status (which may mean several). */
export type MatchedBy = 'text' | 'code' | 'status';

/** One message that `explain` knows, with what causes it, what to do and how to check. */
export interface Explanation {
  source: ExplanationSource;
  /** The message's name: a Messenger error id, a fake Messenger reason's key, or an error code. */
  id: string;
  /** The words as they appear: the Messenger's text, the fake's reason, or the error code. */
  text: string;
  /** The real Messenger only: the web Messenger, or the iOS and Android SDKs. */
  surface?: 'web' | 'mobile';
  /** The HTTP status of the refused request (the Messenger's, or this project's proof endpoint's). */
  status?: number;
  /** The real Messenger only: the `code` of the answer's body. */
  code?: string;
  /** The real Messenger only: whether Intercom publishes this exact text. */
  documented?: boolean;
  /** A fake Messenger reason: the real Messenger's message for the same refusal, when there is one. */
  messenger?: MessengerErrorId;
  cause: string;
  fix: string;
  /** The `intercom-identity` commands that check it, with placeholders in angle brackets. */
  check: readonly string[];
}

/** An explanation, and how the input named it. */
export interface ExplainMatch extends Explanation {
  matchedBy: MatchedBy;
}
