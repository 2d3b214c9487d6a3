import { IntercomIdentityError, type Logger } from '../src/index.js';

export const SECRET = 'test-web-secret-0123456789abcdefghij';
export const IOS_SECRET = 'test-ios-secret-0123456789abcdefghij';
export const ANDROID_SECRET = 'test-android-secret-0123456789abcdef';
export const APP_ID = 'abc12345';

export const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const BOB = { email: 'bob@example.com', name: 'Bob Example' };

/** A logger that records lines instead of printing them. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

/** Runs `fn` and returns the IntercomIdentityError it throws or rejects with (fails if it does not). */
export async function errorOf(fn: () => unknown): Promise<IntercomIdentityError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof IntercomIdentityError) return error;
    throw new Error(`expected an IntercomIdentityError, got ${String(error)}`);
  }
  throw new Error('expected an IntercomIdentityError, but nothing was thrown');
}
