// Demo login: express-session with a signed cookie (`demo_session`). Replace
// this file with your real authentication; the Intercom setup only needs
// `req.session.user` (or Passport's `req.user`, or a `getUser` passed to
// intercomIdentity) to be the signed-in user.
import session from 'express-session';
import { DEMO_USERS, isDemoUserKey } from './users.mjs';

export const SESSION_COOKIE = 'demo_session';
// A development default so the demo runs as cloned. Set DEMO_SESSION_SECRET in any
// shared deployment. It is not the Intercom secret and must never be the same.
const DEV_SESSION_KEY = 'demo-session-key-for-local-development-only';
const MAX_NAME_LENGTH = 200;

/**
 * The session middleware. express-session signs the cookie's session id with
 * the key: a tampered cookie is no session. Its default store keeps sessions
 * in memory, which is fine for a demo; use a real store (Redis, a database) in
 * production.
 */
export function demoSession() {
  return session({
    name: SESSION_COOKIE,
    secret: process.env.DEMO_SESSION_SECRET?.trim() || DEV_SESSION_KEY,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/' },
  });
}

/**
 * GET /demo/login?as=alice (or bob), optionally &name=... as a user could set
 * it in a profile form (any text). Replace it with your real sign-in.
 * @type {import('express').RequestHandler}
 */
export function login(req, res, next) {
  const as = req.query.as;
  if (!isDemoUserKey(as)) {
    res
      .status(400)
      .set('Cache-Control', 'no-store')
      .type('text/plain')
      .send('Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n');
    return;
  }
  const name =
    typeof req.query.name === 'string' && req.query.name.trim() !== '' ? req.query.name.slice(0, MAX_NAME_LENGTH) : null;
  // A new session id at sign-in, so an id planted before it is worth nothing.
  req.session.regenerate((error) => {
    if (error) return next(error);
    req.session.user = { ...DEMO_USERS[as], ...(name === null ? {} : { name }) };
    req.session.save((saveError) => {
      if (saveError) return next(saveError);
      // A relative Location: correct behind any proxy or host name.
      res.set('Cache-Control', 'no-store').redirect(303, '/');
    });
  });
}

/**
 * Ends the session and removes its cookie; the caller adds the Messenger's side.
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {(error?: unknown) => void} done
 */
export function endSession(req, res, done) {
  req.session.destroy((error) => {
    if (error) return done(error);
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.secure });
    done();
  });
}
