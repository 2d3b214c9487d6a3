import { describe, expect, it } from 'vitest';
import { injectIntoHead } from '../src/lib/inject.js';

const SCRIPT = '<script data-x="">window.booted=1</script>';
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><p>Hi</p></body></html>';
const EXPECTED = PAGE.replace('</head>', `${SCRIPT}</head>`);

function run(chunks: string[]): string {
  const transform = injectIntoHead(SCRIPT);
  return chunks.map((html, i) => transform({ html, done: i === chunks.length - 1 })).join('');
}

describe('injectIntoHead', () => {
  it('puts the script just before </head> of a whole page', () => {
    expect(run([PAGE])).toBe(EXPECTED);
  });

  it('gives the same page for every place a two-chunk split can fall, </head> split included', () => {
    for (let at = 0; at <= PAGE.length; at++) {
      expect(run([PAGE.slice(0, at), PAGE.slice(at)]), `split at ${at}`).toBe(EXPECTED);
    }
  });

  it('finds </head> cut into three chunks, one character at a time, and with empty chunks between', () => {
    const head = PAGE.indexOf('</head>');
    expect(run([PAGE.slice(0, head + 2), PAGE.slice(head + 2, head + 5), PAGE.slice(head + 5)])).toBe(EXPECTED);
    expect(run([...PAGE].map((ch) => ch))).toBe(EXPECTED);
    expect(run([PAGE.slice(0, head + 1), '', PAGE.slice(head + 1, head + 4), '', PAGE.slice(head + 4)])).toBe(EXPECTED);
  });

  it('injects once, before the first </head> only, in any letter case', () => {
    const upper = '<html><HEAD></HEAD><body>text with </head> in it</body></html>';
    expect(run([upper])).toBe(`<html><HEAD>${SCRIPT}</HEAD><body>text with </head> in it</body></html>`);
    const transform = injectIntoHead(SCRIPT);
    expect(transform({ html: '<head></head>', done: false })).toBe(`<head>${SCRIPT}</head>`);
    expect(transform({ html: '<p></head></p>', done: true })).toBe('<p></head></p>');
  });

  it('does not swallow a chunk end that only looks like the start of </head>', () => {
    expect(run(['<head><title>a </h', '1></title></head><body></body>'])).toBe(
      `<head><title>a </h1></title>${SCRIPT}</head><body></body>`,
    );
    expect(run(['<body>no head here <', '/he'])).toBe(`<body>no head here </he${SCRIPT}`);
  });

  it('puts the script at the end of a page without a head, so it still runs', () => {
    expect(run(['<body><p>fragment</p>', '</body>'])).toBe(`<body><p>fragment</p></body>${SCRIPT}`);
  });
});
