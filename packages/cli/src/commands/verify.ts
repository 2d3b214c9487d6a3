import { verifyUserHash } from '@intercom-identity/core';
import { flag, parseCommandArgs, stringValue } from '../args.js';
import { type Command, SECRET_OPTIONS } from '../context.js';
import { UsageError } from '../errors.js';
import { note, parsePlatform, resolveSecret } from '../secrets.js';

/** `intercom-identity verify <identifier> <hash>`: prints valid (exit 0) or invalid (exit 1). */
export const verifyCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('verify', args, SECRET_OPTIONS);
  if (positionals.length !== 2)
    throw new UsageError(
      `verify needs two arguments, the identifier and the hash (got ${positionals.length}): intercom-identity verify <identifier> <hash>.`,
      { command: 'verify' },
    );
  const [identifier, hash] = positionals as [string, string];
  const platform = parsePlatform(stringValue(values, 'platform'), 'verify');
  const secret = await resolveSecret(io, {
    secretStdin: flag(values, 'secret-stdin'),
    secretFlag: stringValue(values, 'secret'),
    platform,
  });
  secrets.push(secret.value);
  const valid = await verifyUserHash(secret.value, identifier, hash);
  io.stdout.write(valid ? 'valid\n' : 'invalid\n');
  if (!valid && !/^[0-9a-fA-F]{64}$/.test(hash))
    note(io.stderr, `a user_hash is 64 hex characters; this one has ${hash.length} characters.`);
  return valid ? 0 : 1;
};
