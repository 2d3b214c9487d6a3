// The integration in a real app: the fixture under test/fixtures/app is built
// with `astro build` (no INTERCOM_* variable at build time) and served by its
// standalone Node server, which gets the variables when it starts.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, bootScript, buildFixture, FIXTURE, hmac, SECRET, type Served, serveFixture, sha256Source } from './support.js';

let buildOutput = '';
let server: Served;
const alice = { headers: { cookie: 'user=alice' } };

beforeAll(async () => {
  buildOutput = buildFixture();
  server = await serveFixture({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' });
});

afterAll(async () => {
  await server?.stop();
});

async function page(path: string, init?: RequestInit) {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  return { response, html: await response.text() };
}

describe('a page rendered on demand', () => {
  it('carries the signed-in user’s boot script in its head, signed with the secret the server started with', async () => {
    const { response, html } = await page('/', alice);
    const boot = bootScript(html);
    expect(boot?.settings).toMatchObject({
      app_id: APP_ID,
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmac(SECRET, 'u_1001'),
      alignment: 'left',
    });
    expect(html.indexOf(boot?.tag ?? '<none>')).toBeLessThan(html.indexOf('</head>'));
    expect(html).toContain('Hello Alice');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('keeps a user’s value inside the script: no markup can be injected through it', async () => {
    const { html } = await page('/', alice);
    expect(bootScript(html)?.settings.name).toBe('Alice </script><script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('boots a visitor without a proof when nobody is signed in', async () => {
    const { response, html } = await page('/');
    const settings = bootScript(html)?.settings;
    expect(settings).toMatchObject({ app_id: APP_ID, alignment: 'left' });
    expect(settings).not.toHaveProperty('user_hash');
    expect(settings).not.toHaveProperty('intercom_user_jwt');
    expect(settings).not.toHaveProperty('user_id');
    expect(response.headers.get('cache-control')).not.toBe('private, no-store');
  });

  it('boots a visitor, and says why, when the app’s user object is one the core refuses', async () => {
    const { html } = await page('/', { headers: { cookie: 'user=broken' } });
    expect(bootScript(html)?.settings).not.toHaveProperty('user_hash');
    expect(server.output()).toMatch(/intercom-identity/);
  });

  it('is sent privately even when the page asked to be cached, and loses its CDN cache header', async () => {
    const { response, html } = await page('/cached', alice);
    expect(bootScript(html)?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('cdn-cache-control')).toBeNull();
  });

  it('keeps a visitor’s page cacheable as the page said', async () => {
    const { response } = await page('/cached');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('gets the script into the head of a page that streams, with the rest of the page after it', async () => {
    const { html } = await page('/slow', alice);
    const boot = bootScript(html);
    expect(boot?.settings.user_id).toBe('u_1001');
    expect(html.indexOf(boot?.tag ?? '<none>')).toBeLessThan(html.indexOf('</head>'));
    expect(html).toMatch(/<h1>Before<\/h1><p[^>]*>Slow part<\/p><p>After<\/p>/);
  });

  it('is allowed by Astro’s own Content-Security-Policy: the script’s hash is in script-src', async () => {
    const { response, html } = await page('/', alice);
    const policy = response.headers.get('content-security-policy') ?? '';
    const scriptSrc = policy.split(';').find((part) => part.trim().startsWith('script-src ')) ?? '';
    expect(scriptSrc).toContain(sha256Source(bootScript(html)?.body ?? ''));
    // Astro's own hashes stay.
    expect(scriptSrc).toMatch(/'self'/);
  });
});

describe('what the middleware leaves alone', () => {
  it('an API route’s JSON', async () => {
    const { response, html } = await page('/api/data', alice);
    expect(JSON.parse(html)).toEqual({ ok: true });
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('a partial (HTML without a head, for a page that is already there): no second boot script', async () => {
    const { html } = await page('/partial', alice);
    expect(html).toContain('A fragment');
    expect(html).not.toContain('data-intercom-identity');
  });

  it('a prerendered page: no script in the built file, and the build said so', () => {
    const file = join(FIXTURE, 'dist/client/about/index.html');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('data-intercom-identity');
    expect(buildOutput).toContain('/about is prerendered, so it gets no Messenger boot script');
    expect(buildOutput).not.toMatch(/\[intercom-identity\] \/ is prerendered|\/cached is prerendered/);
  });
});

describe('the proof endpoint the integration mounts', () => {
  it('gives the signed-in user’s proof, never cacheable', async () => {
    const { response, html } = await page('/api/intercom-identity?platform=web', alice);
    expect(response.status).toBe(200);
    expect(JSON.parse(html)).toMatchObject({ app_id: APP_ID, user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('answers 401 without a session, whatever identifier the request names', async () => {
    const { response, html } = await page('/api/intercom-identity?platform=web&user_id=u_1001');
    expect(response.status).toBe(401);
    expect(html).not.toContain(hmac(SECRET, 'u_1001'));
  });
});

/** A GET with a Host header of its own (fetch does not send one it is given). */
function getWithHost(path: string, host: string, cookie: string): Promise<{ status: number; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const sent = request(url, { headers: { host, cookie } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, cookies: response.headers['set-cookie'] ?? [] });
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('expireIntercomSession in the logout route', () => {
  it('expires the Messenger’s session cookie, host-only and on each domain of the host, with the redirect', async () => {
    const { status, cookies } = await getWithHost('/logout', 'app.example.com', 'user=alice');
    expect(status).toBe(303);
    const name = `intercom-session-${APP_ID}`;
    expect(
      cookies.filter((cookie) => cookie.startsWith(`${name}=;`)).map((cookie) => /Domain=([^;]+)/.exec(cookie)?.[1]),
    ).toEqual([undefined, 'app.example.com', 'example.com']);
    for (const cookie of cookies.filter((line) => line.startsWith(name))) expect(cookie).toMatch(/Path=\/; Max-Age=0/);
    // The app's own session cookie is ended in the same response.
    expect(cookies).toEqual(expect.arrayContaining([expect.stringMatching(/^user=deleted/)]));
  });
});

describe('one build, any secret', () => {
  it('a second server of the same build signs a JWT with the secret and mode it was started with', async () => {
    const rotated = `${SECRET}-rotated`;
    const other = await serveFixture({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: rotated,
      INTERCOM_IDENTITY_MODE: 'jwt',
    });
    try {
      const response = await fetch(`${other.url}/`, alice);
      const token = String(bootScript(await response.text())?.settings.intercom_user_jwt);
      const [header, payload, signature] = token.split('.');
      expect(createHmac('sha256', rotated).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
      expect(JSON.parse(Buffer.from(String(payload), 'base64url').toString())).toMatchObject({ user_id: 'u_1001' });
    } finally {
      await other.stop();
    }
  });
});
