// Demo login: the session is a signed cookie (hono/cookie signs it with
// HMAC-SHA256; a tampered value is no session). Replace this file with your
// real authentication; the Intercom setup only needs c.set('user', ...) (or a
// getUser passed to intercomIdentity) to be the signed-in user.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from './demo-users.js';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any shared
// deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/** The cookie key, read once when the server starts. */
const sessionKey = process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY;

/** What the session cookie holds: who signed in, and the display name if they changed it. */
interface DemoSession {
  as: DemoUserKey;
  name?: string;
}

export type SessionEnv = { Variables: { user: DemoUser | null } };

function cookieOptions(c: Context) {
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: new URL(c.req.url).protocol === 'https:' };
}

/** The session in the cookie, or null when it is missing, tampered with or not one of ours. */
async function readSession(c: Context): Promise<DemoSession | null> {
  const value = await getSignedCookie(c, sessionKey, SESSION_COOKIE);
  if (typeof value !== 'string') return null;
  try {
    const data: unknown = JSON.parse(value);
    if (typeof data !== 'object' || data === null) return null;
    const { as, name } = data as Record<string, unknown>;
    if (!isDemoUserKey(as)) return null;
    return typeof name === 'string' ? { as, name } : { as };
  } catch {
    return null;
  }
}

/** Signs a demo user in; `name` is a display name as a profile form could set it (any text). */
export async function signIn(c: Context, as: DemoUserKey, name: string | undefined): Promise<void> {
  const session: DemoSession = { as };
  if (name !== undefined && name.trim() !== '') session.name = name.slice(0, MAX_NAME_LENGTH);
  await setSignedCookie(c, SESSION_COOKIE, JSON.stringify(session), sessionKey, cookieOptions(c));
}

export function signOut(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/** The first middleware of the app: puts the signed-in user in c.set('user'). */
export const demoSession: MiddlewareHandler<SessionEnv> = async (c, next) => {
  const session = await readSession(c);
  let user: DemoUser | null = null;
  if (session !== null) {
    user = { ...DEMO_USERS[session.as] };
    if (session.name !== undefined) user.name = session.name;
  }
  c.set('user', user);
  await next();
};
