import { findScripts, isJavaScript, type ScriptElement } from './html.js';

/** What the page's HTML says about `window.intercomSettings` (or `Intercom('boot', {...})`). */
export type FoundSettings =
  /** Plain JSON, as the core's renderScript writes it. `raw` is the JSON text as it stands in the HTML. */
  | { kind: 'json'; via: SettingsVia; settings: Record<string, unknown>; raw: string }
  /** A JavaScript object literal that is not JSON (single quotes, unquoted keys, variables). */
  | { kind: 'literal'; via: SettingsVia; raw: string }
  /** Assigned from an expression: only running the page's scripts tells what it holds. */
  | { kind: 'runtime'; via: SettingsVia }
  | { kind: 'none' };

export type SettingsVia = 'intercomSettings' | 'boot';

const ASSIGNMENT =
  /\b(?:(?:window|self|globalThis)\s*\.\s*intercomSettings|(?:window|self|globalThis)\s*\[\s*(["'])intercomSettings\1\s*\]|var\s+intercomSettings)\s*=(?![=>])\s*/g;
const BOOT_CALL = /\bIntercom\s*\(\s*(["'])boot\1\s*,\s*/g;
// Settings objects are small; a page that is not is not worth scanning to its end.
const MAX_OBJECT = 1_000_000;

/**
 * Finds the settings the page assigns in an inline script. The object is read
 * from the raw HTML, across a `</script` inside it, so that the doctor can show
 * what was meant and say that the browser would have cut it short.
 */
export function findSettings(html: string, scripts: readonly ScriptElement[] = findScripts(html)): FoundSettings {
  const found: Array<{ settings: FoundSettings; tagged: boolean }> = [];
  for (const script of scripts) {
    if (script.src !== undefined || !isJavaScript(script)) continue;
    // The core's boot script is tagged; other scripts may quote it (Next.js's RSC payload does, as an escaped string).
    const tagged = script.attrs['data-intercom-identity'] !== undefined;
    for (const [pattern, via] of [
      [ASSIGNMENT, 'intercomSettings'],
      [BOOT_CALL, 'boot'],
    ] as const) {
      pattern.lastIndex = script.contentStart;
      for (let match = pattern.exec(html); match !== null && match.index < script.contentEnd; match = pattern.exec(html))
        found.push({ settings: readObject(html, match.index + match[0].length, via), tagged });
    }
  }
  // The Messenger reads intercomSettings when it loads; a boot call is the other way to pass them.
  // Prefer the core's tagged script, then settings that read as JSON, then the first assignment.
  const byPreference = [
    (f: (typeof found)[number]) => f.tagged && f.settings.kind === 'json',
    (f: (typeof found)[number]) => f.settings.kind === 'json' && f.settings.via === 'intercomSettings',
    (f: (typeof found)[number]) => f.settings.kind === 'json',
    (f: (typeof found)[number]) => f.settings.kind !== 'none' && f.settings.via === 'intercomSettings',
    (f: (typeof found)[number]) => f.settings.kind !== 'none',
  ];
  for (const preferred of byPreference) {
    const match = found.find(preferred);
    if (match !== undefined) return match.settings;
  }
  return { kind: 'none' };
}

function readObject(html: string, start: number, via: SettingsVia): FoundSettings {
  if (html[start] !== '{') return { kind: 'runtime', via };
  const raw = scanObject(html, start);
  if (raw === undefined) return { kind: 'runtime', via };
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { kind: 'json', via, settings: value as Record<string, unknown>, raw };
  } catch {
    // Not JSON: a JavaScript object literal.
  }
  return { kind: 'literal', via, raw };
}

/** The balanced `{...}` that starts at `start`, with strings (any quote) skipped over. */
function scanObject(text: string, start: number): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  const end = Math.min(text.length, start + MAX_OBJECT);
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
