/**
 * examples/react-spa in Chromium: a Vite + React single-page app with
 * react-use-intercom and @intercom-identity/react, whose Express backend signs
 * the user of the session at /api/intercom-identity. The page is never rendered
 * with a proof: the browser asks the backend for it (and for the workspace), and
 * the fake Messenger checks every boot and update it receives.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { verifyUserJwt } from '@intercom-identity/core';
import {
  collectConsoleErrors,
  type FakeMessenger,
  findSecretInFiles,
  LAUNCHER_ID,
  launchChromium,
  readLauncher,
  runIntercom,
  startFakeMessenger,
} from '@intercom-identity/testing';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_PAGE_APPS } from './examples.js';
import { freePort, type RunningExample, startExample } from './support/example-server.js';
import { hmac, newSecret, settingsOf } from './support/proofs.js';

const spa = SINGLE_PAGE_APPS.reactSpa;
const APP_ID = 'e2espa01';
const PROOF_PATH = '/api/intercom-identity';

/** The app's handlers are attached: it sets this in an effect once it has rendered (see src/App.tsx). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
}

async function untilTrue(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function updatesBy(fake: FakeMessenger, user: string, outcome?: string): number {
  return fake
    .report()
    .events.filter((e) => e.kind === 'update' && e.user === user && (outcome === undefined || e.outcome === outcome)).length;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A static host for a built single-page app, as a CDN would serve it: its files, else its index.html. */
async function serveStatic(dir: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const file = join(dir, normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    const target = file.startsWith(dir + sep) && extname(file) !== '' ? file : join(dir, 'index.html');
    readFile(target).then(
      (body) => {
        response.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('react-spa example: react-use-intercom booted with the proof from an Express backend', () => {
  const secret = newSecret();
  let browser: Browser;
  let fake: FakeMessenger;
  /** The default mode, JWT (20-second tokens), with Bob's user_hash fallback and one front end on another origin allowed. */
  let jwtApp: RunningExample;
  /** The compatible mode, user_hash. */
  let hashApp: RunningExample;
  /** The Messenger waits for consent (INTERCOM_CONSENT=required): the app's banner grants or withdraws it. */
  let consentApp: RunningExample;
  let frontPort: number;
  const contexts: BrowserContext[] = [];

  const envFor = (extra: Record<string, string>) => ({
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: secret,
    INTERCOM_WIDGET_URL: fake.widgetUrl,
    ...extra,
  });
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    return { context, page, errors: collectConsoleErrors(page) };
  };
  const login = (page: Page, base: string, who: 'alice' | 'bob') => page.goto(`${base}/demo/login?as=${who}`);

  beforeAll(async () => {
    browser = await launchChromium();
    fake = await startFakeMessenger({ appId: APP_ID, secrets: { web: secret } });
    frontPort = await freePort();
    const start = (env: Record<string, string>) => startExample({ dir: spa.dir, buildMarker: spa.buildMarker, env: envFor(env) });
    [jwtApp, hashApp, consentApp] = await Promise.all([
      start({
        INTERCOM_IDENTITY_JWT_EXPIRES_IN: '20',
        INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash',
        INTERCOM_IDENTITY_ALLOWED_ORIGINS: `http://127.0.0.1:${frontPort}`,
      }),
      start({ INTERCOM_IDENTITY_MODE: 'user_hash' }),
      start({ INTERCOM_CONSENT: 'required' }),
    ]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await jwtApp?.stop();
    await hashApp?.stop();
    await consentApp?.stop();
    await fake?.stop();
    await browser?.close();
  });

  describe('JWT, the default mode', () => {
    it('Alice is verified with a JWT that the browser fetched; the page itself carries no proof', async () => {
      const { page, context } = await newPage();
      const proof = page.waitForResponse((response) => new URL(response.url()).pathname === PROOF_PATH);
      await login(page, jwtApp.url, 'alice');
      expect((await proof).status()).toBe(200);
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      const settings = await settingsOf(page);
      expect(settings).toMatchObject({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
      expect(settings.user_hash).toBeUndefined();
      expect(await verifyUserJwt(secret, settings.intercom_user_jwt as string)).toMatchObject({
        valid: true,
        claims: { user_id: 'u_1001', email: 'alice@example.com' },
      });
      await page.getByText('Signed in as alice@example.com').waitFor();
      // The same page, fetched with Alice's cookies: the app's static index.html.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const html = await (await fetch(`${jwtApp.url}/`, { headers: { cookie } })).text();
      expect(html).toContain('<div id="root">');
      expect(html).not.toMatch(/intercom_user_jwt|user_hash|u_1001/);
    });

    it('Bob, who has no user id, is verified by the hash of his email (INTERCOM_IDENTITY_JWT_FALLBACK=user_hash)', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'bob');
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
      const settings = await settingsOf(page);
      expect(settings.user_id).toBeUndefined();
      expect(settings).toMatchObject({ email: 'bob@example.com', user_hash: hmac(secret, 'bob@example.com') });
    });

    it('a visitor boots without a proof', async () => {
      const { page } = await newPage();
      const proof = page.waitForResponse((response) => new URL(response.url()).pathname === PROOF_PATH);
      await page.goto(`${jwtApp.url}/`);
      expect((await proof).status()).toBe(401);
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
      const settings = await settingsOf(page);
      expect(settings.app_id).toBe(APP_ID);
      for (const key of ['user_id', 'email', 'user_hash', 'intercom_user_jwt']) expect(settings).not.toHaveProperty(key);
      await page.getByText('Not signed in').waitFor();
    });

    it('the log out control shuts the Messenger down, and the next page does not show Alice’s conversation', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'alice');
      await readLauncher(page);
      const withMessage = await runIntercom(page, 'showNewMessage', 'A question from Alice');
      expect(withMessage.messages).toContain('A question from Alice');
      await hydrated(page);
      await page.getByTestId('logout').click();
      // Alice's page shut its Messenger down before it left for /demo/logout: the fake saw that page session end.
      await untilTrue(
        () => fake.report().pages.find((session) => session.id === withMessage.page)?.user === '',
        'the fake Messenger saw Alice’s page shut down',
      );
      await untilTrue(async () => {
        const now = await readLauncher(page).catch(() => undefined);
        return now !== undefined && now.page !== withMessage.page && now.state === 'booted';
      }, 'the next page booted its Messenger');
      const launcher = await readLauncher(page);
      expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
      expect(launcher.messages).not.toContain('A question from Alice');
      await page.getByText('Not signed in').waitFor();
    });

    it('a client-side navigation (pushState) tells the Messenger by an update, in the same document', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'alice');
      await readLauncher(page);
      await hydrated(page);
      const before = updatesBy(fake, 'u_1001', 'valid');
      await page.evaluate('window.__sameDocument = true');
      await page.locator('a[href="/account"]').click();
      await page.waitForURL(`${jwtApp.url}/account`);
      await untilTrue(() => updatesBy(fake, 'u_1001', 'valid') > before, 'the fake Messenger accepted an update');
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
    });

    it('a sign-in without a page load: refresh() shuts the last person’s Messenger down, then boots the new one', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'alice');
      await readLauncher(page);
      expect((await runIntercom(page, 'showNewMessage', 'Alice asks before the switch')).messages).toContain(
        'Alice asks before the switch',
      );
      await hydrated(page);
      await page.evaluate('window.__sameDocument = true');
      await page.getByRole('button', { name: 'Switch user here' }).click();
      await page.getByText('Signed in as bob@example.com').waitFor();
      const launcher = await readLauncher(page);
      expect(launcher).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
      expect(launcher.messages).not.toContain('Alice asks before the switch');
      expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
    });

    it('the JWT is refreshed before it expires, and the Messenger keeps accepting the signed user', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'alice');
      const booted = await readLauncher(page);
      expect(booted).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      const first = (await settingsOf(page)).intercom_user_jwt as string;
      const firstExp = (await verifyUserJwt(secret, first)).claims?.exp as number;
      // The browser asks the backend again before the 20-second token expires...
      const again = await page.waitForResponse((response) => new URL(response.url()).pathname === PROOF_PATH, {
        timeout: 30_000,
      });
      expect(again.status()).toBe(200);
      // ...and the Messenger holds the fresh token (the launcher shows the exp of the token it holds).
      await untilTrue(async () => ((await readLauncher(page)).tokenExpires ?? 0) > firstExp, 'the Messenger took the new token');
      const fresh = (await settingsOf(page)).intercom_user_jwt as string;
      expect(await verifyUserJwt(secret, fresh)).toMatchObject({ valid: true, claims: { user_id: 'u_1001' } });
      // Past the first token's expiry, a client-side navigation is still accepted.
      await untilTrue(() => Date.now() / 1000 > firstExp + 1, 'the first token expired', 25_000);
      const before = updatesBy(fake, 'u_1001', 'valid');
      await hydrated(page);
      await page.locator('a[href="/account"]').click();
      await untilTrue(() => updatesBy(fake, 'u_1001', 'valid') > before, 'the update was accepted');
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      expect(fake.report().events.filter((e) => e.user === 'u_1001' && e.outcome === 'invalid')).toEqual([]);
    }, 80_000);
  });

  describe('user_hash mode', () => {
    it('Alice is verified with the hash of u_1001', async () => {
      const { page } = await newPage();
      await login(page, hashApp.url, 'alice');
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      expect(await settingsOf(page)).toMatchObject({
        app_id: APP_ID,
        user_id: 'u_1001',
        email: 'alice@example.com',
        user_hash: hmac(secret, 'u_1001'),
      });
    });

    it('Bob is verified with the hash of his email', async () => {
      const { page } = await newPage();
      await login(page, hashApp.url, 'bob');
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
      expect((await settingsOf(page)).user_hash).toBe(hmac(secret, 'bob@example.com'));
    });
  });

  describe('consent (INTERCOM_CONSENT=required)', () => {
    it('nothing of Intercom before consent; a verified boot after it, kept over a reload; after withdrawal no cookie, nothing loaded', async () => {
      const { page, context } = await newPage();
      const toFake: string[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(fake.url)) toFake.push(request.url());
      });
      const intercomCookies = async () =>
        (await context.cookies()).filter((cookie) => cookie.name.startsWith('intercom-')).map((cookie) => cookie.name);
      const banner = (state: string) => page.locator(`aside[data-consent-banner][data-state="${state}"]`).waitFor();
      const waitingForConsent = () => page.locator('[data-testid="messenger"][data-status="awaiting-consent"]').waitFor();

      // 1. Before consent: the app has its proof from its own backend, and nothing from the Messenger.
      await login(page, consentApp.url, 'alice');
      await banner('pending');
      await waitingForConsent();
      expect(toFake).toEqual([]);
      expect(await intercomCookies()).toEqual([]);
      expect(await page.evaluate('typeof window.Intercom')).toBe('undefined');

      // 2. The grant: a verified boot.
      await hydrated(page);
      await page.locator('button[data-intercom-consent="grant"]').click();
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      await banner('granted');
      expect(toFake.filter((url) => url.startsWith(fake.widgetUrl))).toHaveLength(1);
      expect(await intercomCookies()).not.toEqual([]);

      // 3. A reload: the banner's remembered choice grants again, no click.
      await page.reload();
      await banner('granted');
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });

      // 4. The withdrawal: the Messenger shuts down and no intercom-* cookie remains.
      await hydrated(page);
      await page.locator('button[data-intercom-consent="withdraw"]').click();
      await banner('withdrawn');
      await page.locator(`#${LAUNCHER_ID}[data-state="shutdown"]`).waitFor();
      await waitingForConsent();
      expect(await intercomCookies()).toEqual([]);

      // 5. A reload after withdrawal loads nothing.
      const before = toFake.length;
      await page.reload();
      await banner('pending');
      await waitingForConsent();
      expect(toFake.length).toBe(before);
      expect(await intercomCookies()).toEqual([]);
      expect(await page.evaluate('typeof window.Intercom')).toBe('undefined');
    });
  });

  describe('a front end on another origin (the same app, built with VITE_BACKEND_URL)', () => {
    const outDir = join(tmpdir(), `react-spa-cross-origin-${process.pid}`);
    let front: { url: string; close(): Promise<void> };
    let stranger: { url: string; close(): Promise<void> };

    beforeAll(async () => {
      // The build runs with the secret in its environment, as a careless CI would: none of it may reach the bundle.
      await promisify(execFile)('pnpm', ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
        cwd: spa.dir,
        env: { ...process.env, VITE_BACKEND_URL: jwtApp.url, INTERCOM_IDENTITY_SECRET: secret },
      });
      front = await serveStatic(outDir, frontPort);
      stranger = await serveStatic(outDir, await freePort());
    });
    afterAll(async () => {
      await front?.close();
      await stranger?.close();
      await rm(outDir, { recursive: true, force: true });
    });

    /** The proof request of a page on `origin` (not that of the backend's own copy of the app, which the login lands on). */
    const proofRequestOf = (origin: string) => (request: Request) =>
      request.url().startsWith(`${jwtApp.url}${PROOF_PATH}`) && request.frame().url().startsWith(origin);

    it('an origin the backend lists reads the proof with the user’s cookies: Alice is verified', async () => {
      const { page } = await newPage();
      await login(page, jwtApp.url, 'alice');
      const proof = page.waitForResponse((response) => proofRequestOf(front.url)(response.request()));
      await page.goto(`${front.url}/`);
      const answer = await proof;
      expect(answer.status()).toBe(200);
      expect((await answer.request().allHeaders()).origin).toBe(front.url);
      expect(await answer.allHeaders()).toMatchObject({
        'access-control-allow-origin': front.url,
        'access-control-allow-credentials': 'true',
      });
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
      await page.getByText('Signed in as alice@example.com').waitFor();
      expect(new URL(page.url()).origin).toBe(front.url);
    });

    it('an origin not on the list gets no proof (403), and the Messenger boots no signed user', async () => {
      const { page, context } = await newPage();
      await login(page, jwtApp.url, 'alice');
      // The browser withholds a cross-origin answer without CORS headers from the page, and from the test: it fails.
      const failed = page.waitForEvent('requestfailed', proofRequestOf(stranger.url));
      await page.goto(`${stranger.url}/`);
      const request = await failed;
      await page.locator('[data-testid="messenger"][data-status="unavailable"]').waitFor();
      expect(await page.evaluate('window.intercomSettings')).toBeUndefined();
      expect(await page.evaluate(`document.getElementById(${JSON.stringify(LAUNCHER_ID)})`)).toBeNull();
      await page.getByText('Not signed in').waitFor();
      expect(request.failure()).not.toBeNull();
      // What the backend answers that request, asked the way Chromium asked it (another port of the same host is
      // the same site), with Alice's cookies: a refusal without CORS headers, before the session is read.
      const cookie = (await context.cookies(jwtApp.url)).map((c) => `${c.name}=${c.value}`).join('; ');
      const answer = await fetch(request.url(), {
        headers: { origin: stranger.url, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors', cookie },
      });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(await answer.json()).toMatchObject({ error: { code: 'ORIGIN_NOT_ALLOWED' } });
    });

    it('the cross-origin build holds no secret either', async () => {
      expect(await findSecretInFiles([outDir], { INTERCOM_IDENTITY_SECRET: secret })).toEqual([]);
    });
  });

  it('dist/ holds no secret', async () => {
    const dirs = spa.clientOutputDirs.map((dir) => join(spa.dir, dir));
    expect(await findSecretInFiles(dirs, { INTERCOM_IDENTITY_SECRET: secret })).toEqual([]);
  });
});
