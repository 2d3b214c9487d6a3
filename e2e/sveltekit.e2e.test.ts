import { collectConsoleErrors, readLauncher, runIntercom } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { sessionCookie } from './support/session.js';

/**
 * SvelteKit's client router starts once the page has hydrated: its start sets
 * `history.scrollRestoration` to 'manual', in the same task in which it
 * attaches its link handling, after the components (and their event handlers)
 * are mounted. A fresh page load starts at 'auto'.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

describeExampleContract({
  ...EXAMPLES.sveltekit,
  mobilePlatform: 'android',
  hydrated,
  extra: ({ app, browser }) => {
    describe('SvelteKit only', () => {
      it("the boot script carries the nonce of the response's CSP (kit.csp mode 'nonce'), a new one per response", async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${app().url}/`, { headers: { cookie } });
          // The example's policy is report-only (see its vite.config.ts); the nonce is the same either way.
          const policy = response.headers.get('content-security-policy-report-only') ?? '';
          const fromHeader = /'nonce-([^']+)'/.exec(policy)?.[1];
          expect(fromHeader, 'the example sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          const onScript = /<script data-intercom-identity="" nonce="([^"]+)">/.exec(html)?.[1];
          expect(onScript).toBe(fromHeader);
          nonces.push(onScript as string);
        }
        expect(nonces[0]).not.toBe(nonces[1]);
        // Under that policy the browser would run the boot script and the Messenger's script: no report about them.
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          const errors = collectConsoleErrors(page);
          await page.goto(`${app().url}/demo/login?as=alice`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          // (The test driver's own string evaluation is reported too: it is not the app's.)
          expect(errors.filter((line) => /Content Security Policy/i.test(line) && !/evaluat/i.test(line))).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it('a sign-in without a page load (fetch, then refreshAll()) boots the Messenger as the new person', async () => {
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
    });
  },
});
