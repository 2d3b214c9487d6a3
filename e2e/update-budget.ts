/**
 * The update budget, end to end: Intercom accepts at most 20 `Intercom('update')`
 * per 30 minutes in one page session and ignores the rest. A long single-page
 * session with short JWTs must stay within it and still hold a valid token at
 * the end. Part of the example contract (full scope).
 */
import { verifyUserJwt } from '@intercom-identity/core';
import { type FakeMessenger, readLauncher, runIntercom, startFakeMessenger } from '@intercom-identity/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningExample } from './support/example-server.js';
import { settingsOf } from './support/proofs.js';

export interface UpdateBudgetContext {
  appId: string;
  secrets: { web: string; ios: string; android: string };
  browser(): Browser;
  hydrated(page: Page): Promise<void>;
  /** Starts the example with the contract's env for this fake, plus `extra`. */
  start(fake: FakeMessenger, extra: Record<string, string>): Promise<RunningExample>;
}

const NAVIGATIONS = 100;
/** Between two clicks: 100 navigations then take about two and a half minutes, five token lifetimes. */
const PACE_MS = 1_500;
const TOKEN_SECONDS = 30;

export function describeUpdateBudget(context: UpdateBudgetContext): void {
  describe(`the update budget (JWT mode, ${TOKEN_SECONDS}-second tokens)`, () => {
    let fake: FakeMessenger;
    let app: RunningExample;
    beforeAll(async () => {
      fake = await startFakeMessenger({ appId: context.appId, secrets: context.secrets, mode: 'jwt' });
      app = await context.start(fake, {
        INTERCOM_IDENTITY_MODE: 'jwt',
        INTERCOM_IDENTITY_JWT_EXPIRES_IN: String(TOKEN_SECONDS),
      });
    });
    afterAll(async () => {
      await app?.stop();
      await fake?.stop();
    });

    it(`${NAVIGATIONS} client navigations: at most 20 updates in the page session, none ignored, and a valid token at the end`, async () => {
      const browserContext = await context.browser().newContext();
      try {
        const page = await browserContext.newPage();
        await page.goto(`${app.url}/demo/login?as=alice`);
        const first = await readLauncher(page);
        expect(first).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
        const firstToken = (await settingsOf(page)).intercom_user_jwt as string;
        const firstExp = (await verifyUserJwt(context.secrets.web, firstToken)).claims?.exp as number;
        expect(firstExp, 'the page booted with a short-lived JWT').toBeGreaterThan(0);
        await context.hydrated(page);
        await page.evaluate('window.__sameDocument = true');

        for (let i = 0; i < NAVIGATIONS; i++) {
          const target = new URL(page.url()).pathname === '/account' ? '/' : '/account';
          await page.locator(`a[href="${target}"]`).first().click();
          await page.waitForURL(`${app.url}${target}`);
          await page.waitForTimeout(PACE_MS);
        }

        expect(await page.evaluate('window.__sameDocument'), 'every navigation stayed client-side').toBe(true);
        // The Messenger still holds a valid token for Alice: a message is accepted.
        const after = await runIntercom(page, 'showNewMessage', 'Still Alice after 100 pages');
        expect(after).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, page: first.page });
        expect(after.messages).toContain('Still Alice after 100 pages');
        expect(after.tokenExpires, 'the held token was refreshed several times').toBeGreaterThan(firstExp + 3 * TOKEN_SECONDS);
        expect(after.tokenExpires as number).toBeGreaterThan(Date.now() / 1000);

        const report = fake.report();
        const session = report.pages.find((entry) => entry.id === first.page);
        expect(session, 'the fake reports the page session').toBeDefined();
        expect(session).toMatchObject({ user: 'u_1001', dropped: 0, tokenValid: true });
        expect(session?.updates).toBeGreaterThan(0);
        expect(session?.updates).toBeLessThanOrEqual(20);
        expect(after.updates).toBe(session?.updates);
        expect(report.platforms.web.dropped).toBe(0);
        expect(report.events.filter((event) => event.outcome === 'invalid' || event.outcome === 'dropped')).toEqual([]);
      } finally {
        await browserContext.close();
      }
    }, 420_000);
  });
}
