// Property-based tests of signing: for random identifiers and secrets, both
// builds of the core (node:crypto and Web Crypto) give what node:crypto's
// createHmac gives when called directly. fast-check prints the seed and the
// shrunk counterexample on failure; `fc.assert(..., { seed, path })` replays one.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundles } from './support/load.js';

const hmac = (secret: string, message: string) => createHmac('sha256', secret).update(message, 'utf8');
const part = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const NOW = 1_700_000_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the core refuses identifiers with control characters
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Strings of any code point (never a lone surrogate): ASCII, the whole of Unicode, and long ones. */
const text = (constraints: { minLength?: number; maxLength?: number }) =>
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', ...constraints }),
    fc.string({ unit: 'binary', ...constraints }),
    fc.string({ unit: 'grapheme', ...constraints }),
  );

/** Identifiers the core signs: not blank and without control characters; up to hundreds of bytes. */
const identifiers = fc
  .oneof(text({ minLength: 1, maxLength: 24 }), text({ minLength: 65, maxLength: 300 }))
  .filter((id) => id.trim() !== '' && !CONTROL.test(id));

/**
 * Secrets the core signs with (checkSecret: a string, not blank, at most 1,024
 * UTF-16 units, no lone surrogate): ASCII up to one SHA-256 block (64 bytes,
 * the Node build's fast path), longer than a block (hashed first, RFC 2104),
 * and non-ASCII ones, whose UTF-8 bytes outnumber their characters.
 */
const secrets = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 64 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 65, maxLength: 1024 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 17, maxLength: 200 }),
  )
  .filter((secret) => secret.trim() !== '' && secret.length <= 1024);

describe.each(bundles)('%s, for random identifiers and secrets', (_label, core) => {
  it('userHash is HMAC-SHA256 of the identifier as node:crypto computes it', async () => {
    await fc.assert(
      fc.asyncProperty(secrets, identifiers, async (secret, identifier) => {
        expect(await core.userHash(secret, identifier)).toBe(hmac(secret, identifier).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('signUserJwt is the HS256 token of the claims as node:crypto computes it', async () => {
    await fc.assert(
      fc.asyncProperty(
        secrets,
        identifiers,
        fc.option(identifiers, { nil: undefined }),
        // Any string: a lone surrogate in a plain claim is escaped by JSON, so it signs too.
        fc.option(
          fc.string({ unit: 'binary', maxLength: 30 }).map((name) => `${name}\uD800`),
          { nil: undefined },
        ),
        fc.integer({ min: 1, max: 86_400 }),
        async (secret, userId, email, name, expiresIn) => {
          const claims = { user_id: userId, ...(email === undefined ? {} : { email }), ...(name === undefined ? {} : { name }) };
          const signingInput = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, iat: NOW, exp: NOW + expiresIn })}`;
          const expected = `${signingInput}.${hmac(secret, signingInput).digest('base64url')}`;
          expect(await core.signUserJwt(secret, claims, { now: NOW, expiresIn })).toBe(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A secret the core refuses, and the code it refuses it with. */
type Refused = { secret: unknown; code: 'SECRET_MISSING' | 'SECRET_MALFORMED' };

const refusedSecrets: fc.Arbitrary<Refused> = fc.oneof(
  fc.constantFrom<Refused>({ secret: undefined, code: 'SECRET_MISSING' }, { secret: null, code: 'SECRET_MISSING' }),
  // Empty, or only what String.prototype.trim removes (spaces, tabs, line ends, NBSP, BOM, ideographic space...).
  fc
    .string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00A0', '\uFEFF', '\u2028', '\u3000', '\u2003') })
    .map((secret): Refused => ({ secret, code: 'SECRET_MISSING' })),
  // Not a string at all.
  fc
    .oneof(fc.double(), fc.boolean(), fc.array(fc.string()), fc.dictionary(fc.string(), fc.string()), fc.bigInt())
    .map((secret): Refused => ({ secret, code: 'SECRET_MALFORMED' })),
  // Longer than any Intercom secret (1,024 UTF-16 units).
  fc
    .string({ unit: 'grapheme-ascii', minLength: 1025, maxLength: 2048 })
    .filter((secret) => secret.length > 1024)
    .map((secret): Refused => ({ secret, code: 'SECRET_MALFORMED' })),
  // A lone surrogate (a broken copy): a high one not followed by a low one, or a low one on its own.
  fc
    .tuple(secrets, fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF'), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }))
    .map(([secret, lone, tail]) => `${secret}${lone}${tail}`)
    .filter((secret) => secret.length <= 1024)
    .map((secret): Refused => ({ secret, code: 'SECRET_MALFORMED' })),
);

/** Whether an error's message shows a secret (or a long piece of one). */
function shows(message: string, secret: unknown): boolean {
  if (typeof secret !== 'string' || secret.trim().length < 6) return false;
  return message.includes(secret) || message.includes(secret.slice(0, 16));
}

describe.each(bundles)('%s, for secrets the core refuses', (_label, core) => {
  it('userHash and signUserJwt reject with the stable code, sign nothing and never show the secret', async () => {
    await fc.assert(
      fc.asyncProperty(refusedSecrets, identifiers, async ({ secret, code }, identifier) => {
        const attempts = [
          () => core.userHash(secret as string, identifier),
          () => core.signUserJwt(secret as string, { user_id: identifier }, { now: NOW }),
        ];
        for (const attempt of attempts) {
          // A promise that rejects, never a synchronous throw and never a result.
          const outcome = attempt();
          expect(outcome).toBeInstanceOf(Promise);
          const error = await outcome.then(
            (value) => {
              throw new Error(`signed with a refused secret: ${value.length} characters`);
            },
            (reason: unknown) => reason,
          );
          expect(error).toBeInstanceOf(core.IntercomIdentityError);
          expect((error as InstanceType<typeof core.IntercomIdentityError>).code).toBe(code);
          expect(shows((error as Error).message, secret)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
