const MARKER = 'window.intercomSettings=';
// The settings as a script element starts with them (the core's boot script).
const IN_SCRIPT = /<script\b[^>]*>window\.intercomSettings=/;

/** The identity part of Messenger settings found in a page. */
export interface PageIdentity {
  user_id?: string;
  email?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
  /** The claims of `intercom_user_jwt`, decoded but NOT verified. */
  jwtClaims?: Record<string, unknown>;
}

// The end of the JSON object that starts at `start`, honouring strings and escapes.
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The `window.intercomSettings` object of a page, as the core's `renderScript`
 * writes it (`window.intercomSettings={...};`), or null when the page has none.
 * The first script element that starts with them counts; without one, the first
 * occurrence. (Frameworks may quote the boot script elsewhere in the page, like
 * the escaped copy in a Next.js RSC payload, often before the script itself.)
 *
 * @example
 * ```ts
 * import { parseIntercomSettings } from '@intercom-identity/testing';
 * const html = await (await fetch('http://127.0.0.1:3000/', { headers: { cookie } })).text();
 * const settings = parseIntercomSettings(html);
 * // settings?.user_id === 'u_1001'
 * ```
 */
export function parseIntercomSettings(html: string): Record<string, unknown> | null {
  const inScript = IN_SCRIPT.exec(html);
  const at = inScript === null ? html.indexOf(MARKER) : inScript.index + inScript[0].length - MARKER.length;
  if (at === -1) return null;
  const start = at + MARKER.length;
  if (html[start] !== '{') return null;
  const end = objectEnd(html, start);
  if (end === -1) return null;
  try {
    const value: unknown = JSON.parse(html.slice(start, end));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The payload of a JWT, decoded without checking the signature; null when it is not one. */
export function decodeJwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (part === undefined || !/^[A-Za-z0-9_-]+$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Who a page's settings identify: the plain fields, and the claims a JWT carries
 * (decoded, not verified: verify with the core's `verifyUserJwt` when it matters).
 *
 * @example
 * ```ts
 * import { pageIdentity, parseIntercomSettings } from '@intercom-identity/testing';
 * const identity = pageIdentity(parseIntercomSettings(html));
 * const userId = identity.user_id ?? identity.jwtClaims?.user_id; // 'u_1001', or undefined for a visitor
 * ```
 */
export function pageIdentity(settings: Record<string, unknown> | null): PageIdentity {
  const identity: PageIdentity = {};
  if (settings === null) return identity;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  const userId = text(settings.user_id);
  const email = text(settings.email);
  const hash = text(settings.user_hash);
  const token = text(settings.intercom_user_jwt);
  if (userId !== undefined) identity.user_id = userId;
  if (email !== undefined) identity.email = email;
  if (hash !== undefined) identity.user_hash = hash;
  if (token !== undefined) {
    identity.intercom_user_jwt = token;
    const claims = decodeJwtClaims(token);
    if (claims !== null) identity.jwtClaims = claims;
  }
  return identity;
}
