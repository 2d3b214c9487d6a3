import { userHash } from '@intercom-identity/core';
import { flag, parseCommandArgs, stringValue } from '../args.js';
import { type Command, SECRET_OPTIONS } from '../context.js';
import { UsageError } from '../errors.js';
import { parsePlatform, resolveSecret } from '../secrets.js';

/** `intercom-identity hash <identifier>`: prints the lowercase hex user_hash. */
export const hashCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('hash', args, SECRET_OPTIONS);
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'hash needs the identifier to hash: intercom-identity hash <identifier>.'
        : `hash takes one identifier, got ${positionals.length} arguments. Quote an identifier that contains spaces.`,
      { command: 'hash' },
    );
  const platform = parsePlatform(stringValue(values, 'platform'), 'hash');
  const secret = await resolveSecret(io, {
    secretStdin: flag(values, 'secret-stdin'),
    secretFlag: stringValue(values, 'secret'),
    platform,
  });
  secrets.push(secret.value);
  io.stdout.write(`${await userHash(secret.value, positionals[0] as string)}\n`);
  return 0;
};
