/**
 * Faults, end to end: a malformed session cookie, and a widget host that is
 * slow or unreachable. Part of the example contract (full scope), on the
 * contract's running app: no server of its own. The widget host is slowed
 * down or refused in the browser (a route on the widget URL), which is all the
 * widget host ever is to a page: the server only prints its URL.
 *
 * The other faults (a getUser that throws or hangs, a secret changed while the
 * server runs, a user who changes while a page streams) are tested where they
 * can be made to happen: in the core's and the adapters' unit tests.
 */
import { type FakeMessenger, LAUNCHER_ID, pageIdentity, parseIntercomSettings, readLauncher } from '@intercom-identity/testing';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { untilTrue } from './support/browser-steps.js';
import type { RunningExample } from './support/example-server.js';
import { settingsOf } from './support/proofs.js';
import { sessionCookie } from './support/session.js';

export interface FaultsContext {
  appId: string;
  app(): RunningExample;
  fake(): FakeMessenger;
  /** The example's hydration signal: every client-side click waits for it first. */
  hydrated(page: Page): Promise<void>;
  /** A page in a new browser context, which the contract closes at the end. */
  newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

/** The cookies of a Cookie header, as [name, value] pairs. */
function cookiePairs(header: string): Array<[string, string]> {
  return header.split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/**
 * Session cookies a client may send that are no session: each keeps the names
 * the demo login sets and mangles the values (Alice's and Bob's, as the demo
 * login signed them).
 */
function mangledSessions(alice: string, bob: string): Array<[string, string]> {
  const alicePairs = cookiePairs(alice);
  const bobValues = new Map(cookiePairs(bob));
  const each = (value: (current: string, name: string) => string) =>
    alicePairs.map(([name, current]) => `${name}=${value(current, name)}`).join('; ');
  // A signed value is payload.signature: Alice's payload under Bob's signature, and a payload of Bob's under Alice's.
  const crossed = (current: string, name: string, mine: 'payload' | 'signature') => {
    const other = bobValues.get(name) ?? '';
    const [payload, signature] = [current.slice(0, current.lastIndexOf('.')), current.slice(current.lastIndexOf('.') + 1)];
    const [otherPayload, otherSignature] = [other.slice(0, other.lastIndexOf('.')), other.slice(other.lastIndexOf('.') + 1)];
    if (!current.includes('.') || !other.includes('.')) return `${current.slice(0, -2)}${current.endsWith('A') ? 'BB' : 'AA'}`;
    return mine === 'payload' ? `${payload}.${otherSignature}` : `${otherPayload}.${signature}`;
  };
  return [
    ['garbage', each(() => '%%%not-a-session!!{}<>')],
    ['truncated', each((current) => current.slice(0, Math.floor(current.length / 2)))],
    ['oversized (4 KB)', each(() => 'A'.repeat(4096))],
    ['wrongly signed', each((current) => `${current.slice(0, -2)}${current.endsWith('A') ? 'BB' : 'AA'}`)],
    ['Alice’s payload, Bob’s signature', each((current, name) => crossed(current, name, 'payload'))],
    ['Bob’s payload, Alice’s signature', each((current, name) => crossed(current, name, 'signature'))],
    ['not UTF-8 (raw bytes)', each(() => '\u00ff\u00fe\u00c3\u0028')],
    ['not UTF-8 (percent-encoded)', each(() => '%FF%FE%C3%28')],
  ];
}

export function describeFaults(context: FaultsContext): void {
  describe('faults', () => {
    it('a malformed session cookie (garbage, truncated, 4 KB, wrongly signed, not UTF-8) gives a visitor page, never a 5xx', async () => {
      const { url } = context.app();
      const mangled = mangledSessions(await sessionCookie(url, 'alice'), await sessionCookie(url, 'bob'));
      for (const [label, cookie] of mangled) {
        const response = await fetch(`${url}/`, { headers: { cookie } });
        expect(response.status, label).toBe(200);
        const settings = parseIntercomSettings(await response.text());
        expect(settings?.app_id, label).toBe(context.appId);
        expect(pageIdentity(settings), label).toEqual({});
      }
    });

    it('the widget host is slow, then unreachable: the pages render and stay usable, nothing throws, and the late widget boots the current user', async () => {
      const { url } = context.app();
      const { context: browserContext, page } = await context.newPage();
      const uncaught: string[] = [];
      page.on('pageerror', (error) => uncaught.push(`${error.name}: ${error.message}`));
      const widget = await controlWidget(browserContext, context.fake().widgetUrl);
      const domReady = { waitUntil: 'domcontentloaded' } as const;
      const settingsSay = (check: (settings: Record<string, unknown>) => boolean, what: string) =>
        untilTrue(async () => {
          const settings = await settingsOf(page).catch(() => undefined);
          return typeof settings === 'object' && settings !== null && check(settings);
        }, what);
      const launcherShown = () => page.evaluate(`document.getElementById(${JSON.stringify(LAUNCHER_ID)}) !== null`);

      // Slow: the widget is held while a visitor signs in as Alice through the page's link.
      await page.goto(`${url}/`, domReady);
      await page.locator('a[href="/demo/login?as=alice"]').first().click();
      await settingsSay((settings) => settings.user_id === 'u_1001', 'the page is Alice’s');
      expect(await launcherShown(), 'nothing of the Messenger before its script loads').toBe(false);
      widget.release();
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });

      // Unreachable: Alice logs out, Bob signs in, a client-side link; the Messenger never loads.
      widget.refuse();
      await context.hydrated(page);
      await page
        .locator('button, a')
        .filter({ hasText: /log ?out|sign ?out/i })
        .first()
        .click();
      await settingsSay((settings) => settings.app_id !== undefined && settings.user_hash === undefined, 'a visitor page');
      await context.hydrated(page);
      await page.locator('a[href="/demo/login?as=bob"]').first().click();
      await settingsSay((settings) => settings.email === 'bob@example.com', 'the page is Bob’s');
      await context.hydrated(page);
      await page.locator('a[href="/account"]').first().click();
      await page.waitForURL(`${url}/account`, domReady);
      await settingsSay((settings) => settings.email === 'bob@example.com', 'the account page is Bob’s');
      // The page itself says who is signed in ("Signed in as <strong>Bob Example</strong>").
      await page.locator('strong', { hasText: 'Bob Example' }).first().waitFor();
      expect(await launcherShown()).toBe(false);
      expect(widget.refused()).toBeGreaterThan(0);
      expect(uncaught).toEqual([]);
    });
  });
}

/**
 * Holds every request for the widget script until `release()`, then lets them
 * through to the fake; after `refuse()`, they fail as against a closed port.
 */
async function controlWidget(browserContext: BrowserContext, widgetUrl: string) {
  let mode: 'hold' | 'pass' | 'refuse' = 'hold';
  let refused = 0;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await browserContext.route(
    (requested) => requested.href.startsWith(widgetUrl),
    async (route: Route) => {
      if (mode === 'hold') await released;
      if (mode === 'refuse') {
        refused++;
        await route.abort('connectionrefused').catch(() => {});
        return;
      }
      // The page that asked may be gone by now (it navigated away while the script was held).
      await route.continue().catch(() => {});
    },
  );
  return {
    release: () => {
      mode = 'pass';
      release();
    },
    refuse: () => {
      mode = 'refuse';
    },
    refused: () => refused,
  };
}
