import type { IntercomIdentityConfig, Logger, Platform, ResolvedConfig } from './config.js';
import { PLATFORMS } from './config.js';
import { corsDecision, preflightHeaders } from './cors.js';
import { describeValue } from './describe.js';
import { describeError, fail, IntercomIdentityError, type IntercomIdentityErrorCode, isIntercomIdentityError } from './errors.js';
import { jsonResponse, problemResponse } from './http.js';
import { createIdentity, type Identity } from './identity.js';
import type { IntercomUser } from './user.js';

/** What a `getUser` may return: the signed-in user, or null (or undefined) for a visitor. */
export type MaybeUser = IntercomUser | null | undefined;

/** Options of {@link createProofEndpoint}. */
export interface ProofEndpointOptions {
  /**
   * The user of the session this request belongs to, or null. Read it from your
   * session cookie or bearer token, never from the request's query or body.
   */
  getUser(request: Request): MaybeUser | Promise<MaybeUser>;
  /** The config (or a resolved one). */
  config: IntercomIdentityConfig | ResolvedConfig;
}

/** @deprecated Renamed {@link ProofEndpointOptions}; the old name goes in the next minor version. */
export type MobileHandlerOptions = ProofEndpointOptions;

/** The log line of a `getUser` that threw: its code, and the error's name only (its message may hold anything). */
export function sessionLookupFailed(error: unknown): IntercomIdentityError {
  if (isIntercomIdentityError(error)) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new IntercomIdentityError('SESSION_LOOKUP_FAILED', `getUser threw (${name}; its message is not logged).`);
}

/**
 * `lookup`'s answer (getUser's) within the config's `userTimeout`. Rejects with
 * what getUser threw, or with SESSION_LOOKUP_TIMEOUT once the time is up; an
 * answer or error that comes later is dropped, so a slow lookup never holds a
 * response past the limit and never decides it.
 */
export function lookupWithin(config: ResolvedConfig, lookup: () => unknown): Promise<unknown> {
  let value: unknown;
  try {
    value = lookup();
  } catch (error) {
    return Promise.reject(error);
  }
  const limit = config.userTimeout;
  // An answer that is already there (a user read from the request) needs no timer.
  if (limit === null || typeof (value as { then?: unknown } | null)?.then !== 'function') return Promise.resolve(value);
  const answer = Promise.resolve(value);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new IntercomIdentityError(
            'SESSION_LOOKUP_TIMEOUT',
            'getUser did not answer within the userTimeout option, so the request went on without a user and its late answer was ignored. Find what holds the session lookup, or raise userTimeout.',
          ),
        ),
      limit,
    );
    answer.then(
      (user) => {
        clearTimeout(timer);
        resolve(user);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// A session store that hangs makes every request time out: the line is said at
// most once a minute per logger, with how many were not said in between.
const TIMEOUT_LINE_INTERVAL_MS = 60_000;
const timeoutsTold = new WeakMap<Logger, { at: number; unsaid: number }>();

/**
 * Logs a failed session lookup: its code and the error's name only (never its
 * message, the user or a config value), then `outcome`. A timeout is said at
 * most once a minute.
 */
export function logLookupFailure(logger: Logger, error: unknown, outcome: string): void {
  const failure = sessionLookupFailed(error);
  if (failure.code !== 'SESSION_LOOKUP_TIMEOUT') {
    logger.error(`[intercom-identity] ${describeError(failure)} ${outcome}`);
    return;
  }
  const now = Date.now();
  const told = timeoutsTold.get(logger);
  if (told !== undefined && now - told.at < TIMEOUT_LINE_INTERVAL_MS) {
    told.unsaid++;
    return;
  }
  const unsaid = told === undefined || told.unsaid === 0 ? '' : ` ${told.unsaid} more timed out since the last such line.`;
  timeoutsTold.set(logger, { at: now, unsaid: 0 });
  logger.error(`[intercom-identity] ${describeError(failure)} ${outcome} (Said at most once a minute.${unsaid})`);
}

/**
 * Answers one request to the proof endpoint, for the user that `lookup` finds
 * in that request's session. Shared by {@link createProofEndpoint} and every
 * adapter's endpoint.
 */
export async function answerProofRequest(identity: Identity, request: Request, lookup: () => unknown): Promise<Response> {
  const cors = corsDecision(request, identity.config.allowedOrigins);
  if (cors.kind === 'refused')
    return problemResponse(
      403,
      'ORIGIN_NOT_ALLOWED',
      'This origin may not read the proof endpoint. Add it to INTERCOM_IDENTITY_ALLOWED_ORIGINS on the server.',
      { vary: 'Origin, Cookie, Authorization' },
    );
  const extra = cors.kind === 'allowed' ? cors.headers : {};
  if (request.method === 'OPTIONS') {
    // A preflight of an allowed origin; any other OPTIONS is told what the endpoint takes.
    if (cors.kind === 'allowed' && request.headers.has('access-control-request-method'))
      return new Response(null, { status: 204, headers: preflightHeaders(request, cors.headers) });
    return new Response(null, { status: 204, headers: { allow: 'GET, HEAD, POST, OPTIONS', ...extra } });
  }
  if (request.method === 'HEAD') {
    // HEAD is GET without the body (RFC 9110): the same status and headers, so a probe learns what GET would answer.
    const answer = await answerForSession(identity, request, lookup, extra);
    return new Response(null, { status: answer.status, headers: answer.headers });
  }
  if (request.method !== 'GET' && request.method !== 'POST')
    return problemResponse(405, 'METHOD_NOT_ALLOWED', 'Use GET, HEAD or POST.', { allow: 'GET, HEAD, POST, OPTIONS', ...extra });
  return answerForSession(identity, request, lookup, extra);
}

/**
 * Where the browser finds the Messenger of this workspace: one client build then
 * serves any workspace, and a single-page app needs no app id in its bundle.
 * Public values (every page of the site prints them); only the web gets them.
 */
function workspaceOf(identity: Identity): {
  app_id: string;
  api_base: string;
  widget_url: string;
  consent?: 'required';
  load?: 'interaction';
} {
  const { appId, apiBase, widgetUrl, consent, load } = identity.config;
  const workspace: ReturnType<typeof workspaceOf> = { app_id: appId, api_base: apiBase, widget_url: widgetUrl };
  // Said only when set, so the front end waits for consent or an interaction as the boot script would.
  if (consent === 'required') workspace.consent = consent;
  if (load === 'interaction') workspace.load = load;
  return workspace;
}

// An email-only user in JWT mode is refused the same way on every refresh: the
// endpoint says so once per user of an identity (the key holds the email but is
// never printed; past the bound, nothing more is said), as page renders do.
const refusalsTold = new WeakMap<Identity, Set<string>>();

function logRefusal(identity: Identity, error: IntercomIdentityError, user: unknown): void {
  const line = `[intercom-identity] ${describeError(error)} The proof endpoint refused to sign.`;
  if (error.code !== 'JWT_USER_ID_REQUIRED') {
    identity.config.logger.error(line);
    return;
  }
  const told = refusalsTold.get(identity) ?? new Set<string>();
  refusalsTold.set(identity, told);
  const email = (user as { email?: unknown } | null | undefined)?.email;
  const key = typeof email === 'string' ? email : '';
  if (told.has(key) || told.size >= 1000) return;
  told.add(key);
  identity.config.logger.error(`${line} (Said once per user.)`);
}

async function answerForSession(
  identity: Identity,
  request: Request,
  lookup: () => unknown,
  headers: Record<string, string>,
): Promise<Response> {
  const platform = (new URL(request.url).searchParams.get('platform') ?? 'web') as Platform;
  if (!PLATFORMS.includes(platform))
    return problemResponse(
      400,
      'PLATFORM_UNKNOWN',
      `Unknown platform "${platform.slice(0, 20)}". Use web, ios or android.`,
      headers,
    );
  // Every answer for the web names the workspace, so that a single-page app
  // boots a visitor whenever there is no proof, as a server-rendered page does.
  const workspace = platform === 'web' ? workspaceOf(identity) : { app_id: identity.config.appId };
  const refuse = (status: number, code: IntercomIdentityErrorCode, message: string) =>
    jsonResponse(status, { error: { code, message }, ...workspace }, headers);
  if (identity.config.secrets[platform] === undefined)
    return refuse(400, 'SECRET_MISSING', `This server has no ${platform} secret, so it cannot sign for ${platform}.`);

  let user: unknown;
  try {
    user = await lookupWithin(identity.config, lookup);
  } catch (error) {
    logLookupFailure(identity.config.logger, error, 'The proof endpoint answered 500.');
    if (isIntercomIdentityError(error, 'SESSION_LOOKUP_TIMEOUT'))
      return refuse(500, 'SESSION_LOOKUP_TIMEOUT', 'The session was not read in time. Check the server log of getUser.');
    // The thrown error may hold anything; it is not ours to echo.
    return refuse(500, 'SESSION_LOOKUP_FAILED', 'The session could not be read. Check the server log of getUser.');
  }
  try {
    const proof = await identity.proof(user as MaybeUser, platform);
    if (proof === null) return refuse(401, 'NO_SESSION', 'Sign in first: there is no signed-in user for this request.');
    if (platform !== 'web') return jsonResponse(200, { ...workspace, ...proof }, headers);
    // What a page rendered on the server would boot with: the proof and the plain profile (name, created_at, ...).
    const settings = await identity.bootSettings(user as MaybeUser);
    return jsonResponse(200, { ...workspace, ...proof, settings }, headers);
  } catch (error) {
    if (isIntercomIdentityError(error)) {
      logRefusal(identity, error, user);
      return refuse(error.code === 'JWT_USER_ID_REQUIRED' ? 422 : 500, error.code, error.message);
    }
    return refuse(500, 'SESSION_LOOKUP_FAILED', 'The proof could not be made. Check the server log.');
  }
}

/**
 * The proof endpoint: gives the signed-in user their proof, for a site's iOS or
 * Android app (`?platform=ios|android`, signed with that platform's secret), and
 * for web JWT refresh (`?platform=web`, the default). It signs only the user of
 * the current session: an identifier in the query or body is ignored.
 *
 * - 200 `{ app_id, type: 'user_hash', platform, user_id?, email?, user_hash }` or
 *   `{ app_id, type: 'jwt', platform, intercom_user_jwt, expires_at }`; for the
 *   web, with `api_base` and `widget_url` too, so a single-page app learns the
 *   workspace from the server, and `settings`: what a page rendered on the
 *   server would boot with (the proof and the plain profile)
 * - 401 no session; 400 unknown platform or no secret for it; 422 an email-only
 *   user in JWT mode; for the web, every answer but 405 and 403 names the workspace
 *   (`app_id`, `api_base`, `widget_url`) beside `error`, so the app boots a
 *   visitor; 405
 *   other methods (`HEAD` answers as `GET` does, without the body);
 * - Cross-origin: an `Origin` in `allowedOrigins` gets itself back with
 *   credentials allowed, and its preflight a 204; a browser call from any other
 *   site is refused with 403 `ORIGIN_NOT_ALLOWED` before the session is read.
 *   500 `SESSION_LOOKUP_FAILED` when `getUser` throws (logged with its code), 500
 *   `SESSION_LOOKUP_TIMEOUT` when it does not answer within `config.userTimeout`
 *   (default 3000 ms; its late answer is ignored).
 * - Every response: `Cache-Control: no-store`.
 *
 * Framework adapters mount the same endpoint for you; use this one on a plain
 * `Request`/`Response` server.
 *
 * @example
 * ```ts
 * import { createProofEndpoint, resolveConfig } from '@intercom-identity/core';
 * const endpoint = createProofEndpoint({
 *   config: resolveConfig(process.env),
 *   getUser: async (request) => sessions.userFor(request.headers.get('cookie')),
 * });
 * export const GET = endpoint;
 * export const POST = endpoint;
 * ```
 */
export function createProofEndpoint(options: ProofEndpointOptions): (request: Request) => Promise<Response> {
  if (typeof options !== 'object' || options === null)
    fail('HANDLER_OPTIONS_INVALID', `createProofEndpoint needs { getUser, config }, got ${describeValue(options)}.`);
  if (typeof options.getUser !== 'function')
    fail('HANDLER_OPTIONS_INVALID', 'createProofEndpoint needs getUser(request): the user of the current session, or null.');
  const identity: Identity = createIdentity(options.config);
  const { getUser } = options;
  return (request) => answerProofRequest(identity, request, () => getUser(request));
}

/** @deprecated Renamed {@link createProofEndpoint}; the old name goes in the next minor version. */
export const createMobileHandler: (options: ProofEndpointOptions) => (request: Request) => Promise<Response> =
  createProofEndpoint;
