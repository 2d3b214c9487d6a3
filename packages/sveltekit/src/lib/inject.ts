/** One call of SvelteKit's `transformPageChunk`: a piece of the page, and whether it is the last one. */
export interface PageChunk {
  html: string;
  done: boolean;
}

const HEAD_CLOSE = '</head>';
const HEAD_CLOSE_ANY_CASE = /<\/head>/i;
const SCRIPT_NONCE = /^<script\b[^>]*?\snonce="([^"]+)"/i;

/** The length of the longest end of `text` that is the start of `</head>` (any case). */
function partialCloseAtEnd(text: string): number {
  const tail = text.slice(-(HEAD_CLOSE.length - 1)).toLowerCase();
  for (let length = tail.length; length > 0; length--) {
    if (HEAD_CLOSE.startsWith(tail.slice(tail.length - length))) return length;
  }
  return 0;
}

/**
 * A `transformPageChunk` that puts `html` (the boot script) into the page's
 * head, just before the first `</head>`, once. It holds back the end of a chunk
 * that could be the start of a `</head>` split across chunks, so the script
 * lands in the head however the page is cut. A page without a head gets the
 * script at its end. One transform per response: it remembers what it saw.
 *
 * @example
 * ```ts
 * import { injectIntoHead } from '@intercom-identity/sveltekit';
 * const transform = injectIntoHead('<script>window.x = 1</script>');
 * transform({ html: '<html><head><title>Hi</title></head><body></body></html>', done: true });
 * // '<html><head><title>Hi</title><script>window.x = 1</script></head><body></body></html>'
 * ```
 */
export function injectIntoHead(html: string): (chunk: PageChunk) => string {
  let injected = false;
  let held = '';
  return ({ html: chunk, done }) => {
    const text = held + chunk;
    held = '';
    if (injected) return text;
    const at = text.search(HEAD_CLOSE_ANY_CASE);
    if (at !== -1) {
      injected = true;
      return text.slice(0, at) + html + text.slice(at);
    }
    if (done) {
      injected = true;
      return text + html;
    }
    const keep = partialCloseAtEnd(text);
    held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  };
}

/**
 * The nonce SvelteKit put on its own scripts in this page, when `kit.csp` uses
 * nonces: that of the last `<script>` carrying one. SvelteKit's init script
 * comes after anything the page rendered, so markup a page renders cannot
 * choose it.
 */
export function findScriptNonce(html: string): string | undefined {
  // From the end: SvelteKit's init script is near it, and most pages have no nonce at all.
  let from = html.length;
  for (;;) {
    const at = html.lastIndexOf('<script', from);
    if (at === -1) return undefined;
    const match = SCRIPT_NONCE.exec(html.slice(at, html.indexOf('>', at) + 1));
    if (match) return match[1];
    from = at - 1;
    if (from < 0) return undefined;
  }
}

/**
 * A `transformPageChunk` that puts the boot script into the head, made with
 * the CSP nonce of the response (`render(nonce)`). The nonce is on SvelteKit's
 * init script, which comes after `</head>` in the body: the page is held back
 * from `</head>` on until that script has arrived (or the page is done), so
 * the nonce is found however SvelteKit cuts the page. SvelteKit 2 and 3 hand
 * the whole shell in one chunk, so nothing waits in practice.
 */
export function injectWithPageNonce(render: (nonce: string | undefined) => string): (chunk: PageChunk) => string {
  let injected = false;
  let held = '';
  return ({ html: chunk, done }) => {
    if (injected) return chunk;
    const text = held + chunk;
    const at = text.search(HEAD_CLOSE_ANY_CASE);
    const nonceInBody = at === -1 ? undefined : findScriptNonce(text.slice(at));
    if (nonceInBody === undefined && !done) {
      held = text;
      return '';
    }
    injected = true;
    held = '';
    // Without a script in the body (a page without client-side rendering), a head script of app.html may carry it.
    const script = render(nonceInBody ?? findScriptNonce(text));
    return at === -1 ? text + script : text.slice(0, at) + script + text.slice(at);
  };
}

/**
 * The nonces the response's Content-Security-Policy (enforced or report-only)
 * allows scripts by, from `script-src-elem`, else `script-src`, else `default-src`.
 */
export function policyScriptNonces(headers: Headers): string[] {
  const nonces: string[] = [];
  for (const name of ['content-security-policy', 'content-security-policy-report-only']) {
    const policy = headers.get(name);
    if (policy === null) continue;
    const directives = new Map<string, string[]>();
    for (const part of policy.split(';')) {
      const [directive, ...sources] = part.trim().split(/\s+/);
      if (directive !== undefined && !directives.has(directive.toLowerCase())) directives.set(directive.toLowerCase(), sources);
    }
    const sources = directives.get('script-src-elem') ?? directives.get('script-src') ?? directives.get('default-src') ?? [];
    for (const source of sources) {
      const nonce = /^'nonce-([^']+)'$/i.exec(source)?.[1];
      if (nonce !== undefined) nonces.push(nonce);
    }
  }
  return nonces;
}
