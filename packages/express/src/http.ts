import type { ServerResponse } from 'node:http';
import { type HeaderTarget, requestFromNode } from '@intercom-identity/core';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';

/** The web `Request` of an Express request (no body: the proof endpoint reads none). */
export function webRequestOf(req: ExpressRequest): Request {
  // originalUrl: the path and query as the client sent them, even under a mounted router.
  return requestFromNode(
    { method: req.method, url: req.originalUrl, headers: req.headers },
    { protocol: req.protocol, host: req.get('host') },
  );
}

/** Writes a web `Response` to Express's `res`: the status, every header (each Set-Cookie on its own), the body. */
export async function sendWebResponse(res: ExpressResponse, response: Response, head: boolean): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.append('Set-Cookie', cookies);
  const body = head || response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  if (body === undefined) res.end();
  else res.setHeader('Content-Length', body.length).end(body);
}

/** A response's headers as the core's cache rule edits them. */
export function headerTargetOf(res: ServerResponse): HeaderTarget {
  return {
    get: (name) => {
      const value = res.getHeader(name);
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
    },
    set: (name, value) => void res.setHeader(name, value),
    delete: (name) => res.removeHeader(name),
  };
}

type WriteHead = (this: ServerResponse, ...args: unknown[]) => ServerResponse;

/**
 * Runs `listener` once, just before the response's headers go out. Node sends
 * them through `writeHead`, called by the app or implicitly by the first
 * `write()`/`end()`, so the listener sees every header a route set. Headers
 * passed to `writeHead` itself are set first, so the listener sees those too.
 */
export function beforeHeaders(res: ServerResponse, listener: () => void): void {
  const writeHead = res.writeHead as WriteHead;
  let done = false;
  const wrapped: WriteHead = function (this: ServerResponse, ...args: unknown[]) {
    if (done) return writeHead.apply(this, args);
    done = true;
    const [status, ...rest] = args;
    const message = typeof rest[0] === 'string' ? rest.shift() : undefined;
    const headers = rest[0];
    if (Array.isArray(headers)) {
      // The flat form: [name, value, name, value, ...]; a name may repeat (Set-Cookie).
      const pairs = new Map<string, string[]>();
      for (let i = 0; i + 1 < headers.length; i += 2)
        pairs.set(String(headers[i]), [...(pairs.get(String(headers[i])) ?? []), String(headers[i + 1])]);
      for (const [name, values] of pairs) this.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    } else if (typeof headers === 'object' && headers !== null) {
      for (const [name, value] of Object.entries(headers))
        if (value !== undefined) this.setHeader(name, value as string | number | readonly string[]);
    }
    listener();
    return writeHead.apply(this, message === undefined ? [status] : [status, message]);
  };
  res.writeHead = wrapped as ServerResponse['writeHead'];
}
