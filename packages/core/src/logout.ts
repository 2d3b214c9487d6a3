/**
 * The server's half of a logout: the `Set-Cookie` lines that expire the
 * Messenger's session cookie (`intercom-session-{app_id}`), so the next person
 * on this browser does not get the last user's conversations, even when the
 * page's `Intercom('shutdown')` never ran (a logout link opened with scripts
 * off, storage cleared by the app, another subdomain).
 */
import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { messengerSessionCookie } from './script.js';

/** Options of {@link messengerLogoutCookies}. */
export interface MessengerLogoutOptions {
  /** The app id of the setup: its session cookie is expired even when the request did not send it. */
  appId?: string | undefined;
  /** The request's `Cookie` header: every `intercom-session-*` cookie it holds is expired too. */
  cookie?: string | null | undefined;
  /** The host the browser asked for (`example.com`, `app.example.com:3000`): the cookie is expired on it and its parent domains. */
  host?: string | null | undefined;
  /** A cookie domain the Messenger's cookies were set on besides those (`example.com`). */
  domain?: string | undefined;
}

const SESSION_PREFIX = 'intercom-session-';
const COOKIE_NAME = /^intercom-session-[A-Za-z0-9_-]{1,64}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EXPIRED = 'Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax';

/** The host name of a Host header, lowercase and without the port; null for an IP address or a bad name. */
function hostName(host: string): string | null {
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const labels = name.split('.');
  if (labels.length > 127 || !labels.every((label) => LABEL.test(label))) return null;
  // IPv4 addresses take no Domain attribute; IPv6 ones never get here (they hold ':').
  if (labels.every((label) => /^\d+$/.test(label))) return null;
  return name;
}

/**
 * The domains a cookie of this host may sit on: the host and each parent of it
 * with at least two labels. A browser ignores a Domain that is a public suffix
 * (`co.uk`) or does not match the page, so listing them is harmless.
 */
function cookieDomains(host: string | null | undefined, extra: string | undefined): string[] {
  const domains = new Set<string>();
  const name = typeof host === 'string' ? hostName(host) : null;
  if (name !== null) {
    const labels = name.split('.');
    for (let start = 0; start <= labels.length - 2; start++) domains.add(labels.slice(start).join('.'));
  }
  if (extra !== undefined) {
    const given = typeof extra === 'string' ? hostName(extra.replace(/^\./, '')) : null;
    if (given === null)
      fail('SETTINGS_INVALID', 'The cookie domain must be a host name such as "example.com", without scheme or port.');
    domains.add(given);
  }
  return [...domains];
}

/** The `intercom-session-*` cookie names in a `Cookie` header. */
function sessionCookiesIn(cookie: string | null | undefined): string[] {
  if (typeof cookie !== 'string') return [];
  const names: string[] = [];
  for (const part of cookie.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    if (name.startsWith(SESSION_PREFIX) && COOKIE_NAME.test(name)) names.push(name);
  }
  return names;
}

/** A cookie to expire: its name and domain (undefined: host-only), for a framework's cookie API, and its whole `Set-Cookie` value. */
export interface ExpiredCookie {
  name: string;
  domain: string | undefined;
  /** The `Set-Cookie` value that expires it (path `/`, max-age 0). */
  header: string;
}

/**
 * The Messenger session cookies a logout response expires, as name and domain
 * (for a framework's cookie API, with path `/` and max-age 0): host-only and on
 * every domain they may have been set on.
 */
export function messengerLogoutCookieList(options: MessengerLogoutOptions): ExpiredCookie[] {
  if (typeof options !== 'object' || options === null)
    fail('SETTINGS_INVALID', `messengerLogoutCookies takes { appId, cookie, host }, got ${describeValue(options)}.`);
  const names = new Set(sessionCookiesIn(options.cookie));
  if (typeof options.appId === 'string' && COOKIE_NAME.test(messengerSessionCookie(options.appId)))
    names.add(messengerSessionCookie(options.appId));
  const domains = cookieDomains(options.host, options.domain);
  const cookies: ExpiredCookie[] = [];
  for (const name of names) {
    cookies.push({ name, domain: undefined, header: `${name}=; ${EXPIRED}` });
    for (const domain of domains) cookies.push({ name, domain, header: `${name}=; Domain=${domain}; ${EXPIRED}` });
  }
  return cookies;
}

/**
 * The `Set-Cookie` values a logout response sends to expire the Messenger's
 * session cookie: host-only and on every domain it may have been set on, with
 * the path the Messenger uses (`/`). Append each one; never join them.
 *
 * @example
 * ```ts
 * import { messengerLogoutCookies } from '@intercom-identity/core';
 * for (const line of messengerLogoutCookies({ appId, cookie: request.headers.get('cookie'), host: url.host }))
 *   response.headers.append('set-cookie', line);
 * ```
 */
export function messengerLogoutCookies(options: MessengerLogoutOptions): string[] {
  return messengerLogoutCookieList(options).map((cookie) => cookie.header);
}
