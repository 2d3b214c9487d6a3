/** What the e2e suites use to make secrets, compute the expected proof, and read a page's settings. */
import { createHmac, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';

/** Display names that would run script or break markup if a value were not escaped. */
export const HOSTILE_NAMES = [
  '</script><script>window.__pwned=1</script>',
  `"><img src=x onerror="window.__pwned=1"><!-- O'Brien & Co \u2028\u2029 ]]>`,
];

/** A new random secret of Intercom's length. */
export const newSecret = (): string => randomBytes(24).toString('base64url');

/** The `user_hash` the Messenger expects, computed independently of the core. */
export const hmac = (secret: string, identifier: string): string =>
  createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');

/**
 * The claims of an HS256 `intercom_user_jwt` whose signature is the one `secret` makes, checked
 * independently of the core; null when it is not (or the token is not a JWT).
 */
export function jwtClaims(secret: string, token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const [header, payload, signature, ...rest] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0) return null;
  if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg !== 'HS256') return null;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`, 'utf8').digest('base64url');
  if (expected !== signature) return null;
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** `window.intercomSettings` as a page holds it. */
export type Settings = Record<string, unknown> & {
  user_id?: string;
  email?: string;
  name?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
};

export async function settingsOf(page: Page): Promise<Settings> {
  return (await page.evaluate('window.intercomSettings')) as Settings;
}
