/**
 * Cross-origin access to the proof endpoint: a single-page app on another
 * origin (`app.example.com` calling `api.example.com`) reads its user's proof
 * with the session cookie, so the endpoint must name that origin and allow
 * credentials. Only origins on an explicit list get that answer: never `*`,
 * which browsers refuse together with credentials and which would hand the
 * proof to any site the user visits.
 */
import { describeValue } from './describe.js';
import { fail } from './errors.js';

/** The methods and request headers a cross-origin caller of the proof endpoint may use. */
const ALLOWED_METHODS = 'GET, HEAD, POST';
const ALLOWED_HEADERS = ['accept', 'authorization', 'content-type'];
/** How long a browser may keep a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * Checks the allowed origins of the config (`allowedOrigins`, or
 * `INTERCOM_IDENTITY_ALLOWED_ORIGINS` as a comma list) and gives them in their
 * canonical form (`https://app.example.com`, lower case, no default port). Each
 * must be a whole origin: scheme, host and port, nothing else. `*`, a path, a
 * wildcard host or a `null` origin is refused, with `ALLOWED_ORIGIN_INVALID`.
 */
export function resolveAllowedOrigins(raw: unknown, label: string): readonly string[] {
  if (raw === undefined || raw === null) return Object.freeze([]);
  const list =
    typeof raw === 'string'
      ? raw.split(',')
      : Array.isArray(raw)
        ? raw
        : fail(
            'ALLOWED_ORIGIN_INVALID',
            `${label} is ${describeValue(raw)}; pass a list of origins such as ['https://app.example.com'].`,
          );
  const origins: string[] = [];
  for (const [index, entry] of list.entries()) {
    if (typeof entry !== 'string')
      fail('ALLOWED_ORIGIN_INVALID', `Entry ${index + 1} of ${label} is ${describeValue(entry)}; each origin is a string.`);
    const value = entry.trim();
    if (value === '' && typeof raw === 'string') continue;
    origins.push(canonicalOrigin(value, `entry ${index + 1} of ${label}`));
  }
  return Object.freeze([...new Set(origins)]);
}

function canonicalOrigin(value: string, where: string): string {
  if (value.includes('*'))
    fail(
      'ALLOWED_ORIGIN_INVALID',
      `${where} is a wildcard. The proof endpoint answers with the user's session, so it names each allowed origin in full, such as https://app.example.com.`,
    );
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin === 'null')
    fail('ALLOWED_ORIGIN_INVALID', `${where} is not an http(s) origin; write it as https://app.example.com.`);
  // An origin has no path, query, fragment or credentials: a value with any of them is not what the browser sends.
  // (A default port, `:443` on https, is fine: the browser leaves it out, and so does the canonical form.)
  if (
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.pathname !== '/' ||
    /[?#]/.test(value) ||
    !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)
  )
    fail(
      'ALLOWED_ORIGIN_INVALID',
      `${where} is not a bare origin: write only the scheme, host and port, such as https://app.example.com, with no path.`,
    );
  return url.origin;
}

/** Whether the browser says the request comes from another site or origin (no header: not a browser, or an old one). */
function crossOriginFetch(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  return site === 'cross-site' || site === 'same-site';
}

/** What {@link corsDecision} says of a request. */
export type CorsDecision =
  /** No `Origin` of another origin: answer as usual, with no CORS header. */
  | { kind: 'none' }
  /** An allowed origin: answer, and add these headers. */
  | { kind: 'allowed'; headers: Record<string, string> }
  /** A browser on an origin that is not on the list: refuse without asking for the session. */
  | { kind: 'refused' };

/**
 * What the proof endpoint does with a request's `Origin`. Same-origin calls
 * and callers without a browser (a mobile app sends no `Origin`) get no CORS
 * header. A browser call from an origin on the list gets that origin back with
 * `Access-Control-Allow-Credentials: true`. A browser call from any other site
 * (as `Sec-Fetch-Site` says) is refused before the session is read: the browser
 * would not let its script read the answer anyway, and the server has no
 * reason to sign it.
 */
export function corsDecision(request: Request, allowed: readonly string[]): CorsDecision {
  const origin = request.headers.get('origin');
  if (origin === null) return { kind: 'none' };
  if (allowed.includes(origin.toLowerCase()))
    return {
      kind: 'allowed',
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        vary: 'Origin, Cookie, Authorization',
      },
    };
  // Without Sec-Fetch-Site (not a browser, or an old one) nothing is refused: no
  // CORS header means no script of another origin can read the answer anyway.
  return crossOriginFetch(request) ? { kind: 'refused' } : { kind: 'none' };
}

/**
 * The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`)
 * from an allowed origin: 204 with the methods, the request headers it may send
 * and how long to keep the answer.
 */
export function preflightHeaders(request: Request, allowedHeaders: Record<string, string>): Record<string, string> {
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => ALLOWED_HEADERS.includes(name));
  return {
    ...allowedHeaders,
    'access-control-allow-methods': ALLOWED_METHODS,
    ...(asked.length > 0 ? { 'access-control-allow-headers': asked.join(', ') } : {}),
    'access-control-max-age': PREFLIGHT_MAX_AGE,
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
}
