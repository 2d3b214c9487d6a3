import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run, useSecret } from './helpers.js';

const secret = useSecret();
const env = { INTERCOM_IDENTITY_SECRET: secret };
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('help and version', () => {
  it('intercom-identity --help lists every command and the secret sources, on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await run(argv, { env });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      for (const text of ['hash <identifier>', 'verify <identifier> <hash>', 'jwt --user-id', 'doctor <url>', '--secret-stdin'])
        expect(result.stdout).toContain(text);
    }
  });

  it.each(['hash', 'verify', 'jwt', 'doctor'])(
    '%s --help prints its usage, exit 0, even with other mistakes',
    async (command) => {
      for (const argv of [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
        [command, '--bogus', 'x', 'y', '--help'],
      ]) {
        const result = await run(argv, { env });
        expect(result.code).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(new RegExp(`^Usage: intercom-identity ${command} `));
      }
    },
  );

  it('the help of every signing command calls --secret the least safe source, and says why', async () => {
    for (const command of ['hash', 'verify', 'jwt', 'doctor']) {
      const help = (await run([command, '--help'])).stdout;
      const stdout = help.slice(help.indexOf('Secret (first found wins):'));
      expect(stdout).toContain('--secret <value>      least safe');
      expect(stdout).toContain('shell history');
      expect(stdout).toContain('process list');
      expect(stdout.indexOf('--secret-stdin')).toBeLessThan(stdout.indexOf('INTERCOM_IDENTITY_SECRET'));
      expect(stdout.indexOf('INTERCOM_IDENTITY_SECRET')).toBeLessThan(stdout.indexOf('--secret <value>'));
    }
  });

  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-v'])
      expect(await run([flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('-- ends the options: a later --help is an identifier', async () => {
    const result = await run(['hash', '--', '--help'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]{64}\n$/);
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it('no command: the help on stderr', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage:');
  });

  it('an unknown command is named, with the list of commands', async () => {
    for (const argv of [
      ['hsah', 'u_1'],
      ['help', 'hsah'],
    ]) {
      const result = await run(argv, { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'error: unknown command "hsah". Commands: hash, verify, jwt, doctor, explain.\nRun "intercom-identity --help" for usage.\n',
      );
    }
  });

  it('an unknown option is named, without its value, and points to the command help', async () => {
    const result = await run(['hash', 'u_1', '--scret=abc'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: unknown option "--scret" for "hash".\nRun "intercom-identity hash --help" for usage.\n');
  });

  it('an option before the command, a value for a flag, a flag without its value', async () => {
    const before = await run(['--json', 'hash', 'u_1'], { env });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('unknown option "--json"; the command comes first');
    const valued = await run(['hash', 'u_1', '--secret-stdin=yes'], { env });
    expect(valued.code).toBe(2);
    expect(valued.stderr).toContain('option --secret-stdin takes no value');
    const missing = await run(['hash', 'u_1', '--secret'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('option --secret needs a value');
  });
});
