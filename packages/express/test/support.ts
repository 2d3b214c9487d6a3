import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5, { type Express } from 'express';
import express4 from 'express4';

export const APP_ID = 'unitapp1';
export const SECRET = 'web-secret-for-unit-tests-0123456789';
export const IOS_SECRET = 'ios-secret-for-unit-tests-9876543210';
export const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const ENV = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET };

/** Both major versions, for `describe.each`: the same suite runs on a real server of each. */
export const VERSIONS: Array<{ version: string; express: () => Express }> = [
  { version: 'Express 5', express: () => express5() },
  { version: 'Express 4', express: () => express4() },
];

export const hmac = (secret: string, identifier: string) => createHmac('sha256', secret).update(identifier).digest('hex');

/** An app listening on a free port of 127.0.0.1. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

const running: Running[] = [];

/** Starts `app` on port 0; {@link closeAll} stops every server started so far. */
export async function listen(app: Express): Promise<Running> {
  const server: Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const handle: Running = {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  running.push(handle);
  return handle;
}

export async function closeAll(): Promise<void> {
  await Promise.all(running.splice(0).map((server) => server.close()));
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

/** A page as a view would render it: the boot script in the head. */
export function page(boot: { html: string } | null | undefined, body = '<h1>Home</h1>'): string {
  return `<!doctype html><html><head><title>Home</title>${boot?.html ?? ''}</head><body>${body}</body></html>`;
}

/** The settings the page's boot script assigns, parsed back; null without a boot script. */
export function settingsIn(html: string): Record<string, unknown> | null {
  const match = /<script data-intercom-identity=""[^>]*>window\.intercomSettings=(\{.*?\});\(function/.exec(html);
  return match ? (JSON.parse(match[1] as string) as Record<string, unknown>) : null;
}

/** The `name=value` pairs of a response's Set-Cookie lines, as a Cookie header. */
export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] as string)
    .join('; ');
}

/** Settings of a visitor: the workspace, and no identity or proof at all. */
export function expectVisitor(settings: Record<string, unknown> | null): void {
  if (settings === null) throw new Error('the page has no boot script');
  if (settings.app_id !== APP_ID) throw new Error(`the boot is for app ${String(settings.app_id)}`);
  const identity = ['user_id', 'email', 'name', 'user_hash', 'intercom_user_jwt'].filter((key) => key in settings);
  if (identity.length > 0) throw new Error(`a visitor's settings carry ${identity.join(', ')}`);
}
