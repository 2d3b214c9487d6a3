// Demo login: the session is an HMAC-signed cookie. Replace it with your real
// authentication; the Intercom module only needs event.context.user (or a
// resolver, or the nuxt-auth-utils session) to hold the signed-in user.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { H3Event } from 'h3';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from '../../shared/demo-users';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any
// shared deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

interface DemoSession {
  as: DemoUserKey;
  name?: string;
}

const sign = (payload: string) =>
  createHmac('sha256', process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY)
    .update(payload)
    .digest('base64url');

function seal(session: DemoSession): string {
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** The session in a cookie value, or null when it is missing, malformed or tampered with. */
function open(value: string | undefined): DemoSession | null {
  const [payload, signature, ...rest] = (value ?? '').split('.');
  if (!payload || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const { as, name } = (data ?? {}) as Record<string, unknown>;
    if (!isDemoUserKey(as)) return null;
    return typeof name === 'string' ? { as, name } : { as };
  } catch {
    return null;
  }
}

/** The signed-in user of this request, or null. */
export function readDemoUser(event: H3Event): DemoUser | null {
  const session = open(getCookie(event, SESSION_COOKIE));
  if (session === null) return null;
  const user: DemoUser = { ...DEMO_USERS[session.as] };
  if (session.name !== undefined) user.name = session.name;
  return user;
}

/** Signs a demo user in; `name` is a display name as a profile form could set it. */
export function startDemoSession(event: H3Event, as: DemoUserKey, name: string | null): void {
  const session: DemoSession = { as };
  if (name !== null && name.trim() !== '') session.name = name.slice(0, MAX_NAME_LENGTH);
  setCookie(event, SESSION_COOKIE, seal(session), cookieOptions(event));
}

export function endDemoSession(event: H3Event): void {
  deleteCookie(event, SESSION_COOKIE, cookieOptions(event));
}

function cookieOptions(event: H3Event) {
  const https = getRequestProtocol(event) === 'https';
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: https };
}
