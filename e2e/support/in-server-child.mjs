// One server of `pnpm bench:in-server`: a page rendered with node:http and the
// core alone, no framework. VARIANT says what the page boots: `on` (the secret
// set: a JWT signed for the user of each request), `visitor` (no secret) or
// `none` (no Messenger). The user changes on every request, through 64 people,
// as on a site with many users: nothing about one person can be reused.
import { createServer } from 'node:http';
import { createIdentity } from '@intercom-identity/core';

const variant = process.env.VARIANT;
const quiet = { info() {}, warn() {}, error() {} };
const identity =
  variant === 'none'
    ? null
    : createIdentity({
        appId: 'bench001',
        ...(variant === 'on' ? { secret: process.env.BENCH_SECRET } : {}),
        widgetUrl: 'http://127.0.0.1:9/widget.js',
        logger: quiet,
      });
const users = Array.from({ length: 64 }, (_, i) => ({
  user_id: `u_${2000 + i}`,
  email: `person${i}@example.com`,
  name: `Person ${i}`,
  created_at: 1700000000 + i,
}));
// About the size of a small server-rendered page (2 KB).
const body = `<main><h1>Home</h1>${'<p>Some text of the page, as a framework would render it.</p>'.repeat(30)}</main>`;
let next = 0;

createServer(async (_request, response) => {
  const user = users[next++ % users.length];
  const boot = identity === null ? null : await identity.renderBoot(user);
  const headers = { 'content-type': 'text/html; charset=utf-8' };
  if (boot?.signed) headers['cache-control'] = 'private, no-store';
  response.writeHead(200, headers);
  response.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>Home</title>${boot?.html ?? ''}</head><body>${body}</body></html>`,
  );
}).listen(0, '127.0.0.1', function () {
  process.stdout.write(`${this.address().port}\n`);
});
