/**
 * The bridge from Node's HTTP request objects (Express, Fastify, `node:http`)
 * to the web `Request` the core's endpoint takes. The proof endpoint reads the
 * method, the URL's query and the headers; it never reads a body, so none is
 * copied.
 */

/** The parts of a Node request the bridge reads; Express's `req` and Fastify's `request.raw` have them. */
export interface NodeRequestParts {
  /** `GET`, `POST`, ... */
  method?: string | undefined;
  /** The path and query, as the request line had it (`/api/intercom-identity?platform=ios`). */
  url?: string | undefined;
  /** Node's header object: lower-case names, a list for repeated headers. */
  headers: Readonly<Record<string, string | string[] | number | undefined>>;
}

/** Where the request was sent, as the framework worked it out (its proxy settings included). */
export interface NodeRequestOrigin {
  /** `http` or `https`. Default `http`. */
  protocol?: string | undefined;
  /** `example.com:3000`. Default the `Host` header, else `localhost`. */
  host?: string | undefined;
}

/**
 * A web `Request` for a Node request, without its body.
 *
 * @example
 * ```ts
 * import { requestFromNode } from '@intercom-identity/core';
 * const request = requestFromNode(req, { protocol: req.protocol, host: req.get('host') });
 * ```
 */
export function requestFromNode(incoming: NodeRequestParts, origin: NodeRequestOrigin = {}): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    // HTTP/2 pseudo-headers (`:path`) are not headers of a Request.
    if (value === undefined || name.startsWith(':')) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, String(value));
  }
  const protocol = origin.protocol === 'https' || origin.protocol === 'https:' ? 'https' : 'http';
  const host = origin.host ?? headers.get('host') ?? 'localhost';
  const path = incoming.url?.startsWith('/') ? incoming.url : '/';
  let url: URL;
  try {
    url = new URL(`${protocol}://${host}${path}`);
  } catch {
    // A Host header no URL takes: the endpoint reads only the path and the query.
    url = new URL(path, 'http://localhost');
  }
  return new Request(url, { method: (incoming.method ?? 'GET').toUpperCase(), headers });
}
