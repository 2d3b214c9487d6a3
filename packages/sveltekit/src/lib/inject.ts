/** One call of SvelteKit's `transformPageChunk`: a piece of the page, and whether it is the last one. */
export interface PageChunk {
  html: string;
  done: boolean;
}

const HEAD_CLOSE = '</head>';
const HEAD_CLOSE_ANY_CASE = /<\/head>/i;

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
