import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM_ARGS } from '@intercom-identity/testing/chromium-args';
import { CliError } from '../errors.js';
import { type MessengerTimeline, readTimeline, stepsOf } from './calls.js';
import { decodeJwt } from './proof.js';
import { installRecorder, MAX_EVENTS, type PageRecord, RECORD_KEY } from './recorder.js';

/** Debian's Chromium. A Playwright browser download is not used. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** How long the network and the page's Intercom calls stay still before the page counts as settled. */
const QUIET_MS = 500;
/** On a page whose network never goes quiet: how long the calls stay still after the Messenger booted. */
const BUSY_CALM_MS = 3000;
/** How often the doctor looks at the page while it waits. */
const POLL_MS = 100;

/** What the page holds after its scripts ran. */
export interface BrowserView {
  /**
   * The settings the Messenger boots with: the last `Intercom('boot', {...})` with the later updates merged, or
   * `window.intercomSettings` with the updates merged (the Messenger boots with it when it loads).
   */
  settings: Record<string, unknown> | undefined;
  via: 'intercomSettings' | 'boot' | undefined;
  /** Every call of `window.Intercom` and assignment of `window.intercomSettings`, as the Messenger would take them. */
  timeline: MessengerTimeline | undefined;
  /** Whether `window.Intercom` is a function: a loader ran. */
  intercomIsFunction: boolean;
  /** Requests that were blocked (Intercom's hosts, the widget URL). */
  blocked: string[];
  /** Same-origin scripts the page loaded, with their text. */
  scripts: { url: string; body: string }[];
  /** Names of the cookies the browser held once the page was still (values are never read out). */
  cookieNames: string[];
  /** `window.intercomConsent` once the page was still, when it is a string (the consent gate of the core sets it). */
  consent: string | undefined;
  error?: string;
}

export interface BrowserSession {
  view(url: string, cookies: Readonly<Record<string, string>>, block: (url: string) => boolean): Promise<BrowserView>;
  close(): Promise<void>;
}

// The private launcher of the doctor: one headless Chromium for all the doctor's page loads. `flag` names the
// option that asked for it, for the error when there is none.
export async function openBrowser(
  executablePath: string,
  timeoutMs: number,
  flag: '--browser' | '--consent-required' = '--browser',
): Promise<BrowserSession> {
  // What the page loads before consent is seen only by running it: there is no HTML-only answer to fall back to.
  const why =
    flag === '--consent-required'
      ? ' --consent-required watches what the page requests in Chromium; without it the doctor checks the HTML only.'
      : '';
  if (!existsSync(executablePath))
    throw new CliError(
      `Chromium was not found at ${executablePath}. Install it (Debian: apt-get install chromium), or pass --chromium <path>.${why}`,
      'BROWSER_UNAVAILABLE',
    );
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new CliError(
      `${flag} needs playwright-core, an optional peer dependency: install it next to the CLI (npm install --save-dev playwright-core).${why}`,
      'BROWSER_UNAVAILABLE',
    );
  }
  let browser: import('playwright-core').Browser;
  try {
    browser = await playwright.chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: timeoutMs });
  } catch (error) {
    // Playwright's launch errors carry a long log; its first line says what went wrong.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new CliError(`Chromium at ${executablePath} did not start: ${reason}${why}`, 'BROWSER_UNAVAILABLE');
  }

  return {
    async view(url, cookies, block) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      // Before any script of the page: window.Intercom and window.intercomSettings are recorded from the start.
      await context.addInitScript(installRecorder, { key: RECORD_KEY, maxEvents: MAX_EVENTS });
      const blocked: string[] = [];
      const bodies: Promise<{ url: string; body: string } | undefined>[] = [];
      try {
        const entries = Object.entries(cookies);
        if (entries.length > 0) await context.addCookies(entries.map(([name, value]) => ({ name, value, url })));
        // Nothing reaches Intercom: no Messenger script, no API call carrying the proof.
        await context.route('**/*', (route) => {
          const requested = route.request().url();
          if (block(requested)) {
            blocked.push(requested);
            return route.abort('blockedbyclient');
          }
          return route.continue();
        });
        const page = await context.newPage();
        const origin = new URL(url).origin;
        // Requests in flight and the time of the last change: the page settles when the network is still.
        const inFlight = new Set<unknown>();
        let networkChanged = Date.now();
        const started = (request: unknown) => {
          inFlight.add(request);
          networkChanged = Date.now();
        };
        const ended = (request: unknown) => {
          inFlight.delete(request);
          networkChanged = Date.now();
        };
        page.on('request', started);
        page.on('requestfinished', ended);
        page.on('requestfailed', ended);
        page.on('response', (response) => {
          if (response.request().resourceType() !== 'script' || new URL(response.url()).origin !== origin) return;
          bodies.push(
            response.text().then(
              (body) => ({ url: response.url(), body }),
              () => undefined,
            ),
          );
        });
        try {
          await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
        } catch (error) {
          return empty(blocked, error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
        }
        // A single-page app boots after load: after a fetch of its proof, or a framework's hydration. Wait until the
        // network and the Intercom calls are still (or, on a page that keeps the network busy, until the Messenger
        // booted and the calls are still), within the timeout.
        await settle(page, () => inFlight.size === 0 && Date.now() - networkChanged >= QUIET_MS, timeoutMs);
        const read = await page
          .evaluate((key) => {
            const w = window as unknown as {
              intercomSettings?: unknown;
              Intercom?: ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
            } & Record<string, unknown>;
            const copy = (value: unknown): unknown => {
              try {
                return JSON.parse(JSON.stringify(value)) as unknown;
              } catch {
                return undefined;
              }
            };
            let boot: unknown;
            const queue = typeof w.Intercom === 'function' && Array.isArray(w.Intercom.q) ? w.Intercom.q : [];
            for (const call of queue) {
              const args = Array.from(call);
              if (args[0] === 'boot' && typeof args[1] === 'object' && args[1] !== null) boot = copy(args[1]);
            }
            const record = w[key] as PageRecord | undefined;
            return {
              settings: copy(w.intercomSettings),
              boot,
              consent: typeof w.intercomConsent === 'string' ? w.intercomConsent.slice(0, 40) : undefined,
              intercomIsFunction: typeof w.Intercom === 'function',
              record: record === undefined ? undefined : { events: record.events, dropped: record.dropped },
            };
          }, RECORD_KEY)
          .catch(() => undefined);
        const scripts = (await Promise.all(bodies)).filter((entry) => entry !== undefined);
        // Names only: a cookie's value is a session token.
        const cookieNames = (await context.cookies().catch(() => [])).map((cookie) => cookie.name);
        if (read === undefined) return { ...empty(blocked, 'the page could not be read after it loaded'), scripts, cookieNames };
        const timeline =
          read.record === undefined
            ? undefined
            : readTimeline(stepsOf(read.record.events, origin), read.settings, decodeJwt, read.record.dropped);
        // Without a record (a page that replaced the recorder's accessors), the settings as they stand.
        const settings =
          timeline?.booted ?? (isObject(read.settings) ? read.settings : isObject(read.boot) ? read.boot : undefined);
        const via =
          timeline?.bootedBy ?? (isObject(read.settings) ? 'intercomSettings' : isObject(read.boot) ? 'boot' : undefined);
        return {
          settings,
          via,
          timeline,
          intercomIsFunction: read.intercomIsFunction,
          blocked,
          scripts,
          cookieNames,
          consent: read.consent,
        };
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

function empty(blocked: string[], error: string): BrowserView {
  return {
    settings: undefined,
    via: undefined,
    timeline: undefined,
    intercomIsFunction: false,
    blocked,
    scripts: [],
    cookieNames: [],
    consent: undefined,
    error,
  };
}

/**
 * Waits until the page is still: the network quiet and no new Intercom call for QUIET_MS. A page that keeps its
 * network busy (polling, a stream) is done once the Messenger booted and no call came for BUSY_CALM_MS; every
 * page is done at the deadline.
 */
async function settle(page: import('playwright-core').Page, networkQuiet: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let callsChanged = Date.now();
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const state = await page
      .evaluate((key) => {
        const record = (window as unknown as Record<string, { events: { kind: string; command?: string }[] } | undefined>)[key];
        const events = record?.events ?? [];
        const booted =
          events.some((event) => event.kind === 'call' && event.command === 'boot') ||
          (typeof (window as { intercomSettings?: unknown }).intercomSettings === 'object' &&
            typeof (window as { Intercom?: unknown }).Intercom === 'function');
        return { count: events.length, booted };
      }, RECORD_KEY)
      // A navigation of the page replaced the document: its record starts again.
      .catch(() => ({ count: -2, booted: false }));
    if (state.count !== seen) {
      seen = state.count;
      callsChanged = Date.now();
    }
    const calm = Date.now() - callsChanged;
    if (calm >= QUIET_MS && networkQuiet()) return;
    if (state.booted && calm >= BUSY_CALM_MS) return;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
