import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny static site on 127.0.0.1: each path serves one HTML page the test wrote. */
export interface PageServer {
  url: string;
  /** Sets the page served at `path`; `head` goes into <head>, `body` into <body>. */
  page(path: string, head: string, body?: string): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://pages.invalid').pathname;
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const html = pages.get(path);
    if (html === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    page(path, head, body = '<h1>Test page</h1>') {
      pages.set(
        path,
        `<!doctype html><html><head><meta charset="utf-8"><title>${path}</title>${head}</head><body>${body}</body></html>`,
      );
      return `${url}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
