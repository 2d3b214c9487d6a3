import { createHmac } from 'node:crypto';
import type { ReactNode } from 'react';
import { renderToReadableStream } from 'react-dom/server';
import {
  createRequestHandler,
  type EntryContext,
  Outlet,
  type RouterContextProvider,
  Scripts,
  type ServerBuild,
  ServerRouter,
} from 'react-router';

export const APP_ID = 'rrapp123';
export const SECRET = 'web-secret-for-react-router-unit-tests-01';
export const ANDROID_SECRET = 'android-secret-for-react-router-tests-98';
export const WIDGET_URL = 'http://127.0.0.1:9/widget/{app_id}';
export const NONCE = 'bm9uY2Utb2YtdGhpcy1wYWdl';
export const ALICE = { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
export const BOB = { email: 'bob@example.com', name: 'Bob Example' };

/** The env of a complete setup (user_hash mode). */
export const ENV = {
  INTERCOM_APP_ID: APP_ID,
  INTERCOM_IDENTITY_SECRET: SECRET,
  INTERCOM_IDENTITY_SECRET_ANDROID: ANDROID_SECRET,
  INTERCOM_IDENTITY_MODE: 'user_hash',
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

// biome-ignore lint/suspicious/noExplicitAny: route modules are untyped records here, as in a server build.
type RouteModule = Record<string, any>;

/** One route of the app: its id, parent, path and module, as `react-router build` writes them. */
export interface TestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: RouteModule;
}

/**
 * The document entry React Router's default `entry.server` resembles: it
 * renders `<ServerRouter>` to a web stream and answers as soon as the shell is
 * ready, so the rest of the page (deferred data) streams after the headers.
 */
async function handleDocumentRequest(
  request: Request,
  status: number,
  headers: Headers,
  context: EntryContext,
  _loadContext: RouterContextProvider,
): Promise<Response> {
  const body = await renderToReadableStream(<ServerRouter context={context} url={request.url} nonce={NONCE} />, {
    signal: request.signal,
    nonce: NONCE,
  });
  headers.set('content-type', 'text/html');
  return new Response(body, { status, headers });
}

/** A server build of these routes, as `react-router build` makes one, for `createRequestHandler`. */
export function serverBuild(routes: TestRoute[]): ServerBuild {
  const manifest: Record<string, unknown> = {};
  const serverRoutes: Record<string, unknown> = {};
  for (const route of routes) {
    serverRoutes[route.id] = { ...route, parentId: route.parentId };
    manifest[route.id] = {
      id: route.id,
      parentId: route.parentId,
      path: route.path,
      index: route.index,
      module: `/assets/${route.id}.js`,
      hasLoader: typeof route.module.loader === 'function',
      hasAction: typeof route.module.action === 'function',
      hasClientLoader: false,
      hasClientAction: false,
      hasClientMiddleware: false,
      hasErrorBoundary: route.id === 'root',
      hasDefaultExport: typeof route.module.default === 'function',
      imports: [],
      css: [],
    };
  }
  return {
    entry: { module: { default: handleDocumentRequest } },
    routes: serverRoutes,
    assets: {
      entry: { module: '/assets/entry.client.js', imports: [] },
      url: '/assets/manifest.js',
      version: 'test',
      routes: manifest,
    },
    publicPath: '/',
    assetsBuildDirectory: 'build/client',
    future: {},
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: 'initial', manifestPath: '/__manifest' },
  } as unknown as ServerBuild;
}

/** A request handler for these routes, as react-router-serve makes one from the build. */
export function requestHandler(routes: TestRoute[]): (request: Request) => Promise<Response> {
  const handler = createRequestHandler(serverBuild(routes), 'production');
  return (request) => handler(request);
}

/** A root Layout as an app writes one: the head gets `children` from the app (the boot script). */
export function Document({ head, children }: { head: ReactNode; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>Test app</title>
        {head}
      </head>
      <body>
        {children}
        <Scripts nonce={NONCE} />
      </body>
    </html>
  );
}

export { Outlet };
