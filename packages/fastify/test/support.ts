import { createHmac } from 'node:crypto';
import type { Logger } from '@intercom-identity/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';

export const APP_ID = 'abc12345';
export const SECRET = 'test-web-secret-0123456789abcdefghij';
export const IOS_SECRET = 'test-ios-secret-0123456789abcdefghij';
export const ANDROID_SECRET = 'test-android-secret-0123456789abcdef';
export const WIDGET_URL = 'http://127.0.0.1:9/widget/{app_id}';
export const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters';

export const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const BOB = { email: 'bob@example.com', name: 'Bob Example' };

/** The env of a working setup, in the default mode (JWT); `extra` adds or removes (undefined) variables. */
export function envWith(extra: Record<string, string | undefined> = {}): () => Record<string, string | undefined> {
  const env = {
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: SECRET,
    INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET,
    INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
    INTERCOM_WIDGET_URL: WIDGET_URL,
    NODE_ENV: 'test',
    ...extra,
  };
  return () => env;
}

/** The expected `user_hash`, computed independently of the core. */
export function hmacHex(secret: string, identifier: string): string {
  return createHmac('sha256', secret).update(identifier).digest('hex');
}

/** A logger that records lines instead of printing them. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

/** The `window.intercomSettings` a page's boot script sets, or null when the page has none. */
export function settingsIn(html: string): Record<string, unknown> | null {
  const found = /window\.intercomSettings=(\{.*?\});\(function/.exec(html);
  return found?.[1] === undefined ? null : (JSON.parse(found[1]) as Record<string, unknown>);
}

/** The `Cookie` header a browser would send back for the cookies of a response. */
export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/**
 * A real Fastify server on a free port: `configure` registers plugins and
 * routes, then it listens. Closed after each test.
 */
export async function serve(
  configure: (app: FastifyInstance) => Promise<void> | void,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  running.push(app);
  await configure(app);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: address };
}

/** A page route's HTML, as an app renders it with the boot in the head. */
export function page(bootHtml: string | undefined, body = 'Hello'): string {
  return `<!doctype html><html><head><title>Test</title>${bootHtml ?? ''}</head><body>${body}</body></html>`;
}
