import { isJavaScript, type ScriptElement } from './html.js';

/** Where the Messenger loader was found, and which widget URLs it loads. */
export interface LoaderInfo {
  /** e.g. "an inline <script>" or "https://widget.intercom.io/widget/abc123"; undefined when not found. */
  where: string | undefined;
  widgetUrls: string[];
}

const INTERCOM_HOST =
  /(?:^|\.)(?:intercom\.io|intercom\.com|intercomcdn\.com|intercomcdn\.eu|intercomassets\.com|intercomassets\.eu|intercom-messenger\.com|intercom-attachments(?:-\d+)?\.com|intercom-clicks\.com|intercom-mail\.com)$/i;
const WIDGET_URL = /https?:\/\/(?:widget\.intercom\.io\/widget\/[A-Za-z0-9_-]*|js\.intercomcdn\.com\/[^\s"'<>\\)]*)/g;
// The core's loader is called with the widget URL as its first string: `})(window,document,"https://...",...)`
const CORE_LOADER_CALL = /\}\)\(\s*window\s*,\s*document\s*,\s*("(?:[^"\\]|\\.)*")/;

/** Whether a URL belongs to Intercom (the Messenger, its API, its CDN). */
export function isIntercomUrl(url: string): boolean {
  try {
    return INTERCOM_HOST.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Finds the Messenger loader in the page's scripts and in the same-origin script files it loads. */
export function findLoader(
  scripts: readonly ScriptElement[],
  pageUrl: string,
  files: readonly { path: string; body: string }[],
): LoaderInfo {
  const widgetUrls = new Set<string>();
  let where: string | undefined;
  for (const script of scripts) {
    if (script.src !== undefined) {
      const src = absolute(script.src, pageUrl);
      if (src !== undefined && isIntercomUrl(src) && /\/widget\/|intercomcdn/.test(src)) {
        widgetUrls.add(src);
        where ??= `<script src="${src}">`;
      }
      continue;
    }
    if (!isJavaScript(script)) continue;
    // The core's renderScript: tagged, and it may point at any widget URL (a local fake Messenger, say).
    if (script.attrs['data-intercom-identity'] !== undefined && /createElement\(\s*["']script["']\s*\)/.test(script.content)) {
      where ??= 'the <script data-intercom-identity> of @intercom-identity/core';
      const call = CORE_LOADER_CALL.exec(script.content);
      try {
        if (call !== null) widgetUrls.add(JSON.parse(call[1] as string) as string);
      } catch {
        // Not a JSON string: the loader is there, its URL just cannot be read.
      }
    }
    for (const url of script.content.match(WIDGET_URL) ?? []) {
      widgetUrls.add(url);
      where ??= 'an inline <script> (Intercom snippet)';
    }
  }
  for (const file of files)
    for (const url of file.body.match(WIDGET_URL) ?? []) {
      widgetUrls.add(url);
      where ??= `the script ${file.path}`;
    }
  return { where, widgetUrls: [...widgetUrls] };
}

export function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}
