// Demo login: the session is an HMAC-signed cookie. Replace this file with your
// real authentication; the Intercom setup only needs `event.locals.user` (or a
// `getUser` passed to intercomHandle) to be the signed-in user.

import type { Cookies } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import * as env from '$app/env/private';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from './demo-users';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET (declared
// in src/env.ts) in any shared deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/** What the session cookie holds: who signed in, and the display name if they changed it. */
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
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

let keyCache: { secret: string; key: Promise<CryptoKey> } | undefined;
function sessionKey(): Promise<CryptoKey> {
  const secret = env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY;
  if (keyCache?.secret !== secret) {
    const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache = { secret, key };
  }
  return keyCache.key;
}

async function seal(session: DemoSession): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(session)));
  const signature = await crypto.subtle.sign('HMAC', await sessionKey(), encoder.encode(payload));
  return `${payload}.${toBase64Url(new Uint8Array(signature))}`;
}

/** The session in a cookie value, or null when it is missing, malformed or tampered with. */
async function open(value: string | undefined): Promise<DemoSession | null> {
  if (!value) return null;
  const [payload, signature, ...rest] = value.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  const signatureBytes = fromBase64Url(signature);
  if (signatureBytes === null) return null;
  // crypto.subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify('HMAC', await sessionKey(), signatureBytes, encoder.encode(payload)))) return null;
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

function cookieOptions(url: URL) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:' };
}

/** Signs a demo user in; `name` is a display name as a profile form could set it (any text). */
export async function signIn(cookies: Cookies, url: URL, as: DemoUserKey, name: string | null): Promise<void> {
  const session: DemoSession = { as };
  if (name !== null && name.trim() !== '') session.name = name.slice(0, MAX_NAME_LENGTH);
  cookies.set(SESSION_COOKIE, await seal(session), cookieOptions(url));
}

export function signOut(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, cookieOptions(url));
}

/** The first handle of hooks.server.ts: puts the signed-in user on event.locals.user. */
export const sessionHandle: Handle = async ({ event, resolve }) => {
  const session = await open(event.cookies.get(SESSION_COOKIE));
  let user: DemoUser | null = null;
  if (session !== null) {
    user = { ...DEMO_USERS[session.as] };
    if (session.name !== undefined) user.name = session.name;
  }
  event.locals.user = user;
  return resolve(event);
};
