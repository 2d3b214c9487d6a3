/**
 * Every failure the core reports, by stable code. The code is part of the public
 * API: adapters, the CLI and the doctor switch on it, and users search for it.
 */
export const ERROR_CODES = [
  'APP_ID_MISSING',
  'APP_ID_INVALID',
  'CONFIG_SWAPPED',
  'SECRET_MISSING',
  'SECRET_MALFORMED',
  'SECRET_IS_ACCESS_TOKEN',
  'SECRET_WRONG_PLATFORM',
  'SECRET_PREVIOUS_WITHOUT_CURRENT',
  'PLATFORM_UNKNOWN',
  'MODE_UNKNOWN',
  'REGION_UNKNOWN',
  'CONSENT_UNKNOWN',
  'LOAD_UNKNOWN',
  'WIDGET_URL_INVALID',
  'ALLOWED_ORIGIN_INVALID',
  'ORIGIN_NOT_ALLOWED',
  'JWT_OPTION_INVALID',
  'IDENTIFIER_MISSING',
  'IDENTIFIER_EMPTY',
  'IDENTIFIER_INVALID',
  'IDENTIFIER_TOO_LONG',
  'WRONG_IDENTIFIER_HASHED',
  'HASH_INVALID',
  'USER_INVALID',
  'ATTRIBUTE_INVALID',
  'ATTRIBUTE_RESERVED',
  'CREATED_AT_INVALID',
  'JWT_USER_ID_REQUIRED',
  'JWT_CLAIM_INVALID',
  'JWT_EXPIRES_IN_INVALID',
  'NONCE_INVALID',
  'SETTINGS_INVALID',
  'HANDLER_OPTIONS_INVALID',
  'NO_SESSION',
  'SESSION_LOOKUP_FAILED',
  'SESSION_LOOKUP_TIMEOUT',
  'USER_TIMEOUT_INVALID',
  'METHOD_NOT_ALLOWED',
  'BROWSER_IMPORT',
  'SIGNED_PAGE_CACHEABLE',
] as const;

/** A stable identifier for one kind of failure, e.g. `'SECRET_MISSING'`. */
export type IntercomIdentityErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error class of intercom-identity. `code` is stable across releases;
 * `message` says what went wrong and what to do about it. Messages never contain
 * a secret.
 *
 * @example
 * ```ts
 * import { IntercomIdentityError, userHash } from '@intercom-identity/core';
 * try {
 *   await userHash('', 'u_1');
 * } catch (error) {
 *   if (error instanceof IntercomIdentityError && error.code === 'SECRET_MISSING') {
 *     console.error(error.message);
 *   }
 * }
 * ```
 */
export class IntercomIdentityError extends Error {
  /** Stable code of this failure. */
  readonly code: IntercomIdentityErrorCode;

  constructor(code: IntercomIdentityErrorCode, message: string) {
    super(message);
    this.name = 'IntercomIdentityError';
    this.code = code;
  }

  /** Same shape the HTTP handlers send: `{ code, message }`. */
  toJSON(): { code: IntercomIdentityErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/**
 * True when `value` is an {@link IntercomIdentityError}, optionally of one code.
 * Works across bundles that each carry their own copy of the class.
 *
 * @example
 * ```ts
 * import { isIntercomIdentityError } from '@intercom-identity/core';
 * const error: unknown = new Error('x');
 * isIntercomIdentityError(error, 'SECRET_MISSING'); // false
 * ```
 */
export function isIntercomIdentityError(value: unknown, code?: IntercomIdentityErrorCode): value is IntercomIdentityError {
  if (value instanceof IntercomIdentityError) return code === undefined || value.code === code;
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return (
    candidate.name === 'IntercomIdentityError' &&
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    (code === undefined || candidate.code === code)
  );
}

export function fail(code: IntercomIdentityErrorCode, message: string): never {
  throw new IntercomIdentityError(code, message);
}

/**
 * One safe log line for a failure. An IntercomIdentityError's message is written
 * to be logged (it never holds a secret); any other error is named only, since
 * its message could hold anything.
 *
 * @example
 * ```ts
 * import { describeError } from '@intercom-identity/core';
 * console.error(`[intercom-identity] ${describeError(error)}`);
 * ```
 */
export function describeError(error: unknown): string {
  if (isIntercomIdentityError(error)) return `${error.code}: ${error.message}`;
  const name = error instanceof Error ? error.name : typeof error;
  return `unexpected ${name} (not an IntercomIdentityError; its message is not logged)`;
}
