import { IntercomIdentityError, matchUserHash, type Platform } from '@intercom-identity/core';
import { HASH_THE_USER_ID, platformSecret, secretName, signWithSecretOf, usedBy } from '../advice.js';
import { flag, parseCommandArgs, stringValue } from '../args.js';
import { type Command, SECRET_OPTIONS } from '../context.js';
import { findHashMatch, type NamedSecret } from '../doctor/proof.js';
import { UsageError } from '../errors.js';
import type { ResolvedIo } from '../io.js';
import { findPreviousSecret, note, otherPlatformSecrets, parsePlatform, resolveSecret } from '../secrets.js';

const OPTIONS = { ...SECRET_OPTIONS, email: { type: 'string' as const }, 'previous-secret': { type: 'string' as const } };

/**
 * `intercom-identity verify <identifier> <hash>`: prints valid (exit 0) or invalid (exit 1).
 * An invalid hash that is the hash of the --email, or that verifies with another platform's
 * secret from the environment, is also an error with the code of that mistake.
 */
export const verifyCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('verify', args, OPTIONS);
  if (positionals.length !== 2)
    throw new UsageError(
      `verify needs two arguments, the identifier and the hash (got ${positionals.length}): intercom-identity verify <identifier> <hash>.`,
      { command: 'verify' },
    );
  const [identifier, hash] = positionals as [string, string];
  const email = stringValue(values, 'email');
  if (email !== undefined && email.trim() === '')
    throw new UsageError('--email takes the email sent next to the user_id, such as --email alice@example.com.', {
      command: 'verify',
    });
  const platform = parsePlatform(stringValue(values, 'platform'), 'verify');
  const secret = await resolveSecret(io, {
    secretStdin: flag(values, 'secret-stdin'),
    secretFlag: stringValue(values, 'secret'),
    platform,
  });
  secrets.push(secret.value);
  // While a secret is being rotated, a hash made with the previous one still verifies.
  const previous = findPreviousSecret(io, platform, stringValue(values, 'previous-secret'));
  if (previous !== undefined) secrets.push(previous.value);
  const matched = await matchUserHash(
    previous === undefined ? secret.value : { current: secret.value, previous: previous.value },
    identifier,
    hash,
  );
  io.stdout.write(matched !== null ? 'valid\n' : 'invalid\n');
  if (previous !== undefined && matched === 'current')
    note(io.stderr, `the hash verifies with the current secret (${secret.label}), not the previous one (${previous.label}).`);
  if (previous !== undefined && matched === 'previous')
    note(
      io.stderr,
      `the hash verifies with the previous secret (${previous.label}), not the current one (${secret.label}): whatever made it still signs with the old secret. Sign with the current secret before the old one is removed in Intercom.`,
    );
  if (matched !== null) return 0;
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) {
    note(io.stderr, `a user_hash is 64 hex characters; this one has ${hash.length} characters.`);
    return 1;
  }
  const mistake = await findMistake(io, { identifier, email, hash, platform, secret: secret.value });
  if (mistake !== undefined) throw mistake;
  return 1;
};

interface Mismatch {
  identifier: string;
  email: string | undefined;
  hash: string;
  platform: Platform;
  secret: string;
}

/**
 * Whether a hash that does not verify was made from the email given with --email,
 * or with the secret of another platform that the environment holds (or both).
 */
async function findMistake(io: ResolvedIo, given: Mismatch): Promise<IntercomIdentityError | undefined> {
  const { platform } = given;
  // Labelled by platform: an error names a secret by its platform, never by its value.
  const own: NamedSecret = { kind: platform, label: platform, value: given.secret };
  const others = otherPlatformSecrets(io, platform, given.secret).map(
    ({ platform: kind, value }): NamedSecret => ({ kind, label: kind, value }),
  );
  // The positional identifier stands as the user_id: without --email it may be an email, which changes nothing here.
  const identifiers =
    given.email === undefined ? { user_id: given.identifier } : { user_id: given.identifier, email: given.email };
  const match = await findHashMatch(given.hash, identifiers, [own, ...others]);
  // Other forms of the identifier (trimmed, escaped) are the doctor's business: it sees what the page sends.
  if (match === undefined || match.form.kind !== 'exact') return undefined;
  const fromEmail = match.field === 'email';
  const signer = match.secret.kind as Platform;
  if (signer !== platform) {
    const from = fromEmail ? ' from the --email, not the user_id, and' : '';
    const alsoHash = fromEmail ? ` ${HASH_THE_USER_ID}` : '';
    return new IntercomIdentityError(
      'SECRET_WRONG_PLATFORM',
      `The hash was made${from} with ${platformSecret(signer)}, not with ${secretName(platform)}. ` +
        `${signWithSecretOf(platform)}${alsoHash} If the hash is for ${usedBy(signer)}, verify it with --platform ${signer}.`,
    );
  }
  if (!fromEmail) return undefined;
  return new IntercomIdentityError(
    'WRONG_IDENTIFIER_HASHED',
    `The hash was made from the --email, not from the user_id that is sent with it. ${HASH_THE_USER_ID}`,
  );
}
