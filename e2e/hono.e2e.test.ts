import { collectConsoleErrors, readLauncher } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { sessionCookie } from './support/session.js';

/**
 * The example's client script (dist/public/client.js) marks the document once
 * its click and popstate handlers are attached: from then on a click on a nav
 * link stays in the same document.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.clientReady === 'true');
}

describeExampleContract({
  ...EXAMPLES.hono,
  mobilePlatform: 'android',
  hydrated,
  extra: ({ app, browser }) => {
    describe('Hono only', () => {
      it('the boot script and the client script carry the nonce of the CSP of secureHeaders(), a new one per response', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${app().url}/`, { headers: { cookie } });
          // The example's policy is report-only (see src/server.tsx); the nonce is the same either way.
          const fromHeader = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy-report-only') ?? '')?.[1];
          expect(fromHeader, 'the example sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          expect(/<script data-intercom-identity="" nonce="([^"]+)">/.exec(html)?.[1]).toBe(fromHeader);
          expect(/<script type="module" src="\/assets\/client.js" nonce="([^"]+)">/.exec(html)?.[1]).toBe(fromHeader);
          nonces.push(fromHeader as string);
        }
        expect(nonces[0]).not.toBe(nonces[1]);
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          const errors = collectConsoleErrors(page);
          await page.goto(`${app().url}/demo/login?as=alice`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          await hydrated(page);
          // (The test driver's own string evaluation is reported too: it is not the app's.)
          expect(errors.filter((line) => /Content Security Policy/i.test(line) && !/evaluat/i.test(line))).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it('Back after a client-side navigation shows the previous page again in the same document', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app().url}/demo/login?as=alice`);
          await readLauncher(page);
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          await page.locator('a[href="/account"]').first().click();
          await page.getByRole('heading', { name: 'Account' }).waitFor();
          expect(await page.title()).toBe('Account · Hono example');
          await page.goBack();
          await page.getByRole('heading', { name: 'Home' }).waitFor();
          expect(new URL(page.url()).pathname).toBe('/');
          expect(await page.title()).toBe('Home · Hono example');
          expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
        } finally {
          await context.close();
        }
      });
    });
  },
});
