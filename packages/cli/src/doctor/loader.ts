import { isJavaScript, type ScriptElement } from './html.js';

/** Where the Messenger loader was found, and which widget URLs it loads. */
export interface LoaderInfo {
  /** e.g. "an inline <script>" or "https://widget.intercom.io/widget/abc123"; undefined when not found. */
  where: string | undefined;
  widgetUrls: string[];
  /** How the core's boot script waits, when it is on the page: for consent, for the first interaction (a facade). */
  gate?: { consent: boolean; facade: boolean };
}

const INTERCOM_HOST =
  /(?:^|\.)(?:intercom\.io|intercom\.com|intercomcdn\.com|intercomcdn\.eu|intercomassets\.com|intercomassets\.eu|intercom-messenger\.com|intercom-attachments(?:-\d+)?\.com|intercom-clicks\.com|intercom-mail\.com)$/i;
const WIDGET_URL = /https?:\/\/(?:widget\.intercom\.io\/widget\/[A-Za-z0-9_-]*|js\.intercomcdn\.com\/[^\s"'<>\\)]*)/g;
// The core's loader is called with the widget URL as its first string: `})(window,document,"https://...",...)`
const CORE_LOADER_CALL = /\}\)\(\s*window\s*,\s*document\s*,\s*("(?:[^"\\]|\\.)*")/;
// The core's gated loader (consent: 'required' or load: 'interaction') ends its call with two flags after four
// strings (the widget URL, the storage key, the person marker, the session cookie's name): consent, then facade.
const CORE_GATE_FLAGS =
  /\}\)\(\s*window\s*,\s*document(?:\s*,\s*"(?:[^"\\]|\\.)*"){4}\s*,\s*(true|false)\s*,\s*(true|false)\s*\)/;

/** Whether a URL belongs to Intercom (the Messenger, its API, its CDN). */
export function isIntercomUrl(url: string): boolean {
  try {
    return INTERCOM_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

// Next.js writes its RSC payload (and next/script's inline scripts) as data in scripts of its own:
// `self.__next_f.push([1,"..."])`, `(self.__next_s=self.__next_s||[]).push(...)`.
const NEXT_PAYLOAD = /^\s*\(?\s*self\.__next_[fs]\b/;

// Where a loader was found, best first: a page may hold the same loader more than once (the core's script and
// a copy that a framework quotes in its payload), and the report names the one that runs.
const RANK = { core: 0, src: 1, inline: 2, payload: 3, file: 4 } as const;

/**
 * Finds the Messenger loader in the page's scripts and in the same-origin script files it loads.
 * The core's tagged script is named wherever it stands: Next.js streams it after the shell, behind
 * the RSC payload that quotes it.
 */
export function findLoader(
  scripts: readonly ScriptElement[],
  pageUrl: string,
  files: readonly { path: string; body: string }[],
): LoaderInfo {
  const widgetUrls = new Set<string>();
  let gate: LoaderInfo['gate'];
  let best: { rank: number; where: string } | undefined;
  const found = (rank: number, where: string) => {
    if (best === undefined || rank < best.rank) best = { rank, where };
  };
  for (const script of scripts) {
    if (script.src !== undefined) {
      const src = absolute(script.src, pageUrl);
      if (src !== undefined && isIntercomUrl(src) && /\/widget\/|intercomcdn/.test(src)) {
        widgetUrls.add(src);
        found(RANK.src, `<script src="${src}">`);
      }
      continue;
    }
    if (!isJavaScript(script)) continue;
    // The core's renderScript: tagged, and it may point at any widget URL (a local fake Messenger, say).
    if (script.attrs['data-intercom-identity'] !== undefined && /createElement\(\s*["']script["']\s*\)/.test(script.content)) {
      found(RANK.core, 'the <script data-intercom-identity> of @intercom-identity/core');
      const flags = CORE_GATE_FLAGS.exec(script.content);
      if (gate === undefined || flags !== null) gate = { consent: flags?.[1] === 'true', facade: flags?.[2] === 'true' };
      const call = CORE_LOADER_CALL.exec(script.content);
      try {
        if (call !== null) widgetUrls.add(JSON.parse(call[1] as string) as string);
      } catch {
        // Not a JSON string: the loader is there, its URL just cannot be read.
      }
    }
    const urls = script.content.match(WIDGET_URL) ?? [];
    for (const url of urls) widgetUrls.add(url);
    if (urls.length === 0) continue;
    if (NEXT_PAYLOAD.test(script.content))
      found(RANK.payload, 'an inline script in the Next.js RSC payload (a next/script, say)');
    else found(RANK.inline, 'an inline <script> (Intercom snippet)');
  }
  for (const file of files) {
    const urls = file.body.match(WIDGET_URL) ?? [];
    for (const url of urls) widgetUrls.add(url);
    if (urls.length > 0) found(RANK.file, `the script ${file.path}`);
  }
  const info: LoaderInfo = { where: best?.where, widgetUrls: [...widgetUrls] };
  if (gate !== undefined) info.gate = gate;
  return info;
}

export function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}
