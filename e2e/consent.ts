/**
 * Consent and loading on demand, end to end. The example runs twice more: with
 * `INTERCOM_CONSENT=required`, where its consent banner stands in for the
 * site's consent tool, and with `INTERCOM_LOAD=interaction`, where the boot
 * script draws a light launcher. Part of the example contract (full scope).
 *
 * What the examples render for it (the same in each, in the framework's own
 * way): on a page with a consent gate, `<aside data-consent-banner
 * data-state="pending|granted|withdrawn">` with `button[data-intercom-consent="grant"]`
 * and `button[data-intercom-consent="withdraw"]`; on a page without one, no such button.
 */
import { type FakeMessenger, LAUNCHER_ID, readLauncher, startFakeMessenger } from '@intercom-identity/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './support/browser-steps.js';
import type { RunningExample } from './support/example-server.js';

export interface ConsentContext {
  appId: string;
  secrets: { web: string; ios: string; android: string };
  /** The example's hydration signal: every click waits for it first. */
  hydrated(page: Page): Promise<void>;
  /** A page in a new browser context, which the contract closes at the end. */
  newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  /** Starts the example with the contract's env for this fake, plus `extra`. */
  start(fake: FakeMessenger, extra: Record<string, string>): Promise<RunningExample>;
}

const BANNER = '[data-consent-banner]';
const GRANT = 'button[data-intercom-consent="grant"]';
const WITHDRAW = 'button[data-intercom-consent="withdraw"]';
const FACADE = 'button[data-intercom-facade]';
const CONTROLS = 'button[data-intercom-consent]:visible';
const ALICE_BOOTED = { state: 'booted', user: 'u_1001', verified: true };

/** The URLs the page asked for on the fake's origin (the widget, its API), from now on; `clear()` starts over. */
function messengerRequests(page: Page, fake: FakeMessenger): { urls: string[]; clear(): void } {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(fake.url)) urls.push(request.url());
  });
  return {
    urls,
    clear: () => {
      urls.length = 0;
    },
  };
}

async function intercomCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).filter((cookie) => cookie.name.startsWith('intercom-')).map((cookie) => cookie.name);
}

/** The library's own localStorage keys (its person marker); the app's keys, such as a stored consent choice, are not its. */
async function libraryStorage(page: Page): Promise<string[]> {
  const keys = (await page.evaluate('Object.keys(localStorage)')) as string[];
  return keys.filter((key) => key.startsWith('intercom-identity:'));
}

const bootsOf = (fake: FakeMessenger): number => fake.report().events.filter((event) => event.kind === 'boot').length;

/** Waits until the banner shows `state` (the example updates it from `onIntercomConsent`). */
async function bannerSays(page: Page, state: 'pending' | 'granted' | 'withdrawn'): Promise<void> {
  await page.locator(`${BANNER}[data-state="${state}"]`).waitFor();
}

// The report-only CSP of an example tells each script it would block in the console; the driver's own evaluation is not the app's.
const cspReports = (errors: string[]): string[] =>
  errors.filter((line) => /Content Security Policy/i.test(line) && !/evaluat/i.test(line));

export function describeConsent(context: ConsentContext): void {
  describe('consent and loading on demand (JWT mode)', () => {
    let consentFake: FakeMessenger;
    let facadeFake: FakeMessenger;
    let consentApp: RunningExample | undefined;
    let facadeApp: RunningExample | undefined;

    beforeAll(async () => {
      consentFake = await startFakeMessenger({ appId: context.appId, secrets: context.secrets, mode: 'jwt' });
      facadeFake = await startFakeMessenger({ appId: context.appId, secrets: context.secrets, mode: 'jwt' });
      // Both servers start at once; one that fails must not leave the other running.
      const started = await Promise.allSettled([
        context.start(consentFake, { INTERCOM_CONSENT: 'required' }),
        context.start(facadeFake, { INTERCOM_LOAD: 'interaction' }),
      ]);
      if (started[0].status === 'fulfilled') consentApp = started[0].value;
      if (started[1].status === 'fulfilled') facadeApp = started[1].value;
      for (const result of started) if (result.status === 'rejected') throw result.reason;
    });
    afterAll(async () => {
      await consentApp?.stop();
      await facadeApp?.stop();
      await consentFake?.stop();
      await facadeFake?.stop();
    });

    it('INTERCOM_CONSENT=required: nothing loads before consent; the grant boots verified and survives a reload; withdrawal shuts down, removes the cookies and holds over a reload', async () => {
      const app = consentApp as RunningExample;
      const { context: browserContext, page, errors } = await context.newPage();
      const requests = messengerRequests(page, consentFake);

      // 1. Before consent: the banner asks, the page has loaded, and nothing came from the Messenger.
      await login(page, app.url, 'alice');
      await bannerSays(page, 'pending');
      expect(await page.locator(CONTROLS).count(), 'the banner shows its two controls').toBe(2);
      expect(requests.urls, 'no request to the Messenger before consent').toEqual([]);
      expect(await intercomCookies(browserContext), 'no intercom-* cookie before consent').toEqual([]);
      expect(await libraryStorage(page), "nothing of the library's in localStorage before consent").toEqual([]);
      expect(await page.locator(`#${LAUNCHER_ID}`).count(), 'no Messenger before consent').toBe(0);
      expect(bootsOf(consentFake)).toBe(0);

      // 2. The grant: the Messenger loads and boots Alice verified.
      await context.hydrated(page);
      await page.locator(GRANT).click();
      await bannerSays(page, 'granted');
      const granted = await readLauncher(page);
      expect(granted, 'a verified boot after the grant').toMatchObject(ALICE_BOOTED);
      expect(
        requests.urls.some((url) => url.startsWith(consentFake.widgetUrl)),
        'the widget loaded after the grant',
      ).toBe(true);
      expect(await intercomCookies(browserContext)).toContain(`intercom-session-${context.appId}`);
      expect(await libraryStorage(page), 'the boot script keeps its person marker once consent is given').toHaveLength(1);

      // 3. A reload: the example's stored choice grants again, with no click.
      await page.reload();
      const reloaded = await readLauncher(page);
      expect(reloaded, 'a verified boot after a reload, with no click').toMatchObject(ALICE_BOOTED);
      expect(reloaded.page, 'the reload made a new page session').not.toBe(granted.page);
      await bannerSays(page, 'granted');

      // 4. The withdrawal: the Messenger shuts down and every intercom-* cookie goes.
      await context.hydrated(page);
      const bootsBeforeWithdrawal = bootsOf(consentFake);
      await page.locator(WITHDRAW).click();
      await bannerSays(page, 'withdrawn');
      await page.locator(`#${LAUNCHER_ID}[data-state="shutdown"]`).waitFor();
      await expect.poll(() => intercomCookies(browserContext), { message: 'no intercom-* cookie after withdrawal' }).toEqual([]);

      // 5. A reload after withdrawal: the banner asks again and nothing loads.
      requests.clear();
      await page.reload();
      await bannerSays(page, 'pending');
      expect(requests.urls, 'no request to the Messenger after withdrawal').toEqual([]);
      expect(await intercomCookies(browserContext), 'no intercom-* cookie after withdrawal').toEqual([]);
      expect(await libraryStorage(page), "nothing of the library's in localStorage after withdrawal").toEqual([]);
      expect(await page.locator(`#${LAUNCHER_ID}`).count(), 'no Messenger after withdrawal').toBe(0);
      expect(bootsOf(consentFake), 'no boot reached the Messenger after withdrawal').toBe(bootsBeforeWithdrawal);
      expect(cspReports(errors), 'the Messenger loaded after consent carries the CSP nonce').toEqual([]);
    });

    it('INTERCOM_LOAD=interaction: a light launcher and no request until its click, which boots verified and opens the Messenger', async () => {
      const app = facadeApp as RunningExample;
      const { page, errors } = await context.newPage();
      const requests = messengerRequests(page, facadeFake);

      await login(page, app.url, 'alice');
      const facade = page.locator(FACADE);
      await facade.waitFor({ state: 'visible' });
      await context.hydrated(page);
      expect(requests.urls, 'no request to the Messenger before the click').toEqual([]);
      expect(await page.locator(`#${LAUNCHER_ID}`).count()).toBe(0);
      // Without INTERCOM_CONSENT=required the page has no gate: the banner shows no control.
      expect(await page.locator(CONTROLS).count(), 'no consent control without a gate').toBe(0);

      await facade.click();
      expect(await readLauncher(page), 'a verified boot after the click').toMatchObject(ALICE_BOOTED);
      await page.locator(`#${LAUNCHER_ID}[data-open="true"]`).waitFor();
      await facade.waitFor({ state: 'detached' });
      expect(
        requests.urls.some((url) => url.startsWith(facadeFake.widgetUrl)),
        'the click loaded the widget',
      ).toBe(true);
      expect(facadeFake.report().events.filter((event) => event.kind === 'boot')).toHaveLength(1);
      expect(cspReports(errors)).toEqual([]);
    });
  });
}
