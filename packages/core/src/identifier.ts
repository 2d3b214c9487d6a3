import { describeValue } from './describe.js';
import { fail } from './errors.js';

/** Longest identifier we sign, in UTF-16 code units. Intercom's own limits are far below. */
export const MAX_IDENTIFIER_LENGTH = 65_536;

// A lone surrogate cannot be encoded as UTF-8: it would be signed as U+FFFD and
// sent as something else. NUL and other C0 controls never belong in an id.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;

export type IdentifierField = 'user_id' | 'email' | 'identifier';

/**
 * The exact string that is both hashed and sent for an identifier. Strings are
 * taken byte for byte (no trimming, no lowercasing); whole non-negative numbers
 * become their decimal string. Anything else is an error with a code.
 */
export function toIdentifier(value: unknown, field: IdentifierField): string {
  if (typeof value === 'string') {
    if (value.length === 0) fail('IDENTIFIER_EMPTY', `${field} is an empty string. Send a real ${field}, or leave it out.`);
    if (value.trim().length === 0)
      fail('IDENTIFIER_EMPTY', `${field} contains only whitespace. Send a real ${field}, or leave it out.`);
    if (value.length > MAX_IDENTIFIER_LENGTH)
      fail(
        'IDENTIFIER_TOO_LONG',
        `${field} has ${value.length} characters; the limit is ${MAX_IDENTIFIER_LENGTH}. Use a short, stable id.`,
      );
    if (LONE_SURROGATE.test(value))
      fail(
        'IDENTIFIER_INVALID',
        `${field} contains a lone UTF-16 surrogate, which cannot be sent as UTF-8. Fix the string before signing it.`,
      );
    if (CONTROL.test(value))
      fail(
        'IDENTIFIER_INVALID',
        `${field} contains a control character (such as NUL or a newline). Send the identifier without it.`,
      );
    return value;
  }
  if (field !== 'email') {
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0)) return String(value);
      fail(
        'IDENTIFIER_INVALID',
        `${field} is ${describeValue(value)}; a numeric id must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}. Pass larger ids as strings.`,
      );
    }
    if (typeof value === 'bigint') {
      if (value >= BigInt(0)) return value.toString(10);
      fail('IDENTIFIER_INVALID', `${field} is a negative bigint. Pass the id as a string.`);
    }
  }
  if (value === undefined || value === null)
    fail('IDENTIFIER_MISSING', `${field} is ${describeValue(value)}. Pass the ${field} of the signed-in user.`);
  return fail(
    'IDENTIFIER_INVALID',
    `${field} must be a string${field === 'email' ? '' : ' or a whole number'}, got ${describeValue(value)}.`,
  );
}
