// A Cloudflare module Worker: a Hono app on this package's built dist, bundled
// with the core's Web Crypto build, as a Workers project would bundle it (see
// test/workerd.test.ts). Its INTERCOM_* variables are Worker bindings (c.env).
import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import { expireIntercomSession, intercomIdentity, intercomProofEndpoint } from '../../dist/index.js';

const USERS = {
  alice: { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 },
  bob: { email: 'bob@example.com', name: 'Bob Example' },
};

// What the package logged in this isolate, for the test to read.
const lines = [];
const logger = {
  warn: (line) => void lines.push(`warn ${line}`),
  error: (line) => void lines.push(`error ${line}`),
};

const page = (c) =>
  c.html(
    html`<!doctype html><html><head><title>${c.req.path}</title>${raw(c.var.intercom?.html ?? '')}</head><body><h1>${c.req.path}</h1></body></html>`,
  );

let lookups = 0;
const app = new Hono();
// The app's session: the user of the `session` cookie.
app.use(async (c, next) => {
  c.set('user', USERS[getCookie(c, 'session') ?? ''] ?? null);
  await next();
});
app.get('/__runtime', (c) =>
  c.json({
    process: typeof globalThis.process,
    userAgent: navigator.userAgent,
    subtle: typeof crypto.subtle.sign,
  }),
);
app.get('/__log', (c) => c.json({ lines, lookups }));
app.all(
  '/api/intercom-identity',
  intercomProofEndpoint({
    logger,
    getUser: (c) => {
      lookups++;
      return c.get('user');
    },
  }),
);
app.get(
  '/failing',
  intercomIdentity({
    logger,
    getUser: () => {
      throw new Error('KV unreachable, token=kv-token-0123');
    },
  }),
  page,
);
app.use(intercomIdentity({ logger }));
app.get('/', page);
app.get('/posts/:id', (c) => {
  c.header('cache-control', 'public, max-age=600');
  c.header('cdn-cache-control', 'max-age=600');
  c.header('cloudflare-cdn-cache-control', 'max-age=600');
  return page(c);
});
app.get('/logout', (c) => {
  deleteCookie(c, 'session', { path: '/' });
  expireIntercomSession(c);
  return c.redirect('/', 303);
});

export default app;
