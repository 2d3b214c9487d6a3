import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '@intercom-identity/testing/chromium-args';
import { CliError } from '../errors.js';

/** Debian's Chromium. A Playwright browser download is not used. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** What the page holds after its scripts ran. */
export interface BrowserView {
  /** `window.intercomSettings` (or the last `Intercom('boot', {...})` queued) as JSON, if it is an object. */
  settings: Record<string, unknown> | undefined;
  via: 'intercomSettings' | 'boot' | undefined;
  /** Whether `window.Intercom` is a function: a loader ran. */
  intercomIsFunction: boolean;
  /** Requests that were blocked (Intercom's hosts, the widget URL). */
  blocked: string[];
  /** Same-origin scripts the page loaded, with their text. */
  scripts: { url: string; body: string }[];
  error?: string;
}

export interface BrowserSession {
  view(url: string, cookies: Readonly<Record<string, string>>, block: (url: string) => boolean): Promise<BrowserView>;
  close(): Promise<void>;
}

// The private launcher of the doctor: one headless Chromium for all the doctor's page loads.
export async function openBrowser(executablePath: string, timeoutMs: number): Promise<BrowserSession> {
  if (!existsSync(executablePath))
    throw new CliError(
      `Chromium was not found at ${executablePath}. Install it (Debian: apt-get install chromium), or pass --chromium <path>.`,
      'BROWSER_UNAVAILABLE',
    );
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new CliError(
      '--browser needs playwright-core, an optional peer dependency: install it next to the CLI (npm install --save-dev playwright-core).',
      'BROWSER_UNAVAILABLE',
    );
  }
  let browser: import('playwright-core').Browser;
  try {
    browser = await playwright.chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: timeoutMs });
  } catch (error) {
    // Playwright's launch errors carry a long log; its first line says what went wrong.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new CliError(`Chromium at ${executablePath} did not start: ${reason}`, 'BROWSER_UNAVAILABLE');
  }

  return {
    async view(url, cookies, block) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
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
        // Settings may be assigned a moment after load (after a fetch, or a framework's hydration).
        await page
          .waitForFunction(() => (window as { intercomSettings?: unknown }).intercomSettings !== undefined, undefined, {
            timeout: 3000,
          })
          .catch(() => undefined);
        const read = await page.evaluate(() => {
          const w = window as unknown as {
            intercomSettings?: unknown;
            Intercom?: ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
          };
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
          return { settings: copy(w.intercomSettings), boot, intercomIsFunction: typeof w.Intercom === 'function' };
        });
        const scripts = (await Promise.all(bodies)).filter((entry) => entry !== undefined);
        const settings = isObject(read.settings) ? read.settings : isObject(read.boot) ? read.boot : undefined;
        const via = isObject(read.settings) ? 'intercomSettings' : isObject(read.boot) ? 'boot' : undefined;
        return { settings, via, intercomIsFunction: read.intercomIsFunction, blocked, scripts };
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

function empty(blocked: string[], error: string): BrowserView {
  return { settings: undefined, via: undefined, intercomIsFunction: false, blocked, scripts: [], error };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
