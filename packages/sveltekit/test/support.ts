import { createHmac } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import type { IntercomHandle } from '../src/lib/index.js';

/** What the handle passes to `resolve`: the part of SvelteKit's `ResolveOptions` it uses. */
type ResolveOptions = Parameters<Parameters<IntercomHandle>[0]['resolve']>[1];

export const APP_ID = 'unitapp1';
export const SECRET = 'web-secret-for-unit-tests-0123456789';
export const ANDROID_SECRET = 'android-secret-for-unit-tests-98765';
export const ALICE = { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };

export const hmac = (secret: string, identifier: string) => createHmac('sha256', secret).update(identifier).digest('hex');

/** A page shell as SvelteKit renders it with `kit.csp` nonces: its init script in the body carries the nonce. */
export function pageHtml(nonce?: string): string {
  const attribute = nonce === undefined ? '' : ` nonce="${nonce}"`;
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home</title>' +
    '<link href="/_app/immutable/entry/start.js" rel="modulepreload"></head>' +
    '<body><div style="display: contents"><h1>Home</h1></div>' +
    `<script${attribute}>{ __sveltekit_abc = {}; }</script></body></html>`
  );
}

export function makeEvent(options: { path?: string; locals?: Record<string, unknown>; method?: string } = {}): RequestEvent {
  const url = new URL(options.path ?? '/', 'http://127.0.0.1:5173');
  return {
    url,
    request: new Request(url, { method: options.method ?? 'GET' }),
    locals: options.locals ?? {},
    route: { id: url.pathname },
    params: {},
    isDataRequest: false,
    isSubRequest: false,
  } as unknown as RequestEvent;
}

/**
 * What SvelteKit's resolve does for a page: renders the shell, runs
 * transformPageChunk on it (SvelteKit 2 and 3: once, as one chunk; `cuts`
 * splits it at those offsets, as a streaming renderer might), makes the Response.
 */
export function pageResolve(html: string, headers: Record<string, string> = {}, cuts: number[] = []) {
  const calls: Array<ResolveOptions | undefined> = [];
  const resolve = async (_event: RequestEvent, options?: ResolveOptions): Promise<Response> => {
    calls.push(options);
    const ends = [...cuts, html.length];
    let transformed = '';
    let start = 0;
    for (const [index, end] of ends.entries()) {
      const chunk = { html: html.slice(start, end), done: index === ends.length - 1 };
      transformed += (await options?.transformPageChunk?.(chunk)) ?? chunk.html;
      start = end;
    }
    return new Response(transformed, { headers: { 'content-type': 'text/html', ...headers } });
  };
  return { resolve, calls };
}

export function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      warn: (line: string) => void lines.push(`warn ${line}`),
      error: (line: string) => void lines.push(`error ${line}`),
    },
  };
}

/** The settings the injected script assigns, parsed back. */
export function injectedSettings(html: string): Record<string, unknown> | null {
  const match = /<script data-intercom-identity=""[^>]*>window\.intercomSettings=(\{.*?\});\(function/.exec(html);
  return match ? (JSON.parse(match[1] as string) as Record<string, unknown>) : null;
}
