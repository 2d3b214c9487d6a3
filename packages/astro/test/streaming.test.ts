// The session changes while a page is still streaming: the page belongs to the
// user it started with, however its head and body are cut into chunks.
import type { APIContext } from 'astro';
import { describe, expect, it } from 'vitest';
import { intercomMiddleware } from '../src/index.js';
import { APP_ID, bootScript, hmac, SECRET } from './support.js';

const ENV = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' };
const ALICE = { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };
const BOB = { email: 'bob@example.com', name: 'Bob Example' };
const silent = { warn: () => {}, error: () => {} };

function contextFor(): APIContext {
  return {
    locals: {},
    request: new Request('http://localhost/account'),
    url: new URL('http://localhost/account'),
    isPrerendered: false,
    routePattern: '/account',
  } as unknown as APIContext;
}

/**
 * A page as Astro streams it: each chunk when the server pulls for it, and
 * `between` runs before every chunk but the first (the session changes while
 * the page is on its way).
 */
function streamedPage(chunks: string[], between: () => void) {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index > 0) between();
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
  return () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
}

describe('the user changes while the page streams', () => {
  it('the whole page carries the proof of the user it started with, never Bob’s; the next page is Bob’s', async () => {
    const session = { user: ALICE as object, lookups: 0 };
    const middleware = intercomMiddleware({
      env: () => ENV,
      logger: silent,
      getUser: () => {
        session.lookups++;
        return session.user;
      },
    });
    const chunks = [
      '<!doctype html><html><head><title>Acc',
      'ount</title></he',
      'ad><body><h1>Account</h1>',
      '<p>later</p></body></html>',
    ];
    const response = (await middleware(
      contextFor(),
      streamedPage(chunks, () => {
        session.user = BOB;
      }),
    )) as Response;
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const html = await response.text();
    expect(bootScript(html)?.settings).toMatchObject({
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(html.match(/data-intercom-identity/g)).toHaveLength(1);
    expect(html).not.toContain('bob@example.com');
    expect(html).not.toContain(hmac(SECRET, 'bob@example.com'));
    expect(html).toContain('<p>later</p>');
    expect(session.lookups).toBe(1);

    const next = (await middleware(
      contextFor(),
      streamedPage(chunks, () => {}),
    )) as Response;
    const nextHtml = await next.text();
    expect(bootScript(nextHtml)?.settings).toMatchObject({
      email: 'bob@example.com',
      user_hash: hmac(SECRET, 'bob@example.com'),
    });
    expect(nextHtml).not.toContain(hmac(SECRET, 'u_1001'));
  });
});
