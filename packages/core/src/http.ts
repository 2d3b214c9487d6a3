import { type IntercomIdentityErrorCode, isIntercomIdentityError } from './errors.js';

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

/**
 * The JSON answer of an endpoint whose Intercom setup is broken: 500, never
 * cacheable, with the error's code and message (never a secret).
 *
 * @example
 * ```ts
 * import { createEnvIdentity, setupErrorResponse } from '@intercom-identity/core';
 * const setup = createEnvIdentity(() => process.env)();
 * if (!setup.ok) return setupErrorResponse(setup.error);
 * ```
 */
export function setupErrorResponse(error: unknown): Response {
  if (isIntercomIdentityError(error)) return problemResponse(500, error.code, error.message);
  return problemResponse(500, 'SETTINGS_INVALID', 'The Intercom setup could not be read. Check the server log.');
}
