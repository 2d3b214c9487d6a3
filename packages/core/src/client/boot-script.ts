import type { ClientSettings } from './messenger.js';

// `window.intercomSettings=`, the settings' JSON, then `;`: outside its strings
// JSON has no `;`, so the first one outside a string ends it. A string is a
// quote, then any escape or character other than a quote or backslash, then a
// quote; each token starts with a different character, so the match is linear.
const BOOT_SETTINGS = /^window\.intercomSettings=((?:"(?:[^"\\]|\\.)*"|[^";])*);/;

/**
 * The settings a boot script sets: the JSON after `window.intercomSettings=`
 * (the core writes the settings first, as JSON that no value can break out
 * of). Null for any other script. An adapter whose page data carries the boot
 * script reads the settings from it, so the page does not send them twice.
 *
 * @example
 * ```ts
 * import { settingsOfBootScript } from '@intercom-identity/core/client';
 * const script = document.querySelector('script[data-intercom-identity]');
 * const settings = settingsOfBootScript(script?.textContent ?? '');
 * ```
 */
export function settingsOfBootScript(script: string): ClientSettings | null {
  const json = BOOT_SETTINGS.exec(script)?.[1];
  if (json === undefined) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && typeof (value as ClientSettings).app_id === 'string'
      ? (value as ClientSettings)
      : null;
  } catch {
    return null;
  }
}
