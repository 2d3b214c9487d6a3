import type { ClientSettings } from './messenger.js';

const PREFIX = 'window.intercomSettings=';

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
  if (!script.startsWith(PREFIX)) return null;
  let depth = 0;
  let inString = false;
  for (let i = PREFIX.length; i < script.length; i++) {
    const char = script[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) {
        try {
          const value: unknown = JSON.parse(script.slice(PREFIX.length, i + 1));
          return typeof value === 'object' && value !== null && typeof (value as ClientSettings).app_id === 'string'
            ? (value as ClientSettings)
            : null;
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}
