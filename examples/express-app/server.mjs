// The Express example: pages rendered on the server with EJS, a demo login
// (express-session), and @intercom-identity/express. INTERCOM_APP_ID,
// INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID) are read from the server's
// environment, never from a file in dist/ or public/.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expireIntercomSession, intercomIdentity, intercomProofEndpoint } from '@intercom-identity/express';
import express from 'express';
import { demoSession, endSession, login } from './demo/session.mjs';

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

const app = express();
app.disable('x-powered-by');
app.set('view engine', 'ejs');
app.set('views', here('./views'));

// Static files first: they carry no proof, keep their own caching, and cost no signing.
app.use('/assets', express.static(here('./dist'), { index: false }));
app.use(express.static(here('./public'), { index: false }));

app.use(demoSession());

// The proof endpoint: mobile apps (?platform=ios|android) and fresh JWTs for the browser.
app.all('/api/intercom-identity', intercomProofEndpoint());

app.get('/demo/login', login);
// Ends the session, expires the Messenger's session cookie and goes home. The
// Log out button calls shutdownIntercom() before it navigates here; the
// expired cookie covers a logout where that never ran.
app.get('/demo/logout', (req, res, next) => {
  endSession(req, res, (error) => {
    if (error) return next(error);
    expireIntercomSession(req, res);
    res.set('Cache-Control', 'no-store').redirect(303, '/');
  });
});

// A new CSP nonce per response, where helmet's setup puts it (res.locals.cspNonce):
// the boot script carries it and passes it on to the Messenger's script
// ('strict-dynamic'). Report-only, so the demo cannot break a Messenger loaded
// from elsewhere: violations show in the browser console. Once the policy
// covers every script of your site, send it as Content-Security-Policy.
app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  res.set(
    'Content-Security-Policy-Report-Only',
    `script-src 'nonce-${res.locals.cspNonce}' 'strict-dynamic'; object-src 'none'; base-uri 'self'`,
  );
  next();
});

// Signs the boot for req.session.user (Passport's req.user would come first)
// into res.locals.intercom for the pages below, and makes every signed page
// private. The routes above carry no boot: they are mounted before it.
app.use(intercomIdentity());

app.get('/', (req, res) => {
  res.render('home', { title: 'Home', user: req.session.user ?? null });
});
app.get('/account', (req, res) => {
  res.render('account', { title: 'Account', user: req.session.user ?? null });
});

const port = Number(process.env.PORT) || 3000;
// HOST: the interface to listen on (default all of them).
const server = process.env.HOST ? app.listen(port, process.env.HOST) : app.listen(port);
server.once('listening', () => console.log(`express-app listening on port ${port}`));
