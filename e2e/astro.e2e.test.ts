import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  collectConsoleErrors,
  type FakeMessenger,
  LAUNCHER_ID,
  readLauncher,
  runIntercom,
  startFakeMessenger,
} from '@intercom-identity/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { untilTrue } from './support/browser-steps.js';
import { type RunningExample, startExample } from './support/example-server.js';
import { sessionCookie } from './support/session.js';

/**
 * The example's client script sets `data-client-ready` on `<html>` on
 * `astro:page-load`, which Astro's router dispatches once its link handling is
 * attached: on the page load, and again after each view transition (a swap
 * replaces the attributes of `<html>`). From then on a click on a nav link is a
 * view transition, not a page load.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.clientReady === 'true');
}

/** The opening tag of the integration's boot script in a page, or undefined. */
const bootScriptTag = (html: string): string | undefined => /<script\b[^>]*\bdata-intercom-identity\b[^>]*>/.exec(html)?.[0];

const nonceOf = (tag: string | undefined): string | undefined => (tag ? /\bnonce="([^"]*)"/.exec(tag)?.[1] : undefined);

// The report-only CSP tells each script it would block in the console; the driver's own evaluation is not the app's.
const cspReports = (errors: string[]): string[] =>
  errors.filter((line) => /Content Security Policy/i.test(line) && !/evaluat/i.test(line));

/** Alice's page session as the fake Messenger counts it (boots and updates of one page load). */
const pageSession = (fake: FakeMessenger, id: string) => fake.report().pages.find((entry) => entry.id === id);

/** Runs `astro build` of the example into `outDir`, and returns everything it printed. */
function buildInto(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['exec', 'astro', 'build', '--outDir', outDir], {
      cwd: EXAMPLES.astro.dir,
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function withPage<T>(browser: Browser, run: (page: Page, errors: string[]) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return await run(page, collectConsoleErrors(page));
  } finally {
    await context.close();
  }
}

describeExampleContract({
  ...EXAMPLES.astro,
  mobilePlatform: 'ios',
  hydrated,
  extra: ({ app, browser, fake, secrets }) => {
    describe('Astro only', () => {
      it('view transitions keep the Messenger booted in the same page session, and Back shows the previous page', async () => {
        await withPage(browser(), async (page) => {
          await page.goto(`${app().url}/demo/login?as=alice`);
          const first = await readLauncher(page);
          expect(first).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          expect((await runIntercom(page, 'showNewMessage', 'Alice asks on Home')).messages).toContain('Alice asks on Home');
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          // The Messenger's own node, which a swap of the body would drop: the sync has Astro move it into each new page.
          await page.evaluate(`window.__launcher = document.getElementById(${JSON.stringify(LAUNCHER_ID)})`);
          const updatesBefore = pageSession(fake(), first.page)?.updates ?? 0;

          await page.locator('a[href="/account"]').first().click();
          await page.getByRole('heading', { name: 'Account' }).waitFor();
          expect(await page.title()).toBe('Account · Astro example');
          await untilTrue(
            () => (pageSession(fake(), first.page)?.updates ?? 0) > updatesBefore,
            'the Messenger got an update for the view transition',
          );
          await hydrated(page);
          await page.goBack();
          await page.getByRole('heading', { name: 'Home' }).waitFor();
          expect(new URL(page.url()).pathname).toBe('/');
          expect(await page.title()).toBe('Home · Astro example');

          expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
          expect(
            await page.evaluate(
              `window.__launcher !== null && document.getElementById(${JSON.stringify(LAUNCHER_ID)}) === window.__launcher`,
            ),
            'the Messenger’s launcher is the same node in the page, moved through both swaps',
          ).toBe(true);
          const after = await readLauncher(page);
          expect(after, 'the same Messenger, still Alice').toMatchObject({
            state: 'booted',
            user: 'u_1001',
            verified: true,
            page: first.page,
          });
          expect(after.messages, 'her conversation is still open').toContain('Alice asks on Home');
          expect(pageSession(fake(), first.page), 'booted once for the whole page session').toMatchObject({
            boots: 1,
            user: 'u_1001',
          });
        });
      });

      it('signing in through a link, a view transition, boots the Messenger again as Alice without a page load', async () => {
        await withPage(browser(), async (page) => {
          await page.goto(`${app().url}/`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          await page.locator('a[href="/demo/login?as=alice"]').click();
          await page.getByText('Signed in as Alice Example').waitFor();
          await untilTrue(async () => (await readLauncher(page)).user === 'u_1001', 'the Messenger booted as Alice');
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          expect(await page.evaluate('window.__sameDocument'), 'the sign-in was a view transition').toBe(true);
        });
      });

      it('the prerendered /about carries no boot script and no proof, and `astro build` warns about it', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const response = await fetch(`${app().url}/about`, { headers: { cookie } });
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html).toContain('<h1>About</h1>');
        expect(bootScriptTag(html)).toBeUndefined();
        for (const proof of ['intercomSettings', 'user_hash', 'intercom_user_jwt', 'u_1001', 'alice@example.com'])
          expect(html).not.toContain(proof);
        // The same file the build left, served as it is to everyone.
        expect(await readFile(join(EXAMPLES.astro.dir, 'dist/client/about/index.html'), 'utf8')).toBe(html);

        const outDir = await mkdtemp(join(tmpdir(), 'astro-build-'));
        try {
          const build = await buildInto(outDir);
          expect(build.code, build.output).toBe(0);
          expect(existsSync(join(outDir, 'client/about/index.html'))).toBe(true);
          const warnings = build.output.split('\n').filter((line) => /intercom/i.test(line) && line.includes('/about'));
          expect(warnings, build.output).not.toEqual([]);
          // Only the prerendered page: the pages rendered on demand are signed per request.
          expect(warnings.some((line) => line.includes('/account'))).toBe(false);
        } finally {
          await rm(outDir, { recursive: true, force: true });
        }
      }, 240_000);

      it('the boot script carries the nonce of the CSP from src/middleware.ts, a new one per response; no report while booting and navigating', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${app().url}/`, { headers: { cookie } });
          // The example's policy is report-only (see src/middleware.ts); the nonce is the same either way.
          const fromHeader = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy-report-only') ?? '')?.[1];
          expect(fromHeader, 'the example sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          expect(nonceOf(bootScriptTag(html)), 'the boot script carries it').toBe(fromHeader);
          nonces.push(fromHeader as string);
        }
        expect(nonces[0]).not.toBe(nonces[1]);

        await withPage(browser(), async (page, errors) => {
          await page.goto(`${app().url}/demo/login?as=alice`);
          const first = await readLauncher(page);
          expect(first).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          await hydrated(page);
          await page.locator('a[href="/account"]').first().click();
          await page.getByRole('heading', { name: 'Account' }).waitFor();
          await hydrated(page);
          await page.locator('a[href="/"]').first().click();
          await page.getByRole('heading', { name: 'Home' }).waitFor();
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', page: first.page });
          expect(cspReports(errors)).toEqual([]);
        });
      });

      describe('consent across view transitions (INTERCOM_CONSENT=required)', () => {
        let consentFake: FakeMessenger;
        let consentApp: RunningExample;
        beforeAll(async () => {
          const appId = fake().report().appId;
          consentFake = await startFakeMessenger({ appId, secrets, mode: 'jwt' });
          consentApp = await startExample({
            dir: EXAMPLES.astro.dir,
            buildMarker: EXAMPLES.astro.buildMarker,
            env: {
              INTERCOM_APP_ID: appId,
              INTERCOM_IDENTITY_SECRET: secrets.web,
              INTERCOM_WIDGET_URL: consentFake.widgetUrl,
              INTERCOM_CONSENT: 'required',
            },
          });
        });
        afterAll(async () => {
          await consentApp?.stop();
          await consentFake?.stop();
        });

        it('the banner stays through a view transition, and Allow then boots Alice verified on the page it shows', async () => {
          await withPage(browser(), async (page, errors) => {
            await page.goto(`${consentApp.url}/demo/login?as=alice`);
            await page.locator('[data-consent-banner][data-state="pending"]').waitFor();
            await hydrated(page);
            await page.evaluate('window.__sameDocument = true');
            await page.locator('a[href="/account"]').first().click();
            await page.getByRole('heading', { name: 'Account' }).waitFor();
            await hydrated(page);
            expect(await page.locator('[data-consent-banner][data-state="pending"]').count(), 'one banner, still asking').toBe(1);
            expect(await page.locator(`#${LAUNCHER_ID}`).count(), 'no Messenger before consent').toBe(0);
            expect(consentFake.report().events.filter((event) => event.kind === 'boot')).toEqual([]);

            await page.locator('button[data-intercom-consent="grant"]').click();
            await page.locator('[data-consent-banner][data-state="granted"]').waitFor();
            expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
            expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
            expect(cspReports(errors)).toEqual([]);
          });
        });
      });
    });
  },
});
