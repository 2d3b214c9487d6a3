// Demo login: the session is a cookie signed with HMAC-SHA256 (node:crypto);
// a tampered value is no session. Replace this file with your real
// authentication: the Intercom setup only needs `context.locals.user` (set in
// src/middleware.ts) to be the signed-in user.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from './demo-users.js';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any shared
// deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/** What the session cookie holds: who signed in, and the display name if they changed it. */
interface DemoSession {
  as: DemoUserKey;
  name?: string;
}

/** The cookie key, from the server's environment when the request comes (never from the build). */
function sessionKey(): string {
  return process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY;
}

function signatureOf(payload: string): Buffer {
  return createHmac('sha256', sessionKey()).update(payload).digest();
}

function seal(session: DemoSession): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${signatureOf(payload).toString('base64url')}`;
}

/** The session in a cookie value, or null when it is missing, malformed, tampered with or not one of ours. */
function open(value: string | undefined): DemoSession | null {
  const [payload, signature, ...rest] = value?.split('.') ?? [];
  if (!payload || !signature || rest.length > 0 || !/^[\w-]+$/.test(signature)) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
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
export function signIn(cookies: AstroCookies, url: URL, as: DemoUserKey, name: string | null): void {
  const session: DemoSession = { as };
  if (name !== null && name.trim() !== '') session.name = name.slice(0, MAX_NAME_LENGTH);
  cookies.set(SESSION_COOKIE, seal(session), cookieOptions(url));
}

export function signOut(cookies: AstroCookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, cookieOptions(url));
}

/** The signed-in demo user of this request, or null. */
export function userOf(cookies: AstroCookies): DemoUser | null {
  const session = open(cookies.get(SESSION_COOKIE)?.value);
  if (session === null) return null;
  const user: DemoUser = { ...DEMO_USERS[session.as] };
  if (session.name !== undefined) user.name = session.name;
  return user;
}
