import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectConsoleErrors, readLauncher, runIntercom } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { login } from './support/browser-steps.js';
import { hmac } from './support/proofs.js';
import { sessionCookie } from './support/session.js';

/**
 * The example's root component sets `data-client-ready` on `<html>` in an
 * effect, which React runs once the document has hydrated: from then on
 * React Router's `<Link>` handles the clicks.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.clientReady === 'true');
}

/** A browser's user agent: React Router streams the page to it (a bot, or curl, gets the whole page at once). */
const BROWSER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const BOT_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** The nonce of the response's CSP (report-only in the example, see its app/entry.server.tsx). */
function policyNonce(headers: Headers): string | undefined {
  return /'nonce-([^']+)'/.exec(headers.get('content-security-policy-report-only') ?? '')?.[1];
}

interface DataExchange {
  method: string;
  url: URL;
  cacheControl: string | undefined;
  body: string;
}

/**
 * Records React Router's data requests of the page from now on (`/account.data`, `/_root.data`: client
 * navigations, fetcher calls, revalidations), each with the answer the browser got. The answer is passed on
 * whole, as the browser would read it (the browser's network log keeps no body of a streamed response).
 */
async function recordDataRequests(page: Page): Promise<DataExchange[]> {
  const seen: DataExchange[] = [];
  await page.route(
    (url) => url.pathname.endsWith('.data'),
    async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      const headers = response.headers();
      seen.push({
        method: route.request().method(),
        url: new URL(route.request().url()),
        cacheControl: headers['cache-control'],
        body,
      });
      // The body is decoded now: it goes on without the encoding and length of the compressed one.
      delete headers['content-encoding'];
      delete headers['content-length'];
      await route.fulfill({ status: response.status(), headers, body });
    },
  );
  return seen;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describeExampleContract({
  ...EXAMPLES.reactRouter,
  mobilePlatform: 'ios',
  hydrated,
  extra: ({ app, browser, fake, secrets }) => {
    describe('React Router only', () => {
      it('a streamed page: the cache rule and the CSP are in the headers, the boot script in the head of the shell', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        for (const agent of [BROWSER_AGENT, BOT_AGENT]) {
          const response = await fetch(`${app().url}/account`, { headers: { cookie, 'user-agent': agent } });
          // The headers are what went out before the first byte of the body.
          expect(response.status).toBe(200);
          expect(response.headers.get('cache-control')).toBe('private, no-store');
          expect(response.headers.get('content-length'), 'sent as a stream, without a length').toBeNull();
          const nonce = policyNonce(response.headers);
          expect(nonce, 'the example sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          const head = html.slice(0, html.indexOf('</head>'));
          expect(/<script data-intercom-identity="" nonce="([^"]+)">/.exec(head)?.[1]).toBe(nonce);
          expect(head).toContain(`"user_hash":"${hmac(secrets.web, 'u_1001')}"`);
          // The deferred part of the page (an <Await> in a Suspense boundary) came in the same response.
          expect(html).toContain('You looked at this page a moment ago.');
        }
      });

      it('the boot script carries the nonce of the CSP, as React Router’s own scripts do, a new one per response', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${app().url}/`, { headers: { cookie, 'user-agent': BROWSER_AGENT } });
          const fromHeader = policyNonce(response.headers) as string;
          expect(fromHeader).toBeTruthy();
          const html = await response.text();
          expect(/<script data-intercom-identity="" nonce="([^"]+)">/.exec(html)?.[1]).toBe(fromHeader);
          // <Scripts> and <ScrollRestoration> get the nonce that entry.server.tsx gives <ServerRouter>.
          const scriptNonces = [...html.matchAll(/<script\b[^>]*\bnonce="([^"]+)"/g)].map((match) => match[1]);
          expect(scriptNonces.length).toBeGreaterThan(2);
          expect(new Set(scriptNonces)).toEqual(new Set([fromHeader]));
          nonces.push(fromHeader);
        }
        expect(nonces[0]).not.toBe(nonces[1]);
        // Under that policy the browser would run the boot script, the Messenger's script and the app's: no report.
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          const errors = collectConsoleErrors(page);
          await login(page, app().url, 'alice');
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          await hydrated(page);
          // (The test driver's own string evaluation is reported too: it is not the app's.)
          expect(errors.filter((line) => /Content Security Policy/i.test(line) && !/evaluat/i.test(line))).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it('the `.data` request of a client navigation carries the fresh boot and is private, no-store; the Messenger stays booted', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          await login(page, app().url, 'alice');
          await readLauncher(page);
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          const boots = () =>
            fake()
              .report()
              .events.filter((event) => event.kind === 'boot').length;
          const bootsBefore = boots();
          const data = await recordDataRequests(page);
          await page.locator('a[href="/account"]').first().click();
          await page.getByText('You looked at this page a moment ago.').waitFor();
          // React Router runs the loaders of the new location, the root loader too: it signs Alice again.
          expect(data.map((exchange) => `${exchange.method} ${exchange.url.pathname}`)).toEqual(['GET /account.data']);
          expect(data[0]?.body).toContain(hmac(secrets.web, 'u_1001'));
          expect(data[0]?.cacheControl).toBe('private, no-store');
          expect(await page.title()).toBe('Account · React Router example');
          await page.goBack();
          await page.getByRole('heading', { name: 'Home' }).waitFor();
          expect(await page.title()).toBe('Home · React Router example');
          expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          // The same person's boot again: an update, not a new boot.
          expect(boots()).toBe(bootsBefore);
        } finally {
          await context.close();
        }
      });

      it('a sign-in by a fetcher action boots the new person without a page load; the revalidation is private, no-store', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          await login(page, app().url, 'alice');
          await readLauncher(page);
          expect((await runIntercom(page, 'showNewMessage', 'Alice asks before the switch')).messages).toContain(
            'Alice asks before the switch',
          );
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          const data = await recordDataRequests(page);
          await page.getByRole('button', { name: 'Sign in as Bob here' }).click();
          await page.waitForFunction('window.intercomSettings && window.intercomSettings.email === "bob@example.com"');
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
          expect(launcher.messages).not.toContain('Alice asks before the switch');
          await page.getByText('Signed in as Bob Example').waitFor();
          expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
          // The action, then the revalidation of the loaders: the root loader's data carries Bob's proof, so it must not be cached.
          expect(data[0]).toMatchObject({ method: 'POST', url: expect.objectContaining({ pathname: '/demo/login.data' }) });
          const withProof = data.filter((exchange) => exchange.body.includes(hmac(secrets.web, 'bob@example.com')));
          expect(withProof.map((exchange) => exchange.method)).toEqual(['GET']);
          for (const exchange of withProof) expect(exchange.cacheControl).toBe('private, no-store');
        } finally {
          await context.close();
        }
      });

      it('the browser bundle holds none of the server side (middleware, signing, env)', async () => {
        const files = await filesUnder(join(EXAMPLES.reactRouter.dir, 'build/client'));
        const scripts = files.filter((file) => file.endsWith('.js'));
        expect(scripts.length).toBeGreaterThan(0);
        for (const file of scripts) {
          const text = await readFile(file, 'utf8');
          for (const marker of ['intercomMiddleware', 'INTERCOM_IDENTITY_SECRET', 'IS_RR_BUILD_REQUEST', 'createHmac'])
            expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
        }
      });
    });
  },
});
