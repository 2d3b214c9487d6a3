import { createIdentity, type IntercomIdentityConfig } from '@intercom-identity/core';

export const APP_ID = 'app_test1';
// Long enough that the core does not warn; each platform has its own, as in Intercom.
export const SECRETS = {
  web: 'web-secret-for-tests-0123456789abcdefghij',
  ios: 'ios-secret-for-tests-0123456789abcdefghij',
  android: 'android-secret-for-tests-0123456789abcdef',
};

export const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' };
export const BOB = { user_id: 'u_1002', email: 'bob@example.com', name: 'Bob' };

/** The core's identity for the fake; user_hash unless `options.mode` says otherwise, whatever the core's default. */
export function identityFor(widgetUrl: string, options: IntercomIdentityConfig = {}) {
  return createIdentity({ appId: APP_ID, secrets: SECRETS, widgetUrl, production: false, mode: 'user_hash', ...options });
}

/** POSTs JSON as the widget does and returns the status and the parsed answer. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
