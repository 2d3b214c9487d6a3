// Demo login: the session is an HMAC-signed cookie. Replace this file with your
// real authentication (Auth.js, Clerk, your own sessions...): the Intercom setup
// only needs `getUser` in lib/intercom.ts to return the signed-in user.
//
// Web Crypto only, so the same code runs on the Node.js and the Edge runtime.
import { cookies } from 'next/headers';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from './demo-users';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any
// shared deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/** What the session cookie holds: who signed in, and their display name if they changed it. */
export interface DemoSession {
  as: DemoUserKey;
  name?: string;
}

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

let keyCache: { secret: string; key: Promise<CryptoKey> } | undefined;
function sessionKey(): Promise<CryptoKey> {
  const secret = process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY;
  if (keyCache?.secret !== secret) {
    const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache = { secret, key };
  }
  return keyCache.key;
}

/** The cookie value for a session: payload and signature, both base64url. */
export async function sealSession(session: DemoSession): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(session)));
  const signature = await crypto.subtle.sign('HMAC', await sessionKey(), encoder.encode(payload));
  return `${payload}.${toBase64Url(new Uint8Array(signature))}`;
}

/** The session in a cookie value, or null when it is missing, malformed or tampered with. */
export async function openSession(value: string | undefined): Promise<DemoSession | null> {
  if (!value) return null;
  const [payload, signature, ...rest] = value.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  const signatureBytes = fromBase64Url(signature);
  if (signatureBytes === null) return null;
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', await sessionKey(), signatureBytes, encoder.encode(payload));
  if (!valid) return null;
  try {
    const bytes = fromBase64Url(payload);
    const data: unknown = bytes === null ? null : JSON.parse(new TextDecoder().decode(bytes));
    if (typeof data !== 'object' || data === null) return null;
    const { as, name } = data as Record<string, unknown>;
    if (!isDemoUserKey(as)) return null;
    return typeof name === 'string' ? { as, name } : { as };
  } catch {
    return null;
  }
}

/** A display name as a user could type it in a profile form: any text, within a length limit. */
export function displayName(value: string | null): string | undefined {
  if (value === null || value.trim() === '') return undefined;
  return value.slice(0, MAX_NAME_LENGTH);
}

/** The signed-in user of this request, or null. Reads the cookie, so the page renders per request. */
export async function currentUser(): Promise<DemoUser | null> {
  const session = await openSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (session === null) return null;
  const user: DemoUser = { ...DEMO_USERS[session.as] };
  if (session.name !== undefined) user.name = session.name;
  return user;
}

/** Cookie attributes: HttpOnly, and Secure whenever the site is served over https. */
export function cookieOptions(request: Request) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: new URL(request.url).protocol === 'https:',
  };
}
