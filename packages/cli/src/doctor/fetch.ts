import { cliVersion } from '../version.js';

/** One HTTP response, as the doctor needs it. */
export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  /** Lowercased header names. */
  headers: Readonly<Record<string, string>>;
  body: string;
  /** Set when the request failed outright (refused, timed out, bad TLS). */
  error?: string;
}

// A script or page larger than this is cut: the checks read settings and look for secrets, not whole apps.
const MAX_BODY = 5 * 1024 * 1024;

export function cookieHeader(cookies: Readonly<Record<string, string>>): string | undefined {
  const pairs = Object.entries(cookies).map(([name, value]) => `${name}=${value}`);
  return pairs.length === 0 ? undefined : pairs.join('; ');
}

/** GET with the given cookies, following redirects. Never throws: failures come back in `error`. */
export async function fetchPage(
  url: string,
  cookies: Readonly<Record<string, string>>,
  timeoutMs: number,
  accept = 'text/html,application/xhtml+xml,*/*;q=0.8',
): Promise<FetchedPage> {
  const headers: Record<string, string> = {
    accept,
    'user-agent': `intercom-identity-doctor/${cliVersion()}`,
  };
  const cookie = cookieHeader(cookies);
  if (cookie !== undefined) headers.cookie = cookie;
  try {
    const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return { url, finalUrl: response.url || url, status: response.status, headers: out, body: text.slice(0, MAX_BODY) };
  } catch (error) {
    return { url, finalUrl: url, status: 0, headers: {}, body: '', error: describeFetchError(error) };
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'the request timed out';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === 'string') return cause.code;
    if (cause && typeof cause.message === 'string') return cause.message;
    return error.message;
  }
  return String(error);
}
