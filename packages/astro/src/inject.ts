/**
 * Puts the boot script into a page that streams: before the first `</head>`,
 * found in the bytes themselves (`</head>` is ASCII, and no byte of a UTF-8
 * character outside ASCII can be taken for one of its bytes, so nothing is
 * decoded), however the page is cut into chunks.
 */

const encoder = new TextEncoder();
const HEAD_CLOSE = encoder.encode('</head>');
const EMPTY = new Uint8Array(0);

/** Whether `byte` is the `index`th byte of `</head>`, in either case. */
function sameByte(byte: number | undefined, index: number): boolean {
  const expected = HEAD_CLOSE[index] as number;
  // Only the letters have an upper case: 'a'..'z' less 0x20.
  return byte === expected || (expected >= 0x61 && expected <= 0x7a && byte === expected - 0x20);
}

/** Whether the bytes at `at` spell `</head>`, in any case. */
function closesHead(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < HEAD_CLOSE.length; i++) if (!sameByte(bytes[at + i], i)) return false;
  return true;
}

/** Where `</head>` starts in `bytes`, or -1. */
function findHeadClose(bytes: Uint8Array): number {
  for (let at = bytes.indexOf(0x3c); at !== -1 && at <= bytes.length - HEAD_CLOSE.length; at = bytes.indexOf(0x3c, at + 1)) {
    if (closesHead(bytes, at)) return at;
  }
  return -1;
}

/** How many bytes at the end of `bytes` could be the start of a `</head>` that the next chunk ends. */
function partialAtEnd(bytes: Uint8Array): number {
  for (let length = Math.min(HEAD_CLOSE.length - 1, bytes.length); length > 0; length--) {
    let matches = true;
    for (let i = 0; i < length && matches; i++) matches = sameByte(bytes[bytes.length - length + i], i);
    if (matches) return length;
  }
  return 0;
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** `bytes` with `insert` put in at `at`, in one buffer: the server then writes the chunk once. */
function spliced(bytes: Uint8Array, at: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at), at + insert.length);
  return out;
}

/**
 * The page `body` with `html` put just before its first `</head>`, once. The
 * end of a chunk that may be the start of a `</head>` split across chunks is
 * held back until the next chunk. HTML without a head is a fragment (an Astro
 * partial, a server island, which the page they go into has booted already)
 * and gets nothing. Chunks after the head pass through as they are.
 *
 * The stream pulls from the page's own stream, a chunk when the server asks
 * for one: the page streams as it did, without the queues of a TransformStream
 * (a few microseconds a page that every request paid).
 *
 * @example
 * ```ts
 * const page = injectIntoHead(response.body, '<script>window.x = 1</script>');
 * ```
 */
export function injectIntoHead(body: ReadableStream<Uint8Array | string>, html: string): ReadableStream<Uint8Array> {
  const script = encoder.encode(html);
  const reader = body.getReader();
  let injected = false;
  let held: Uint8Array = EMPTY;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          if (held.length > 0) controller.enqueue(held);
          controller.close();
          return;
        }
        const bytes = typeof value === 'string' ? encoder.encode(value) : value;
        if (injected) {
          controller.enqueue(bytes);
          return;
        }
        const text = joined(held, bytes);
        held = EMPTY;
        const at = findHeadClose(text);
        if (at !== -1) {
          injected = true;
          controller.enqueue(spliced(text, at, script));
          return;
        }
        const keep = partialAtEnd(text);
        held = text.slice(text.length - keep);
        if (text.length > keep) {
          controller.enqueue(text.subarray(0, text.length - keep));
          return;
        }
        // All of this chunk may be the start of a `</head>`: read on before answering the pull.
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

const POLICY_HEADERS = ['content-security-policy', 'content-security-policy-report-only'];

/**
 * Allows one inline script by its hash (`'sha256-…'`) in the response's
 * Content-Security-Policy (enforced and report-only): in `script-src-elem` and
 * `script-src`, where they are. Astro's `security.csp` sends such a header on
 * every page rendered on demand, with the hashes of the scripts it knows of;
 * the boot script is made per request, so its hash is added to the header
 * here. A directive that allows `'unsafe-inline'` is left as it is (a hash
 * would turn that off). Returns whether a policy was there.
 */
export function allowScriptHash(headers: Headers, source: string): boolean {
  let found = false;
  for (const name of POLICY_HEADERS) {
    const policy = headers.get(name);
    if (policy === null) continue;
    found = true;
    const directives = policy.split(';').map((part) => {
      const words = part.trim().split(/\s+/);
      const directive = words[0]?.toLowerCase();
      if (directive !== 'script-src' && directive !== 'script-src-elem') return part;
      if (words.some((word) => word.toLowerCase() === "'unsafe-inline'" || word === source)) return part;
      return ` ${[...words, source].join(' ')}`;
    });
    headers.set(name, directives.join(';').trim());
  }
  return found;
}

/** Whether the response has any Content-Security-Policy header. */
export function hasPolicy(headers: Headers): boolean {
  return POLICY_HEADERS.some((name) => headers.has(name));
}
