/**
 * Who a set of Messenger settings identifies, and where the boot script keeps
 * the marker of the last person in the browser. Used by the boot script on the
 * server and by the browser sync, so both name a person the same way. The
 * marker itself is keyed with the secret (`./marker.ts`): only the server makes it.
 */

/** The identity fields of the settings a page boots with; any other setting may be there too. */
export interface PersonSettings {
  app_id: string;
  user_id?: string;
  email?: string;
  intercom_user_jwt?: string;
  [setting: string]: unknown;
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    // atob decodes base64 without its padding, as a JWT segment comes (forgiving-base64).
    const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of an `intercom_user_jwt`, read without verifying (the browser has
 * no secret; the Messenger verifies). Null when the token is not a JWT.
 *
 * @example
 * ```ts
 * import { readJwtClaims } from '@intercom-identity/core/client';
 * const exp = readJwtClaims(window.intercomSettings?.intercom_user_jwt)?.exp;
 * ```
 */
export function readJwtClaims(token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  return parts.length === 3 ? decodeSegment(parts[1] as string) : null;
}

/**
 * Who the settings identify: `user_id`, else `email`, else the JWT's `user_id`;
 * null for a visitor. Two settings with different keys belong to different people.
 *
 * @example
 * ```ts
 * import { identityKey } from '@intercom-identity/core/client';
 * identityKey({ app_id: 'abc', email: 'bob@example.com', user_hash: '...' }); // 'email:bob@example.com'
 * ```
 */
export function identityKey(settings: PersonSettings | null | undefined): string | null {
  if (!settings) return null;
  const userId = typeof settings.user_id === 'string' ? settings.user_id : readJwtClaims(settings.intercom_user_jwt)?.user_id;
  if (typeof userId === 'string') return `user_id:${userId}`;
  if (typeof settings.email === 'string') return `email:${settings.email}`;
  return null;
}

/** The localStorage key under which the boot script keeps the last person's marker. */
export function personStorageKey(appId: string): string {
  return `intercom-identity:last-person:${appId}`;
}
