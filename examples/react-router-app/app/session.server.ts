// Demo login: the session is a cookie that React Router signs with
// HMAC-SHA256 (createCookie with `secrets`); a tampered value parses as no
// session. Replace this file with your real authentication: the Intercom setup
// only needs the signed-in user in `userContext` (see root.tsx).
import { userContext } from '@intercom-identity/react-router/server';
import { type Cookie, createCookie, type MiddlewareFunction } from 'react-router';
import { DEMO_USERS, type DemoUser, type DemoUserKey, isDemoUserKey } from './demo-users';

// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any shared
// deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/** What the session cookie holds: who signed in, and the display name if they changed it. */
interface DemoSession {
  as: DemoUserKey;
  name?: string;
}

// Created on first use, so the key is read from the server's environment when it runs, not at build time.
let cookie: Cookie | undefined;
function sessionCookie(): Cookie {
  cookie ??= createCookie('demo_session', {
    secrets: [process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY],
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
  });
  return cookie;
}

/** Secure whenever the site is served over https. */
function secure(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

/** The session in the request's cookie, or null when it is missing, tampered with or not one of ours. */
async function readSession(request: Request): Promise<DemoSession | null> {
  let data: unknown;
  try {
    data = await sessionCookie().parse(request.headers.get('cookie'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { as, name } = data as Record<string, unknown>;
  if (!isDemoUserKey(as)) return null;
  return typeof name === 'string' ? { as, name } : { as };
}

/** The Set-Cookie value that signs a demo user in; `name` is a display name as a profile form could set it (any text). */
export async function signIn(request: Request, as: DemoUserKey, name: string | null): Promise<string> {
  const session: DemoSession = { as };
  if (name !== null && name.trim() !== '') session.name = name.slice(0, MAX_NAME_LENGTH);
  return sessionCookie().serialize(session, { secure: secure(request) });
}

/** The Set-Cookie value that ends the session. */
export function signOut(request: Request): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, secure: secure(request) });
}

/**
 * The root route's middleware before intercomMiddleware(): puts the signed-in user (null: a visitor)
 * in the package's `userContext`, which intercomMiddleware() signs and the loaders read.
 */
export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }) => {
  const session = await readSession(request);
  let user: DemoUser | null = null;
  if (session !== null) {
    user = { ...DEMO_USERS[session.as] };
    if (session.name !== undefined) user.name = session.name;
  }
  context.set(userContext, user);
};
