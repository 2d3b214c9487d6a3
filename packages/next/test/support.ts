import { createHmac } from 'node:crypto';
import type { Logger } from '@intercom-identity/core';

export const APP_ID = 'abc12345';
export const SECRET = 'test-web-secret-0123456789abcdefghij';
export const IOS_SECRET = 'test-ios-secret-0123456789abcdefghij';
export const OTHER_SECRET = 'rotated-web-secret-0123456789abcdefgh';
export const WIDGET_URL = 'http://127.0.0.1:9/widget/{app_id}';

export const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const BOB = { email: 'bob@example.com', name: 'Bob Example' };

/**
 * An env as `process.env` would hold it for the app, in user_hash mode (the compatible mode, whose
 * proofs the tests compute independently). `INTERCOM_IDENTITY_MODE: undefined` gives the default, JWT.
 */
export function envWith(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: SECRET,
    INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
    INTERCOM_IDENTITY_MODE: 'user_hash',
    INTERCOM_WIDGET_URL: WIDGET_URL,
    NODE_ENV: 'test',
    ...extra,
  };
}

/** The expected proof, computed independently of the core. */
export function hmacHex(secret: string, identifier: string): string {
  return createHmac('sha256', secret).update(identifier).digest('hex');
}

/** A logger that records lines instead of printing them. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}
