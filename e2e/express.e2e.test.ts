import { collectConsoleErrors, readLauncher, runIntercom } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { sessionCookie } from './support/session.js';

/**
 * The example's client script (client/app.ts) sets `data-client-ready` on
 * `<html>` in the same task in which it attaches its click handlers: from then
 * on the nav links navigate client-side and the Log out button shuts the
 * Messenger down first.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.clientReady === 'true');
}

describeExampleContract({
  ...EXAMPLES.express,
  mobilePlatform: 'ios',
  hydrated,
  extra: ({ app, browser }) => {
    describe('Express only', () => {
      it("the boot script and the page's script carry the nonce of the response's CSP (res.locals.cspNonce), a new one per response", async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${app().url}/`, { headers: { cookie } });
          // The example's policy is report-only (see server.mjs); the nonce is the same either way.
          const policy = response.headers.get('content-security-policy-report-only') ?? '';
          const fromHeader = /'nonce-([^']+)'/.exec(policy)?.[1];
          expect(fromHeader, 'the example sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          expect(/<script data-intercom-identity="" nonce="([^"]+)">/.exec(html)?.[1]).toBe(fromHeader);
          expect(/<script type="module" src="\/assets\/client\.js" nonce="([^"]+)">/.exec(html)?.[1]).toBe(fromHeader);
          nonces.push(fromHeader as string);
        }
        expect(nonces[0]).not.toBe(nonces[1]);
        // Under that policy the browser runs the boot script, the Messenger's script and the client script: no report about them.
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

      it('a sign-in without a page load (fetch, then a client-side render of the page) boots the Messenger as the new person', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app().url}/demo/login?as=alice`);
          await readLauncher(page);
          expect((await runIntercom(page, 'showNewMessage', 'Alice asks before the switch')).messages).toContain(
            'Alice asks before the switch',
          );
          await hydrated(page);
          await page.evaluate('window.__sameDocument = true');
          await page.getByRole('button', { name: 'Sign in as Bob here' }).click();
          await page.waitForFunction('window.intercomSettings && window.intercomSettings.email === "bob@example.com"');
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
          expect(launcher.messages).not.toContain('Alice asks before the switch');
          expect(await page.evaluate('window.__sameDocument'), 'no page load happened').toBe(true);
          await page.getByText('Signed in as Bob Example').waitFor();
        } finally {
          await context.close();
        }
      });

      it('static files keep their own caching for a signed-in user: they are served before intercomIdentity()', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        for (const path of ['/assets/client.js', '/app.css']) {
          const response = await fetch(`${app().url}${path}`, { headers: { cookie } });
          expect(response.status).toBe(200);
          expect(response.headers.get('cache-control'), path).not.toContain('no-store');
        }
        const page = await fetch(`${app().url}/account`, { headers: { cookie } });
        expect(page.headers.get('cache-control')).toBe('private, no-store');
      });
    });
  },
});
