import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export const APP_ID = 'honoapp1';
export const SECRET = 'web-secret-for-hono-unit-tests-0123456';
export const ANDROID_SECRET = 'android-secret-for-hono-unit-tests-987';
export const WIDGET_URL = 'http://127.0.0.1:9/widget/{app_id}';
export const ALICE = { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const BOB = { email: 'bob@example.com', name: 'Bob Example' };

/** The env of a complete setup, for `env: () => ...` or Workers bindings. */
export const ENV = {
  INTERCOM_APP_ID: APP_ID,
  INTERCOM_IDENTITY_SECRET: SECRET,
  INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
  INTERCOM_WIDGET_URL: WIDGET_URL,
};

export const hmac = (secret: string, identifier: string) => createHmac('sha256', secret).update(identifier).digest('hex');

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

/** The settings the boot script assigns, parsed back; null without a boot script. */
export function bootSettings(html: string): Record<string, unknown> | null {
  const match = /<script data-intercom-identity=""[^>]*>window\.intercomSettings=(\{.*?\});\(function/.exec(html);
  return match ? (JSON.parse(match[1] as string) as Record<string, unknown>) : null;
}

/** The page's head: what comes before `</head>`. */
export const headOf = (html: string) => html.slice(0, html.indexOf('</head>'));

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a Hono app with @hono/node-server on a free port of 127.0.0.1. */
export function serveApp(app: { fetch: (request: Request, env: never) => Response | Promise<Response> }): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch as never, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
