import { type FetchedPage, fetchPage } from './fetch.js';
import { identifierOf } from './proof.js';

/** What the proof endpoint answered for the session of the --cookie values. Never a token or an identifier. */
export interface EndpointAnswer {
  /** The endpoint's path (and query), for messages. */
  path: string;
  /** 0 when the request failed outright. */
  status: number;
  /** Why the request failed outright (refused, timed out). */
  error?: string;
  /** The `error.code` of an error answer, such as JWT_USER_ID_REQUIRED. */
  code?: string;
  /** The `type` of a proof answer. */
  type?: 'user_hash' | 'jwt';
  /** A user_hash answer: whether it names a user_id and an email. */
  userId: boolean;
  email: boolean;
  /** A jwt answer: whether its token carries a user_id claim; undefined when the token cannot be read. */
  tokenUserId?: boolean;
}

/** GET the proof endpoint with the first user's cookies, as the browser sync and the apps call it. */
export async function askProofEndpoint(
  endpoint: string,
  pageUrl: string,
  cookies: Readonly<Record<string, string>>,
  timeoutMs: number,
  decode: (token: string) => { claims: Record<string, unknown> } | undefined,
): Promise<EndpointAnswer> {
  const url = new URL(endpoint, pageUrl);
  const path = `${url.pathname}${url.search}`;
  const answer: FetchedPage = await fetchPage(url.href, cookies, timeoutMs, 'application/json');
  if (answer.error !== undefined) return { path, status: 0, error: answer.error, userId: false, email: false };
  const body = parseObject(answer.body);
  const out: EndpointAnswer = { path, status: answer.status, userId: false, email: false };
  const error = body?.error;
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string')
    out.code = (error as { code: string }).code;
  if (body?.type === 'user_hash' || body?.type === 'jwt') out.type = body.type;
  out.userId = identifierOf(body?.user_id) !== undefined;
  out.email = typeof body?.email === 'string' && body.email !== '';
  if (out.type === 'jwt' && typeof body?.intercom_user_jwt === 'string') {
    const decoded = decode(body.intercom_user_jwt);
    if (decoded !== undefined) {
      const claim = identifierOf(decoded.claims.user_id);
      out.tokenUserId = claim !== undefined && claim.trim() !== '';
    }
  }
  return out;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
