import type { IntercomIdentityConfig, Platform, ResolvedConfig } from './config.js';
import { PLATFORMS } from './config.js';
import { describeValue } from './describe.js';
import { fail, type IntercomIdentityErrorCode, isIntercomIdentityError } from './errors.js';
import { createIdentity, type Identity } from './identity.js';
import type { IntercomUser } from './user.js';

/** Options of {@link createMobileHandler}. */
export interface MobileHandlerOptions {
  /**
   * The user of the session this request belongs to, or null. Read it from your
   * session cookie or bearer token, never from the request's query or body.
   */
  getUser(request: Request): IntercomUser | null | undefined | Promise<IntercomUser | null | undefined>;
  /** The config (or a resolved one). */
  config: IntercomIdentityConfig | ResolvedConfig;
}

const HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  vary: 'Cookie, Authorization',
};

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...extra } });
}

function problem(status: number, code: IntercomIdentityErrorCode, message: string, extra?: Record<string, string>): Response {
  return json(status, { error: { code, message } }, extra);
}

/**
 * The HTTP endpoint that gives the signed-in user their proof: for a site's iOS
 * or Android app (`?platform=ios|android`, signed with that platform's secret),
 * and for web JWT refresh (`?platform=web`, the default). It signs only the user
 * of the current session: an identifier in the query or body is ignored.
 *
 * - 200 `{ type: 'user_hash', platform, user_id?, email?, user_hash }` or
 *   `{ type: 'jwt', platform, intercom_user_jwt, expires_at }`
 * - 401 no session; 400 unknown platform or no secret for it; 405 other methods.
 * - Every response: `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * import { createMobileHandler, resolveConfig } from '@intercom-identity/core';
 * const handler = createMobileHandler({
 *   config: resolveConfig(process.env),
 *   getUser: async (request) => sessions.userFor(request.headers.get('cookie')),
 * });
 * export const GET = handler;
 * export const POST = handler;
 * ```
 */
export function createMobileHandler(options: MobileHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options !== 'object' || options === null)
    fail('HANDLER_OPTIONS_INVALID', `createMobileHandler needs { getUser, config }, got ${describeValue(options)}.`);
  if (typeof options.getUser !== 'function')
    fail('HANDLER_OPTIONS_INVALID', 'createMobileHandler needs getUser(request): the user of the current session, or null.');
  const identity: Identity = createIdentity(options.config);
  const { getUser } = options;

  return async function handleProofRequest(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'POST')
      return problem(405, 'METHOD_NOT_ALLOWED', 'Use GET or POST.', { allow: 'GET, POST' });
    const platform = (new URL(request.url).searchParams.get('platform') ?? 'web') as Platform;
    if (!PLATFORMS.includes(platform))
      return problem(400, 'PLATFORM_UNKNOWN', `Unknown platform "${platform.slice(0, 20)}". Use web, ios or android.`);
    if (identity.config.secrets[platform] === undefined)
      return problem(400, 'SECRET_MISSING', `This server has no ${platform} secret, so it cannot sign for ${platform}.`);

    let user: IntercomUser | null | undefined;
    try {
      user = await getUser(request);
    } catch {
      // The thrown error may hold anything; it is not ours to echo.
      return problem(500, 'SESSION_LOOKUP_FAILED', 'The session could not be read. Check the server log of getUser.');
    }
    try {
      const proof = await identity.proof(user, platform);
      if (proof === null) return problem(401, 'NO_SESSION', 'Sign in first: there is no signed-in user for this request.');
      return json(200, { app_id: identity.config.appId, ...proof });
    } catch (error) {
      if (isIntercomIdentityError(error)) {
        const status = error.code === 'JWT_USER_ID_REQUIRED' ? 422 : 500;
        return problem(status, error.code, error.message);
      }
      return problem(500, 'SESSION_LOOKUP_FAILED', 'The proof could not be made. Check the server log.');
    }
  };
}
