import type { Logger } from './config.js';
import { describeError, type IntercomIdentityErrorCode, isIntercomIdentityError } from './errors.js';
import { logOnceTo } from './log.js';

// A proof answers one session: no cache keeps it, and it varies with the credentials.
const PRIVATE_JSON = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  vary: 'Cookie, Authorization',
};

/** A JSON response that no cache keeps. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...PRIVATE_JSON, ...headers } });
}

/**
 * The error answer of every endpoint of the project: `{ error: { code, message } }`,
 * never cacheable. The message is a generic sentence, never a config value.
 *
 * @example
 * ```ts
 * import { problemResponse } from '@intercom-identity/core';
 * return problemResponse(401, 'NO_SESSION', 'Sign in first.');
 * ```
 */
export function problemResponse(
  status: number,
  code: IntercomIdentityErrorCode,
  message: string,
  headers?: Record<string, string>,
): Response {
  return jsonResponse(status, { error: { code, message } }, headers);
}

/** The one sentence a public answer gives about a broken setup: what is wrong is in the server log, never in the answer. */
export const SETUP_ERROR_SENTENCE = 'The Intercom identity setup is incomplete; the server log says why.';

/**
 * The JSON answer of an endpoint whose Intercom setup is broken: 500, never
 * cacheable, `nosniff`, with the error's code and one generic sentence. The
 * error's message stays on the server: it names config variables and is meant
 * for the log, and an anonymous client has no use for it. `createEnvIdentity`
 * (and so every adapter) already logs it once; pass `logger` to have it logged
 * here instead, once per distinct error.
 *
 * @example
 * ```ts
 * import { createEnvIdentity, setupErrorResponse } from '@intercom-identity/core';
 * const setup = createEnvIdentity(() => process.env)();
 * if (!setup.ok) return setupErrorResponse(setup.error);
 * ```
 */
export function setupErrorResponse(error: unknown, logger?: Logger): Response {
  if (logger !== undefined) logOnceTo(logger)('error', `${describeError(error)} The endpoint answered 500.`);
  const code = isIntercomIdentityError(error) ? error.code : 'SETTINGS_INVALID';
  return problemResponse(500, code, SETUP_ERROR_SENTENCE);
}
