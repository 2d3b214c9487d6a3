import { describe, expect, it } from 'vitest';
import { allowScriptHash, injectIntoHead } from '../src/inject.js';

const SCRIPT = '<script data-intercom-identity="">window.x=1</script>';

/** Streams `chunks` through the transform and gives back the page. */
async function run(chunks: Array<string | Uint8Array>): Promise<string> {
  const source = new ReadableStream<string | Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Response(injectIntoHead(source, SCRIPT)).text();
}

describe('injectIntoHead', () => {
  const page = '<!doctype html><html><head><title>Café ✓</title></head><body><p>Über</p></body></html>';
  const expected = page.replace('</head>', `${SCRIPT}</head>`);

  it('puts the script before </head> however the page is cut, even inside </head> or a UTF-8 character', async () => {
    const bytes = new TextEncoder().encode(page);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await run([bytes.slice(0, cut), bytes.slice(cut)])).toBe(expected);
    }
    // One byte at a time.
    expect(await run([...bytes].map((byte) => Uint8Array.of(byte)))).toBe(expected);
  });

  it('finds </HEAD> in any case, and only the first one', async () => {
    expect(await run(['<html><HEAD></HEAD><body></head></body></html>'])).toBe(
      `<html><HEAD>${SCRIPT}</HEAD><body></head></body></html>`,
    );
  });

  it('does not take a look-alike for </head>', async () => {
    expect(await run(['<html><head><headline></headline></header></head>'])).toBe(
      `<html><head><headline></headline></header>${SCRIPT}</head>`,
    );
  });

  it('leaves HTML without a head (a partial, a server island) as it is', async () => {
    expect(await run(['<p>no head</', 'p>'])).toBe('<p>no head</p>');
  });
});

describe('allowScriptHash', () => {
  const HASH = "'sha256-abc='";

  it('streams: the head goes out with the script before the rest of the page exists', async () => {
    const encoder = new TextEncoder();
    let sendRest: (() => void) | undefined;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('<html><head><title>t</title></head><body>'));
        sendRest = () => {
          controller.enqueue(encoder.encode('<p>later</p></body></html>'));
          controller.close();
        };
      },
    });
    const reader = injectIntoHead(source, SCRIPT).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(`<html><head><title>t</title>${SCRIPT}</head><body>`);
    sendRest?.();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('<p>later</p></body></html>');
    expect((await reader.read()).done).toBe(true);
  });

  it('a reader that goes away (the browser left) cancels the page underneath, with the reason', async () => {
    let reason: unknown;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<html><head></head><body>'));
      },
      cancel(why) {
        reason = why;
      },
    });
    const reader = injectIntoHead(source, SCRIPT).getReader();
    await reader.read();
    await reader.cancel('client gone');
    expect(reason).toBe('client gone');
  });

  it('a page that fails while streaming fails the response, not silently', async () => {
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('<html><head></head><body>'));
        controller.error(new Error('render failed'));
      },
    });
    await expect(new Response(injectIntoHead(source, SCRIPT)).text()).rejects.toThrow('render failed');
  });

  it('adds the hash to script-src and script-src-elem, enforced and report-only, leaving other directives alone', () => {
    const headers = new Headers({
      'content-security-policy':
        "default-src 'self'; script-src 'self' 'sha256-astro='; script-src-elem 'self'; style-src 'self'",
      'content-security-policy-report-only': "script-src 'self'",
    });
    expect(allowScriptHash(headers, HASH)).toBe(true);
    expect(headers.get('content-security-policy')).toBe(
      `default-src 'self'; script-src 'self' 'sha256-astro=' ${HASH}; script-src-elem 'self' ${HASH}; style-src 'self'`,
    );
    expect(headers.get('content-security-policy-report-only')).toBe(`script-src 'self' ${HASH}`);
  });

  it("leaves a directive that allows 'unsafe-inline' as it is: a hash would turn that off", () => {
    const headers = new Headers({ 'content-security-policy': "script-src 'self' 'unsafe-inline'" });
    allowScriptHash(headers, HASH);
    expect(headers.get('content-security-policy')).toBe("script-src 'self' 'unsafe-inline'");
  });

  it('changes nothing without a policy', () => {
    const headers = new Headers();
    expect(allowScriptHash(headers, HASH)).toBe(false);
    expect([...headers]).toEqual([]);
  });
});
