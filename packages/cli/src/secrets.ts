import { ENV_NAMES, IntercomIdentityError, PLATFORMS, type Platform } from '@intercom-identity/core';
import { UsageError } from './errors.js';
import { type CliOutput, type ResolvedIo, readAll } from './io.js';
import { shownWord } from './shown.js';

/** Where a secret came from, for notes and messages (never the secret itself). */
export type SecretSource = 'stdin' | 'env' | 'flag';

export interface FoundSecret {
  value: string;
  source: SecretSource;
  /** e.g. "INTERCOM_IDENTITY_SECRET_IOS" or "--secret". */
  label: string;
}

/** The environment variable that holds each platform's secret. */
export const ENV_BY_PLATFORM: Readonly<Record<Platform, string>> = {
  web: ENV_NAMES.secret,
  ios: ENV_NAMES.iosSecret,
  android: ENV_NAMES.androidSecret,
};

/** The environment variable that holds each platform's previous secret, while a secret is being rotated. */
export const PREVIOUS_ENV_BY_PLATFORM: Readonly<Record<Platform, string>> = {
  web: ENV_NAMES.previousSecret,
  ios: ENV_NAMES.iosPreviousSecret,
  android: ENV_NAMES.androidPreviousSecret,
};

/**
 * The previous secret of a platform, while a secret is being rotated: its environment variable
 * first, then the flag (visible in the process list, so the last resort), checked like the
 * current one. Undefined when neither holds one.
 */
export function findPreviousSecret(
  io: ResolvedIo,
  platform: Platform,
  flagValue?: string,
  flagName = '--previous-secret',
): FoundSecret | undefined {
  const fromEnv = secretFromEnv(io, PREVIOUS_ENV_BY_PLATFORM[platform]);
  if (fromEnv !== undefined && flagValue !== undefined)
    note(io.stderr, `using the previous secret from ${fromEnv.label}; ${flagName} is ignored.`);
  const found = fromEnv ?? (flagValue ? { value: flagValue, source: 'flag' as const, label: flagName } : undefined);
  return found === undefined ? undefined : checkCliSecret(found);
}

// Intercom access tokens are base64 of "tok:..."; they are not signing secrets.
const ACCESS_TOKEN_PREFIX = 'dG9rO';

export function parsePlatform(value: string | undefined, command: string): Platform {
  if (value === undefined) return 'web';
  const platform = value.trim().toLowerCase();
  if (!(PLATFORMS as readonly string[]).includes(platform))
    throw new UsageError(`--platform must be web, ios or android${shownWord(value).replace(/^ "(.*)"$/, ' (got "$1")')}.`, {
      command,
      code: 'PLATFORM_UNKNOWN',
    });
  return platform as Platform;
}

/** The value of an environment variable that holds a secret, or undefined when it is unset or blank. */
export function secretFromEnv(io: ResolvedIo, name: string): FoundSecret | undefined {
  const raw = io.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim();
  // The core's resolveConfig trims it too, so the CLI signs what the server signs.
  if (value !== raw) note(io.stderr, `${name} has whitespace around it (often a copied newline); it was trimmed.`);
  return { value, source: 'env', label: name };
}

export interface SecretOptions {
  secretStdin: boolean;
  secretFlag: string | undefined;
  platform: Platform;
  /** The flag's name in notes, default `--secret`. */
  flagName?: string;
}

/**
 * The secret for one run, in this order: `--secret-stdin`, then the environment
 * variable of the platform, then `--secret`. None: SECRET_MISSING.
 */
export async function resolveSecret(io: ResolvedIo, options: SecretOptions): Promise<FoundSecret> {
  const found = await findSecret(io, options);
  if (found === undefined) {
    const platform = options.platform === 'web' ? '' : ` for ${options.platform}`;
    throw new IntercomIdentityError(
      'SECRET_MISSING',
      `No secret${platform}. Pipe it in with --secret-stdin, or set ${ENV_BY_PLATFORM[options.platform]} (Intercom > Settings > Security > Messenger).`,
    );
  }
  return found;
}

/** Like {@link resolveSecret}, but undefined when no source holds a secret (the doctor works without one). */
export async function findSecret(io: ResolvedIo, options: SecretOptions): Promise<FoundSecret | undefined> {
  let found: FoundSecret | undefined;
  if (options.secretStdin) {
    if (typeof io.stdin !== 'string' && io.stdin.isTTY)
      note(io.stderr, 'reading the secret from stdin: paste it, then press Enter and Ctrl-D.');
    const text = stripOneNewline(await readAll(io.stdin));
    if (text === '')
      throw new IntercomIdentityError(
        'SECRET_MISSING',
        'stdin was empty. Pipe the secret in, e.g. `printenv INTERCOM_IDENTITY_SECRET | intercom-identity ... --secret-stdin`.',
      );
    found = { value: text, source: 'stdin', label: 'stdin' };
  }
  found ??= secretFromEnv(io, ENV_BY_PLATFORM[options.platform]);
  if (found === undefined && options.secretFlag !== undefined && options.secretFlag !== '')
    found = { value: options.secretFlag, source: 'flag', label: options.flagName ?? '--secret' };
  if (found === undefined) return undefined;
  if (found.source !== 'flag' && options.secretFlag !== undefined)
    note(io.stderr, `using the secret from ${found.label}; ${options.flagName ?? '--secret'} is ignored.`);
  return checkCliSecret(found);
}

/**
 * The secrets of the other platforms that the environment holds, so that a proof
 * made with one of them can be told apart from a wrong one. Read without notes:
 * they are not the secret this run signs or verifies with.
 */
export function otherPlatformSecrets(io: ResolvedIo, platform: Platform, used: string): { platform: Platform; value: string }[] {
  const found: { platform: Platform; value: string }[] = [];
  for (const other of PLATFORMS) {
    const value = io.env[ENV_BY_PLATFORM[other]]?.trim();
    if (other !== platform && value && value !== used && !found.some((entry) => entry.value === value))
      found.push({ platform: other, value });
  }
  return found;
}

/** Checks that catch copy-paste mistakes, as the core does for configured secrets. Messages never hold the secret. */
export function checkCliSecret(found: FoundSecret): FoundSecret {
  if (/\s/.test(found.value))
    throw new IntercomIdentityError(
      'SECRET_MALFORMED',
      `The secret from ${found.label} contains whitespace. Copy the secret again from Intercom, in one piece.`,
    );
  if (found.value.startsWith(ACCESS_TOKEN_PREFIX))
    throw new IntercomIdentityError(
      'SECRET_IS_ACCESS_TOKEN',
      `The secret from ${found.label} looks like an Intercom access token, not an Identity Verification secret. Use the secret from Settings > Security > Messenger.`,
    );
  return found;
}

/** Removes one trailing newline (`\n` or `\r\n`), as `echo` and most editors add one. */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

export function note(stderr: CliOutput, message: string): void {
  stderr.write(`note: ${message}\n`);
}
