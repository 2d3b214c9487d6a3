// The whole server side of the Intercom setup is three lines below: the proof
// endpoint, the middleware, and expireIntercomSession in the logout route.
// INTERCOM_APP_ID, INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID) are read from
// the server's environment per request, never at build time.
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { expireIntercomSession, type IntercomVariables, intercomIdentity, intercomProofEndpoint } from '@intercom-identity/hono';
import { Hono } from 'hono';
import { NONCE, type SecureHeadersVariables, secureHeaders } from 'hono/secure-headers';
import { isDemoUserKey } from './demo-users.js';
import { Layout } from './layout.js';
import { demoSession, type SessionEnv, signIn, signOut } from './session.js';

type AppEnv = { Variables: IntercomVariables & SessionEnv['Variables'] & SecureHeadersVariables };

// dist/public, beside this file once built: the client script.
const PUBLIC_DIR = fileURLToPath(new URL('./public', import.meta.url));

const app = new Hono<AppEnv>();

// Static files first: they need no session and no boot.
app.use('/assets/*', serveStatic({ root: PUBLIC_DIR, rewriteRequestPath: (path) => path.slice('/assets'.length) }));
// Report-only, so the demo never breaks: the boot script and the Messenger's script carry the nonce.
app.use(
  secureHeaders({
    contentSecurityPolicyReportOnly: { scriptSrc: [NONCE, "'strict-dynamic'"], objectSrc: ["'none'"], baseUri: ["'self'"] },
  }),
);
app.use(demoSession);

// Demo login: /demo/login?as=alice (or bob), optionally &name=... as a profile form could set it.
app.get('/demo/login', async (c) => {
  const as = c.req.query('as');
  c.header('cache-control', 'no-store');
  if (!isDemoUserKey(as)) return c.text('Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n', 400);
  await signIn(c, as, c.req.query('name'));
  return c.redirect('/', 303);
});

// Demo logout: ends the session, expires the Messenger's session cookie and goes home. The Log out
// button calls shutdownIntercom() before it comes here; the expired cookie covers a logout where that never ran.
app.get('/demo/logout', (c) => {
  signOut(c);
  expireIntercomSession(c);
  c.header('cache-control', 'no-store');
  return c.redirect('/', 303);
});

// Mobile apps' proofs and the browser's fresh JWTs, for every method (CORS preflights included).
app.all('/api/intercom-identity', intercomProofEndpoint());

// Signs the boot of every page for c.get('user') into c.var.intercom.
app.use(intercomIdentity());

app.get('/', (c) =>
  c.html(
    <Layout title="Home" intercom={c.var.intercom} user={c.var.user} nonce={c.var.secureHeadersNonce}>
      <h1>Home</h1>
      <p>
        This page boots the Intercom Messenger with a proof signed on the server for the signed-in user. Open{' '}
        <code>/account</code> with the link above: the page changes without a reload and the Messenger gets an update.
      </p>
    </Layout>,
  ),
);

app.get('/account', (c) =>
  c.html(
    <Layout title="Account" intercom={c.var.intercom} user={c.var.user} nonce={c.var.secureHeadersNonce}>
      <h1>Account</h1>
      <p>Another page of the app. The Messenger stays booted as the same person across client-side navigation.</p>
    </Layout>,
  ),
);

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST;
serve({ fetch: app.fetch, port, ...(hostname ? { hostname } : {}) }, (info) => {
  console.log(`hono-app listening on http://${hostname ?? 'localhost'}:${info.port}`);
});
