import { signUserJwt, type UserJwtClaims } from '@intercom-identity/core';
import { flag, parseCommandArgs, stringValue } from '../args.js';
import { type Command, SECRET_OPTIONS } from '../context.js';
import { UsageError } from '../errors.js';
import { parsePlatform, resolveSecret } from '../secrets.js';

const OPTIONS = {
  ...SECRET_OPTIONS,
  'user-id': { type: 'string' as const },
  email: { type: 'string' as const },
  name: { type: 'string' as const },
  'expires-in': { type: 'string' as const },
  'no-expiry': { type: 'boolean' as const },
};

/** `intercom-identity jwt --user-id ID [...]`: prints an HS256 intercom_user_jwt. */
export const jwtCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('jwt', args, OPTIONS);
  if (positionals.length > 0)
    throw new UsageError('jwt takes no arguments besides its options; pass the user with --user-id.', { command: 'jwt' });
  const userId = stringValue(values, 'user-id');
  if (userId === undefined)
    throw new UsageError('jwt needs --user-id: an Intercom user JWT must carry a user_id claim.', {
      command: 'jwt',
      code: 'JWT_USER_ID_REQUIRED',
    });
  const expiresIn = parseExpiry(stringValue(values, 'expires-in'), flag(values, 'no-expiry'));
  const platform = parsePlatform(stringValue(values, 'platform'), 'jwt');
  const secret = await resolveSecret(io, {
    secretStdin: flag(values, 'secret-stdin'),
    secretFlag: stringValue(values, 'secret'),
    platform,
  });
  secrets.push(secret.value);
  const claims: UserJwtClaims = { user_id: userId };
  const email = stringValue(values, 'email');
  if (email !== undefined) claims.email = email;
  const name = stringValue(values, 'name');
  if (name !== undefined) claims.name = name;
  const options = expiresIn === undefined ? {} : { expiresIn };
  io.stdout.write(`${await signUserJwt(secret.value, claims, options)}\n`);
  return 0;
};

function parseExpiry(raw: string | undefined, noExpiry: boolean): number | null | undefined {
  if (noExpiry) {
    if (raw !== undefined)
      throw new UsageError('give either --expires-in or --no-expiry, not both.', {
        command: 'jwt',
        code: 'JWT_EXPIRES_IN_INVALID',
      });
    return null;
  }
  if (raw === undefined) return undefined;
  const seconds = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0)
    throw new UsageError('--expires-in must be a whole number of seconds above 0, such as 3600.', {
      command: 'jwt',
      code: 'JWT_EXPIRES_IN_INVALID',
    });
  return seconds;
}
