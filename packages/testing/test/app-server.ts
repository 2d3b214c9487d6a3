import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IntercomUser } from '@intercom-identity/core';
import { ALICE, BOB, identityFor } from './helpers.js';

/** How the tiny app behaves: right, or with one of the bugs the checks exist for. */
export type AppBehaviour =
  | 'correct'
  /** Renders the first visitor's page once and serves it to everyone, publicly cacheable. */
  | 'cache-first-page'
  /** Signs per request, but keeps the first user_hash in a shared variable and reuses it. */
  | 'shared-hash'
  /** Correct identity, but says the signed page may be kept by shared caches. */
  | 'public-cache-control'
  /** Correct, but answers Bob 503. */
  | 'fails-for-bob'
  /** Correct, but answers Bob 1.5 s late. */
  | 'slow-for-bob';

const USERS: Record<string, IntercomUser> = { alice: ALICE, bob: BOB };

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export async function startApp(behaviour: AppBehaviour, options: { mode?: 'user_hash' | 'jwt' } = {}): Promise<AppServer> {
  const identity = identityFor('http://127.0.0.1:9/widget/{app_id}', options);
  let firstPage: string | undefined;
  let sharedHash: string | undefined;
  const server = createServer(async (request, response) => {
    const session = /(?:^|;\s*)session=(\w+)/.exec(request.headers.cookie ?? '')?.[1];
    const user = session === undefined ? null : (USERS[session] ?? null);
    if (behaviour === 'fails-for-bob' && session === 'bob') {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    if (behaviour === 'slow-for-bob' && session === 'bob') await new Promise((resolve) => setTimeout(resolve, 1500));
    if (behaviour === 'cache-first-page' && firstPage !== undefined) {
      response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' }).end(firstPage);
      return;
    }
    const settings = await identity.bootSettings(user);
    if (behaviour === 'shared-hash' && settings.user_hash !== undefined) {
      sharedHash ??= settings.user_hash;
      settings.user_hash = sharedHash;
    }
    const html = `<!doctype html><html><head>${identity.renderScript(settings)}</head><body>Hello</body></html>`;
    if (behaviour === 'cache-first-page') firstPage = html;
    const cacheControl =
      behaviour === 'public-cache-control' || behaviour === 'cache-first-page'
        ? 'public, s-maxage=300, max-age=0'
        : 'private, no-store';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': cacheControl }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const SESSIONS = [
  { label: 'alice', cookie: 'session=alice', expect: { user_id: 'u_1001' } },
  { label: 'bob', cookie: 'session=bob', expect: { user_id: 'u_1002' } },
  { label: 'visitor', cookie: '', expect: {} },
];
