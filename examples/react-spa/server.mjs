// The backend of the single-page app: the demo login (a signed session cookie),
// the proof endpoint that signs the user of the session, and the built app.
// `pnpm start` runs it on PORT (default 3000). The INTERCOM_* variables are read
// per request by @intercom-identity/express, so one build serves any secret.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expireIntercomSession, intercomProofEndpoint } from '@intercom-identity/express';
import express from 'express';
import session from 'express-session';

/** The demo's two people: Alice has a user id; Bob is known by his email only. */
const PEOPLE = {
  alice: { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 },
  bob: { email: 'bob@example.com', name: 'Bob Example' },
};

const DIST = fileURLToPath(new URL('./dist', import.meta.url));
const SESSION_COOKIE = 'demo_session';

const sessionSecret = process.env.DEMO_SESSION_SECRET?.trim() || 'development-only-demo-session-key';
if (!process.env.DEMO_SESSION_SECRET?.trim() && process.env.NODE_ENV === 'production')
  console.warn('[react-spa] DEMO_SESSION_SECRET is not set: the demo login signs its cookie with a development key.');

const app = express();
app.disable('x-powered-by');

// express-session signs the cookie with the key: a tampered cookie is no session.
// Its MemoryStore suits a demo; a real app keeps sessions in its own store.
app.use(
  session({
    name: SESSION_COOKIE,
    secret: sessionSecret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', path: '/' },
  }),
);

// Signs the user of the session (req.session.user) for the browser: the app fetches it.
// A front end on another origin gets it too when INTERCOM_IDENTITY_ALLOWED_ORIGINS lists that origin.
app.all('/api/intercom-identity', intercomProofEndpoint());

app.get('/demo/login', (req, res, next) => {
  const who = String(req.query.as ?? '');
  const person = Object.hasOwn(PEOPLE, who) ? PEOPLE[/** @type {'alice' | 'bob'} */ (who)] : undefined;
  if (person === undefined) {
    res.status(400).type('text/plain').send('Use /demo/login?as=alice or ?as=bob');
    return;
  }
  const name = typeof req.query.name === 'string' && req.query.name !== '' ? req.query.name : person.name;
  // A new session id at sign-in, so a session from before cannot be carried over.
  req.session.regenerate((error) => {
    if (error) return next(error);
    req.session.user = { ...person, name };
    res.redirect(303, '/');
  });
});

app.get('/demo/logout', (req, res, next) => {
  req.session.destroy((error) => {
    if (error) return next(error);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    // The server's half of the logout: the Messenger's session cookie expires too.
    expireIntercomSession(req, res);
    res.redirect(303, '/');
  });
});

// The built app. Hashed assets are immutable; every page is the app's index.html, which holds no proof.
app.use('/assets', express.static(join(DIST, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
app.use(express.static(DIST, { index: false }));
app.get('/{*page}', (_req, res) => {
  res.set('Cache-Control', 'no-cache');
  res.sendFile(join(DIST, 'index.html'));
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || '0.0.0.0';
app.listen(port, host, () => {
  console.log(`react-spa: listening on http://${host}:${port}`);
});
