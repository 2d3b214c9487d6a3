import { ENV_NAMES, isIntercomIdentityError } from '@intercom-identity/core';
import { wantsHelp } from './args.js';
import { doctorCommand } from './commands/doctor.js';
import { explainCommand } from './commands/explain.js';
import { hashCommand } from './commands/hash.js';
import { jwtCommand } from './commands/jwt.js';
import { verifyCommand } from './commands/verify.js';
import type { Command, CommandContext } from './context.js';
import { CliError, UsageError } from './errors.js';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import { type CliIo, type CliOutput, resolveIo } from './io.js';
import { redact } from './secret-forms.js';
import { shownWord } from './shown.js';
import { cliVersion } from './version.js';

const COMMANDS: Readonly<Record<string, Command>> = {
  hash: hashCommand,
  verify: verifyCommand,
  jwt: jwtCommand,
  doctor: doctorCommand,
  explain: explainCommand,
};

// Flags whose value is a secret: known before parsing, so even a usage error cannot echo one.
const SECRET_FLAGS = [
  '--secret',
  '--ios-secret',
  '--android-secret',
  '--also-secret',
  '--previous-secret',
  '--ios-previous-secret',
  '--android-previous-secret',
];
const SECRET_ENV = [
  ENV_NAMES.secret,
  ENV_NAMES.iosSecret,
  ENV_NAMES.androidSecret,
  ENV_NAMES.previousSecret,
  ENV_NAMES.iosPreviousSecret,
  ENV_NAMES.androidPreviousSecret,
];

/**
 * Runs the `intercom-identity` command line in this process and resolves to its
 * exit code: 0 success, 1 failure (an invalid hash, a failing doctor check, a
 * message that explain does not know, an error), 2 usage error. Nothing is thrown for expected errors; they are printed
 * as `error CODE: message` on stderr, and no output ever contains a secret.
 *
 * @param argv - the arguments after the program name, e.g. `process.argv.slice(2)`
 * @param io - stdin, stdout, stderr and env; each defaults to the process's own
 *
 * @example
 * ```ts
 * import { runCli } from '@intercom-identity/cli';
 * let out = '';
 * const code = await runCli(['hash', 'u_1001'], {
 *   env: { INTERCOM_IDENTITY_SECRET: 'a-secret-from-intercom-settings' },
 *   stdout: { write: (text: string) => (out += text) },
 * });
 * console.log(code, out.trim()); // 0, the 64-character user_hash
 * ```
 */
export async function runCli(argv: readonly string[], io?: CliIo): Promise<number> {
  const resolved = resolveIo(io);
  const secrets = knownSecrets(argv, resolved.env);
  const stderr: CliOutput = { write: (text: string) => resolved.stderr.write(redact(text, secrets)) };
  const context: CommandContext = { io: { ...resolved, stderr }, secrets };
  const [first, ...rest] = argv;
  let command: string | undefined;
  try {
    if (first === undefined) {
      stderr.write(MAIN_HELP);
      return 2;
    }
    if (first === '--help' || first === '-h') {
      resolved.stdout.write(MAIN_HELP);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      resolved.stdout.write(`${cliVersion()}\n`);
      return 0;
    }
    if (first === 'help') {
      const topic = rest[0];
      if (topic !== undefined && COMMAND_HELP[topic] === undefined) throw unknownCommand(topic);
      resolved.stdout.write(topic === undefined ? MAIN_HELP : (COMMAND_HELP[topic] as string));
      return 0;
    }
    if (first.startsWith('-'))
      throw new UsageError(`unknown option${shownWord(first.split('=')[0] as string)}; the command comes first.`);
    const run = COMMANDS[first];
    if (run === undefined) throw unknownCommand(first);
    command = first;
    if (wantsHelp(rest)) {
      resolved.stdout.write(COMMAND_HELP[first] as string);
      return 0;
    }
    return await run(rest, context);
  } catch (error) {
    return report(error, stderr, command);
  }
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command${shownWord(name)}. Commands: ${[...Object.keys(COMMANDS)].join(', ')}.`);
}

function report(error: unknown, stderr: CliOutput, command: string | undefined): number {
  if (error instanceof UsageError) {
    const help = error.command ?? command;
    stderr.write(`error${error.code ? ` ${error.code}` : ''}: ${error.message}\n`);
    stderr.write(`Run "intercom-identity ${help ? `${help} ` : ''}--help" for usage.\n`);
    return 2;
  }
  if (isIntercomIdentityError(error) || error instanceof CliError) {
    stderr.write(`error${error.code ? ` ${error.code}` : ''}: ${error.message}\n`);
    return 1;
  }
  // Not expected, but still no stack trace: the message alone, through the redacting stderr.
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`error: ${message}\n`);
  return 1;
}

function knownSecrets(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  for (const name of SECRET_ENV) {
    const value = env[name]?.trim();
    if (value) secrets.push(value);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    const [name, ...inline] = arg.split('=');
    if (!SECRET_FLAGS.includes(name as string)) continue;
    const value = inline.length > 0 ? inline.join('=') : argv[i + 1];
    if (value) secrets.push(value);
  }
  return secrets;
}
