import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANDROID_SECRET, APP_ID, bootSettings, ENV, hmac, SECRET, WIDGET_URL } from './support.js';

// A Hono app on this package's built dist, inside workerd (the runtime of
// Cloudflare Workers) run by miniflare from the workerd binary in its npm
// package. It is bundled as a Workers project bundles it: esbuild with the
// workerd conditions, so the core's package exports give its Web Crypto build.
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./support/worker.mjs', import.meta.url));
const ORIGIN = 'https://app.example.com';
const ALLOWED = 'https://spa.example.com';
const BINDINGS = { ...ENV, INTERCOM_IDENTITY_MODE: 'user_hash', INTERCOM_IDENTITY_ALLOWED_ORIGINS: ALLOWED };
const EXPIRED = 'Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax';

/** The part of esbuild's API this file uses. */
interface Bundler {
  build(
    options: Record<string, unknown>,
  ): Promise<{ outputFiles: { text: string }[]; metafile: { inputs: Record<string, unknown> } }>;
}
// esbuild, the bundler of tsup (a dev dependency of the repository).
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as Bundler;

let miniflare: Miniflare | undefined;
let bundledInputs: string[] = [];

function worker(): Miniflare {
  if (miniflare === undefined) throw new Error('miniflare did not start');
  return miniflare;
}

function get(path: string, who?: 'alice' | 'bob', init: { method?: string; headers?: Record<string, string> } = {}) {
  return worker().dispatchFetch(`${ORIGIN}${path}`, {
    redirect: 'manual',
    method: init.method ?? 'GET',
    headers: { ...(who === undefined ? {} : { cookie: `session=${who}` }), ...init.headers },
  });
}

async function workerLog(): Promise<{ lines: string[]; lookups: number }> {
  return (await (await get('/__log')).json()) as { lines: string[]; lookups: number };
}

beforeAll(async () => {
  const bundle = await esbuild.build({
    entryPoints: [WORKER],
    absWorkingDir: PACKAGE_ROOT,
    bundle: true,
    write: false,
    format: 'esm',
    // No Node built-in resolves on the neutral platform: importing one fails the bundle.
    platform: 'neutral',
    conditions: ['workerd', 'worker'],
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
  });
  bundledInputs = Object.keys(bundle.metafile.inputs);
  const script = bundle.outputFiles[0]?.text ?? '';
  const common = { modules: true, script, compatibilityDate: '2025-12-01' };
  miniflare = new Miniflare({
    workers: [
      { ...common, name: 'app', bindings: BINDINGS },
      // The same Worker without an app id: a broken setup.
      { ...common, name: 'broken', bindings: { INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_WIDGET_URL: WIDGET_URL } },
    ],
  });
  await miniflare.ready;
});

afterAll(async () => {
  await miniflare?.dispose();
});

describe('inside workerd', () => {
  it("is workerd: no process object; the bundle holds this package's dist and the core's Web Crypto build", async () => {
    expect(await (await get('/__runtime')).json()).toEqual({
      process: 'undefined',
      userAgent: 'Cloudflare-Workers',
      subtle: 'function',
    });
    expect(bundledInputs).toContain('dist/index.js');
    expect(bundledInputs.some((input) => input.endsWith('core/dist/web.js'))).toBe(true);
    expect(bundledInputs.some((input) => input.endsWith('core/dist/index.js'))).toBe(false);
  });

  it("signs the boot for the user of c.get('user') with the secret of the bindings (c.env)", async () => {
    const response = await get('/', 'alice');
    const html = await response.text();
    expect(bootSettings(html.slice(0, html.indexOf('</head>')))).toEqual({
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      user_id: 'u_1001',
      email: 'alice@example.com',
      name: 'Alice Example',
      created_at: 1700000000,
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(html).not.toContain(SECRET);
  });

  it('a visitor boots without a proof', async () => {
    const response = await get('/');
    expect(bootSettings(await response.text())).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('a getUser that throws boots a visitor, logged as SESSION_LOOKUP_FAILED without its message', async () => {
    const response = await get('/failing', 'alice');
    expect(response.status).toBe(200);
    expect(bootSettings(await response.text())).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    const { lines } = await workerLog();
    expect(lines.filter((line) => line.includes('SESSION_LOOKUP_FAILED'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('kv-token-0123');
  });

  it("a signed page is private, no-store over the route's Cache-Control: public, without CDN headers", async () => {
    const signed = await get('/posts/1', 'bob');
    await signed.arrayBuffer();
    expect(signed.headers.get('cache-control')).toBe('private, no-store');
    expect(signed.headers.get('cdn-cache-control')).toBeNull();
    expect(signed.headers.get('cloudflare-cdn-cache-control')).toBeNull();
    const visitor = await get('/posts/1');
    await visitor.arrayBuffer();
    expect(visitor.headers.get('cache-control')).toBe('public, max-age=600');
  });

  describe('the proof endpoint', () => {
    const WORKSPACE = {
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      widget_url: WIDGET_URL.replace('{app_id}', APP_ID),
    };

    it('200 with the workspace for Alice; identifiers in the query are ignored', async () => {
      const response = await get('/api/intercom-identity?platform=web&user_id=u_2002&email=mallory%40example.com', 'alice');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({
        ...WORKSPACE,
        type: 'user_hash',
        user_id: 'u_1001',
        user_hash: hmac(SECRET, 'u_1001'),
      });
      const android = await get('/api/intercom-identity?platform=android&user_id=u_2002', 'alice');
      expect(await android.json()).toMatchObject({ platform: 'android', user_hash: hmac(ANDROID_SECRET, 'u_1001') });
    });

    it('401 without a session, with the workspace', async () => {
      const response = await get('/api/intercom-identity?platform=web');
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'NO_SESSION', message: expect.any(String) }, ...WORKSPACE });
    });

    it('HEAD answers as GET without a body; other methods get 405', async () => {
      const head = await get('/api/intercom-identity', 'alice', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const del = await get('/api/intercom-identity', 'alice', { method: 'DELETE' });
      expect(del.status).toBe(405);
      expect(await del.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    });

    it('CORS: an allowed origin and its preflight; an unlisted cross-site origin is refused before getUser', async () => {
      const allowed = await get('/api/intercom-identity', 'alice', {
        headers: { origin: ALLOWED, 'sec-fetch-site': 'cross-site' },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      const preflight = await get('/api/intercom-identity', undefined, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'sec-fetch-site': 'cross-site' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      const before = (await workerLog()).lookups;
      const refused = await get('/api/intercom-identity', 'alice', {
        headers: { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
      expect((await workerLog()).lookups).toBe(before);
    });
  });

  it("the logout response expires the Messenger's session cookie, host-only and on each domain of the host", async () => {
    const response = await get('/logout', 'alice');
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().filter((line) => line.startsWith('intercom-session-'))).toEqual([
      `intercom-session-${APP_ID}=; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; Domain=app.example.com; ${EXPIRED}`,
      `intercom-session-${APP_ID}=; Domain=example.com; ${EXPIRED}`,
    ]);
  });

  it('a broken setup (no app id): the page renders without the Messenger; the endpoint answers 500 with no config value', async () => {
    // The second Worker, as miniflare hands it out: a fetch(url, init).
    const broken = (await worker().getWorker('broken')) as unknown as {
      fetch(url: string, init?: RequestInit): Promise<Response>;
    };
    for (let i = 0; i < 2; i++) {
      const page = await broken.fetch(`${ORIGIN}/`, { headers: { cookie: 'session=alice' } });
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('<h1>/</h1>');
      expect(html).not.toContain('data-intercom-identity');
      const endpoint = await broken.fetch(`${ORIGIN}/api/intercom-identity`, { headers: { cookie: 'session=alice' } });
      expect(endpoint.status).toBe(500);
      const text = await endpoint.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'APP_ID_MISSING', message: expect.any(String) } });
      for (const value of [SECRET, WIDGET_URL, 'INTERCOM_']) expect(text).not.toContain(value);
    }
    // Said once by the page middleware and once by the endpoint, not on every request.
    const log = (await (await broken.fetch(`${ORIGIN}/__log`)).json()) as { lines: string[] };
    expect(log.lines.filter((line) => line.includes('APP_ID_MISSING'))).toHaveLength(2);
    expect(log.lines.join('\n')).not.toContain(SECRET);
  });
});
