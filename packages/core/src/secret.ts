import { describeValue } from './describe.js';
import { fail } from './errors.js';

/** Longest secret accepted. Intercom's secrets are about 40 characters. */
export const MAX_SECRET_LENGTH = 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Intercom access tokens are base64 of "tok:...". They are not signing secrets.
const ACCESS_TOKEN_PREFIX = 'dG9rO';

/**
 * Checks a secret passed to a low-level signing function. Errors say what is
 * wrong with it and never contain it.
 */
export function checkSecret(secret: unknown, label = 'secret'): string {
  if (typeof secret !== 'string')
    fail(
      secret === undefined || secret === null ? 'SECRET_MISSING' : 'SECRET_MALFORMED',
      `The ${label} is ${describeValue(secret)}. Pass the Identity Verification secret from Intercom's Messenger security settings as a string.`,
    );
  if (secret.trim().length === 0)
    fail(
      'SECRET_MISSING',
      `The ${label} is empty or blank. Set INTERCOM_IDENTITY_SECRET to the secret from Intercom's Messenger security settings.`,
    );
  if (secret.length > MAX_SECRET_LENGTH)
    fail(
      'SECRET_MALFORMED',
      `The ${label} has ${secret.length} characters, far more than an Intercom secret. Copy the secret again.`,
    );
  if (LONE_SURROGATE.test(secret))
    fail('SECRET_MALFORMED', `The ${label} contains a broken Unicode character. Copy the secret again from Intercom.`);
  return secret;
}

/** Extra checks for a secret that comes from configuration, where copy-paste mistakes happen. */
export function checkConfiguredSecret(secret: string, label: string): string {
  checkSecret(secret, label);
  if (/\s/.test(secret))
    fail('SECRET_MALFORMED', `The ${label} contains whitespace inside it. Copy the secret again from Intercom, in one piece.`);
  if (secret.startsWith(ACCESS_TOKEN_PREFIX))
    fail(
      'SECRET_IS_ACCESS_TOKEN',
      `The ${label} looks like an Intercom access token, not an Identity Verification secret. Use the secret from Settings > Security > Messenger.`,
    );
  return secret;
}

const REDACTED = '[intercom-identity secret redacted]';

/**
 * A secret that cannot be printed by accident: `String()`, `JSON.stringify()` and
 * `console.log()` all show a placeholder. Call `reveal()` to sign with it.
 *
 * @example
 * ```ts
 * import { Secret } from '@intercom-identity/core';
 * const secret = new Secret('s3cr3t-from-intercom');
 * console.log(`${secret}`); // [intercom-identity secret redacted]
 * secret.reveal(); // 's3cr3t-from-intercom'
 * ```
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = checkSecret(value);
  }

  /** The secret itself, for signing. Never log what this returns. */
  reveal(): string {
    return this.#value;
  }

  /** Whether this secret equals another one, without revealing either. */
  equals(other: Secret | undefined): boolean {
    return other !== undefined && other.#value === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
