import { accessSync, constants } from 'node:fs';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium-args.js';
import { LAUNCHER_ID } from './fake/widget.js';

/**
 * Debian's Chromium, where `apt-get install chromium` puts it; `CHROMIUM_PATH` overrides it.
 *
 * @example
 * ```ts
 * import { DEFAULT_CHROMIUM_PATH } from '@intercom-identity/testing';
 * console.log(process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH);
 * ```
 */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Options of {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Default: `CHROMIUM_PATH`, else /usr/bin/chromium. */
  executablePath?: string;
  /** Default true. */
  headless?: boolean;
  /** Flags added to {@link CHROMIUM_ARGS}. */
  args?: string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium that {@link launchChromium} would start, or undefined when there
 * is none. Lets a test suite skip locally (and fail under CI) with a clear reason.
 *
 * @example
 * ```ts
 * import { findChromium } from '@intercom-identity/testing';
 * const missing = findChromium() === undefined && process.env.CI !== 'true';
 * // describe.skipIf(missing)('in Chromium', () => { ... });
 * ```
 */
export function findChromium(executablePath?: string): string | undefined {
  const path = executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  return isExecutable(path) ? path : undefined;
}

/**
 * Launches the system's Chromium through playwright-core (a peer dependency),
 * headless and quiet. Throws, saying how to install it, when Chromium is missing.
 *
 * @example
 * ```ts
 * import { launchChromium } from '@intercom-identity/testing';
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto('http://127.0.0.1:3000/');
 * await browser.close();
 * ```
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const wanted = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  const executablePath = findChromium(wanted);
  if (executablePath === undefined)
    throw new Error(
      `Chromium was not found at ${wanted}. Install Debian's Chromium with \`apt-get install chromium\` ` +
        '(in this repository: `node scripts/setup-system.mjs chromium`), or set CHROMIUM_PATH.',
    );
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('launchChromium needs playwright-core: add it to your devDependencies (pnpm add -D playwright-core).');
  }
  return playwright.chromium.launch({
    executablePath,
    headless: options.headless ?? true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/** Where a request to one of Intercom's hosts is sent on the fake, or null for other hosts. */
export function intercomTarget(requestUrl: string, fakeUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const intercom = /(^|\.)intercom\.io$|(^|\.)intercomcdn\.com$|(^|\.)intercomassets\.com$|(^|\.)intercomusercontent\.com$/;
  if (!intercom.test(host)) return null;
  if (host === 'widget.intercom.io' && url.pathname.startsWith('/widget/'))
    // routed=1: the widget then talks to api_base, which this route also sends here.
    return `${fakeUrl}${url.pathname}?routed=1`;
  return `${fakeUrl}${url.pathname}${url.search}`;
}

/** What {@link routeIntercom} needs from the fake: its URL. */
export interface RoutableFake {
  readonly url: string;
}

// Hop-by-hop and encoding headers describe the fake's connection, not the answer.
const DROPPED = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * Sends every request for Intercom's hosts (widget.intercom.io, api-iam.intercom.io
 * and its eu and au twins, *.intercomcdn.com and the like) to the fake Messenger,
 * so an app that keeps the default widget URL loads the fake. Nothing leaves the
 * machine: paths the fake does not know answer 404, and Intercom websockets are
 * closed. Route a page, or a whole browser context.
 *
 * @example
 * ```ts
 * import { launchChromium, routeIntercom, startFakeMessenger } from '@intercom-identity/testing';
 * const fake = await startFakeMessenger({ appId: 'abc123', secrets: { web: 'test-web-secret-0123456789abcdef' } });
 * const browser = await launchChromium();
 * const context = await browser.newContext();
 * await routeIntercom(context, fake);
 * ```
 */
export async function routeIntercom(target: Page | BrowserContext, fake: RoutableFake): Promise<void> {
  const matches = (url: URL): boolean => intercomTarget(url.href, fake.url) !== null;
  await target.route(matches, async (route: Route) => {
    const request = route.request();
    const destination = intercomTarget(request.url(), fake.url) as string;
    const headers = { ...(await request.allHeaders()) };
    for (const name of Object.keys(headers))
      if (name.startsWith(':') || name === 'host' || DROPPED.has(name)) delete headers[name];
    try {
      const body = request.postDataBuffer();
      const answer = await fetch(destination, {
        method: request.method(),
        headers,
        ...(body !== null && request.method() !== 'GET' && request.method() !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
        redirect: 'manual',
      });
      const responseHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (!DROPPED.has(name)) responseHeaders[name] = value;
      });
      await route.fulfill({ status: answer.status, headers: responseHeaders, body: Buffer.from(await answer.arrayBuffer()) });
    } catch {
      await route.abort('connectionrefused').catch(() => {});
    }
  });
  await target.routeWebSocket(matches, (socket) => socket.close({ code: 1008, reason: 'Intercom is faked in this test' }));
}

/** What the fake Messenger's launcher shows. */
export interface LauncherState {
  /** 'booted', 'rejected' or 'shutdown'. */
  state: 'booted' | 'rejected' | 'shutdown';
  /** The session's user_id (or email); empty for a visitor. */
  user: string;
  /**
   * True when the user was proven (false for visitors, for unverified boots while enforcement
   * is off, and once the JWT the session holds has expired).
   */
  verified: boolean;
  /** Why the boot, update or message was refused, or why a booted session is not verified; empty otherwise. */
  reason: string;
  /** The conversation of the current session, oldest first. */
  messages: string[];
  /** Whether the Messenger is open (show, showNewMessage). */
  open: boolean;
  /** Whether the page holds the session cookie `intercom-session-{app_id}`. */
  sessionCookie: boolean;
  /** The page session's id: the widget makes a new one on every page load (`data-page`). */
  page: string;
  /** Updates of this page session that the update budget let through (`data-updates`; at most 20 per 30 minutes). */
  updates: number;
  /** The exp (Unix seconds) of the JWT the session holds (`data-token-expires`); null without a JWT or exp. */
  tokenExpires: number | null;
}

/** Options of {@link readLauncher}. */
export interface ReadLauncherOptions {
  /** Milliseconds to wait for the launcher to settle. Default 10 000. */
  timeout?: number;
}

// Strings, not functions: the page evaluates them as written, whatever the build does to this file.
const SETTLED = `(() => {
  const el = document.getElementById(${JSON.stringify(LAUNCHER_ID)});
  return !!el && !el.hasAttribute('data-busy') && ['booted', 'rejected', 'shutdown'].includes(el.getAttribute('data-state'));
})()`;
const READ = `(() => {
  const el = document.getElementById(${JSON.stringify(LAUNCHER_ID)});
  return {
    state: el.getAttribute('data-state'),
    user: el.getAttribute('data-user') || '',
    verified: el.getAttribute('data-verified') === 'true',
    reason: el.getAttribute('data-reason') || '',
    messages: Array.from(el.querySelectorAll('[data-message]'), (node) => node.textContent || ''),
    open: el.getAttribute('data-open') === 'true',
    sessionCookie: document.cookie.split(';').some((part) => part.trim().startsWith('intercom-session-')),
    page: el.getAttribute('data-page') || '',
    updates: Number(el.getAttribute('data-updates') || '0'),
    tokenExpires: el.hasAttribute('data-token-expires') ? Number(el.getAttribute('data-token-expires')) : null,
  };
})()`;

/**
 * Waits until the fake Messenger's launcher has finished its last boot, update or
 * message, and returns what it shows.
 *
 * @example
 * ```ts
 * import { readLauncher } from '@intercom-identity/testing';
 * await page.goto(`${app}/login-as-alice`);
 * const launcher = await readLauncher(page);
 * // launcher.state === 'booted', launcher.user === 'u_1001', launcher.verified === true
 * ```
 */
export async function readLauncher(page: Page, options: ReadLauncherOptions = {}): Promise<LauncherState> {
  const timeout = options.timeout ?? 10_000;
  try {
    await page.waitForFunction(SETTLED, undefined, { timeout, polling: 50 });
  } catch (error) {
    const seen = await page
      .evaluate(`document.getElementById(${JSON.stringify(LAUNCHER_ID)})?.outerHTML ?? null`)
      .catch(() => null);
    throw new Error(
      seen === null
        ? `The fake Messenger's launcher did not appear within ${timeout} ms: the page did not load the widget, ` +
            'or did not boot it. Check INTERCOM_WIDGET_URL, or call routeIntercom() for the default widget URL.'
        : `The fake Messenger's launcher did not settle within ${timeout} ms; it shows ${String(seen).slice(0, 300)}`,
      { cause: error },
    );
  }
  return (await page.evaluate(READ)) as LauncherState;
}

/**
 * Calls `window.Intercom(command, ...args)` in the page and returns the launcher
 * once the call has been answered.
 *
 * @example
 * ```ts
 * import { runIntercom } from '@intercom-identity/testing';
 * const after = await runIntercom(page, 'showNewMessage', 'Hello from Alice');
 * // after.messages includes 'Hello from Alice'
 * await runIntercom(page, 'shutdown');
 * ```
 */
export async function runIntercom(page: Page, command: string, ...args: unknown[]): Promise<LauncherState> {
  await page.evaluate(`window.Intercom(...${JSON.stringify([command, ...args])})`);
  return readLauncher(page);
}

/**
 * Collects the page's console errors and uncaught exceptions from now on, in the
 * returned (live) array. When the fake refuses a boot, an update or a message it
 * writes one error there: the real Messenger's text on the first line (for a
 * missing proof, MISSING_PROOF_CONSOLE_TEXT of the core), then the fake's reason
 * as `[fake Messenger] <reason>` on the second.
 *
 * @example
 * ```ts
 * import { collectConsoleErrors } from '@intercom-identity/testing';
 * const errors = collectConsoleErrors(page);
 * await page.goto(url);
 * // errors.some((text) => text.endsWith('[fake Messenger] invalid user_hash')) === true
 * ```
 */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`Uncaught ${error.name}: ${error.message}`));
  return errors;
}
