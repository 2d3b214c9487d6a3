/**
 * Flags for a quiet headless Chromium in containers and CI: no sandbox (containers
 * often run as root), no GPU, and no traffic of its own (updates, sync, first-run
 * pages). {@link launchChromium} starts Chromium with them; so does the CLI's
 * `doctor --browser`, which bundles this file (it imports nothing for that reason).
 *
 * @example
 * ```ts
 * import { chromium } from 'playwright-core';
 * import { CHROMIUM_ARGS } from '@intercom-identity/testing';
 * const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
 * ```
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);
