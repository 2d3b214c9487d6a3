import { IntercomIdentityError } from '@intercom-identity/core';

/** Parses `value` as an http URL on this machine; anything else is refused, so a check cannot load someone's server. */
export function loopbackUrl(value: unknown, what: string): URL {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || url.protocol !== 'http:')
    throw new IntercomIdentityError('SETTINGS_INVALID', `${what} must be an http:// URL, such as http://127.0.0.1:3000.`);
  const host = url.hostname;
  if (!(host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)))
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      `${what} points at ${host}; these checks only load servers on this machine (127.0.0.1, localhost, [::1]).`,
    );
  return url;
}
