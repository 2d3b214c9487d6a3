import { describe, expect, it } from 'vitest';
import { expectedHash, run, useSecret } from './helpers.js';

const stdinSecret = useSecret();
const envSecret = useSecret();
const flagSecret = useSecret();
const iosSecret = useSecret();
const androidSecret = useSecret();

/** Which of the secrets a printed hash was made with. */
function madeWith(stdout: string, identifier = 'u_1'): string | undefined {
  const named: Record<string, string> = {
    stdin: stdinSecret,
    env: envSecret,
    flag: flagSecret,
    ios: iosSecret,
    android: androidSecret,
  };
  return Object.keys(named).find((name) => expectedHash(named[name] as string, identifier) === stdout.trim());
}

describe('where the secret comes from', () => {
  it('--secret-stdin reads all of stdin and strips one trailing newline', async () => {
    for (const stdin of [stdinSecret, `${stdinSecret}\n`, `${stdinSecret}\r\n`]) {
      const result = await run(['hash', 'u_1', '--secret-stdin'], { stdin });
      expect(result.code).toBe(0);
      expect(madeWith(result.stdout)).toBe('stdin');
    }
  });

  it('--secret-stdin reads a stream in chunks', async () => {
    const result = await run(['hash', 'u_1', '--secret-stdin'], {
      stdinChunks: [stdinSecret.slice(0, 7), stdinSecret.slice(7), '\n'],
    });
    expect(madeWith(result.stdout)).toBe('stdin');
  });

  it('strips only one newline: a second one is whitespace inside the secret, SECRET_MALFORMED', async () => {
    const result = await run(['hash', 'u_1', '--secret-stdin'], { stdin: `${stdinSecret}\n\n` });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error SECRET_MALFORMED: The secret from stdin contains whitespace/);
  });

  it('INTERCOM_IDENTITY_SECRET when there is no --secret-stdin', async () => {
    const result = await run(['hash', 'u_1'], { env: { INTERCOM_IDENTITY_SECRET: envSecret } });
    expect(madeWith(result.stdout)).toBe('env');
  });

  it('trims whitespace around the env secret, as the server config does, and says so', async () => {
    const result = await run(['hash', 'u_1'], { env: { INTERCOM_IDENTITY_SECRET: `  ${envSecret}\n` } });
    expect(madeWith(result.stdout)).toBe('env');
    expect(result.stderr).toContain('INTERCOM_IDENTITY_SECRET has whitespace around it');
  });

  it('--secret when there is neither', async () => {
    const result = await run(['hash', 'u_1', '--secret', flagSecret]);
    expect(madeWith(result.stdout)).toBe('flag');
    const inline = await run(['hash', 'u_1', `--secret=${flagSecret}`]);
    expect(madeWith(inline.stdout)).toBe('flag');
  });

  it('precedence: stdin over env over --secret, with a note that --secret was ignored', async () => {
    const env = { INTERCOM_IDENTITY_SECRET: envSecret };
    const all = await run(['hash', 'u_1', '--secret-stdin', '--secret', flagSecret], { env, stdin: stdinSecret });
    expect(madeWith(all.stdout)).toBe('stdin');
    expect(all.stderr).toContain('using the secret from stdin; --secret is ignored');
    const envAndFlag = await run(['hash', 'u_1', '--secret', flagSecret], { env });
    expect(madeWith(envAndFlag.stdout)).toBe('env');
    expect(envAndFlag.stderr).toContain('using the secret from INTERCOM_IDENTITY_SECRET; --secret is ignored');
    const stdinAndEnv = await run(['hash', 'u_1', '--secret-stdin'], { env, stdin: stdinSecret });
    expect(madeWith(stdinAndEnv.stdout)).toBe('stdin');
  });

  it('a blank env variable counts as unset', async () => {
    const result = await run(['hash', 'u_1', '--secret', flagSecret], { env: { INTERCOM_IDENTITY_SECRET: '   ' } });
    expect(madeWith(result.stdout)).toBe('flag');
  });

  it('--platform ios / android reads INTERCOM_IDENTITY_SECRET_IOS / _ANDROID instead of the web one', async () => {
    const env = {
      INTERCOM_IDENTITY_SECRET: envSecret,
      INTERCOM_IDENTITY_SECRET_IOS: iosSecret,
      INTERCOM_IDENTITY_SECRET_ANDROID: androidSecret,
    };
    expect(madeWith((await run(['hash', 'u_1', '--platform', 'ios'], { env })).stdout)).toBe('ios');
    expect(madeWith((await run(['hash', 'u_1', '--platform', 'android'], { env })).stdout)).toBe('android');
    expect(madeWith((await run(['hash', 'u_1', '--platform', 'web'], { env })).stdout)).toBe('env');
    expect(madeWith((await run(['hash', 'u_1', '--platform', 'IOS'], { env })).stdout)).toBe('ios');
  });

  it('--platform ios never falls back to the web secret', async () => {
    const result = await run(['hash', 'u_1', '--platform', 'ios'], { env: { INTERCOM_IDENTITY_SECRET: envSecret } });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error SECRET_MISSING: No secret for ios\. .*INTERCOM_IDENTITY_SECRET_IOS/);
  });

  it('--platform with the other sources: stdin still wins, --secret is the last resort', async () => {
    const env = { INTERCOM_IDENTITY_SECRET_IOS: iosSecret };
    const stdin = await run(['verify', 'u_1', expectedHash(stdinSecret, 'u_1'), '--platform', 'ios', '--secret-stdin'], {
      env,
      stdin: stdinSecret,
    });
    expect(stdin).toMatchObject({ code: 0, stdout: 'valid\n' });
    const flag = await run(['hash', 'u_1', '--platform', 'android', '--secret', flagSecret], { env });
    expect(madeWith(flag.stdout)).toBe('flag');
  });

  it('an unknown --platform is PLATFORM_UNKNOWN, exit 2', async () => {
    const result = await run(['hash', 'u_1', '--platform', 'mac'], { env: { INTERCOM_IDENTITY_SECRET: envSecret } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error PLATFORM_UNKNOWN: --platform must be web, ios or android/);
  });

  it('no secret anywhere: SECRET_MISSING with what to do, exit 1, for every command', async () => {
    for (const argv of [
      ['hash', 'u_1'],
      ['verify', 'u_1', expectedHash(envSecret, 'u_1')],
      ['jwt', '--user-id', 'u_1'],
    ]) {
      const result = await run(argv, { env: {} });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'error SECRET_MISSING: No secret. Pipe it in with --secret-stdin, or set INTERCOM_IDENTITY_SECRET (Intercom > Settings > Security > Messenger).\n',
      );
    }
  });

  it('empty stdin is SECRET_MISSING, even when another source is set', async () => {
    const result = await run(['hash', 'u_1', '--secret-stdin'], { stdin: '\n', env: { INTERCOM_IDENTITY_SECRET: envSecret } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error SECRET_MISSING: stdin was empty/);
  });

  it('an Intercom access token is refused as a secret, without printing it', async () => {
    const token = useSecret(`dG9rOj${useSecret().slice(0, 30)}`);
    const result = await run(['hash', 'u_1', '--secret', token]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error SECRET_IS_ACCESS_TOKEN: The secret from --secret looks like an Intercom access token/);
  });
});

describe('the secret is never printed', () => {
  const env = { INTERCOM_IDENTITY_SECRET: envSecret, INTERCOM_IDENTITY_SECRET_IOS: iosSecret };

  // run() itself fails when stdout or stderr holds any secret: these are the runs most likely to leak.
  it.each([
    ['a usage error after --secret', ['hash', '--secret', flagSecret]],
    ['an unknown option with the secret as its value', ['hash', 'u_1', `--secrte=${flagSecret}`]],
    ['a boolean option given the secret', ['hash', 'u_1', `--secret-stdin=${flagSecret}`]],
    ['the secret typed as the command', [flagSecret]],
    ['the secret typed as an extra argument', ['hash', flagSecret, 'u_1', '--secret', flagSecret]],
    ['the secret as the --platform', ['hash', 'u_1', '--platform', envSecret]],
    ['the secret as the identifier', ['hash', envSecret]],
    ['help with a secret around', ['hash', '--help', '--secret', flagSecret]],
    ['the main help', ['--help']],
    ['help of jwt', ['help', 'jwt']],
    ['a core error', ['hash', ' ', '--secret', flagSecret]],
    ['verify with the secret as the hash', ['verify', 'u_1', envSecret]],
    ['jwt with the secret as a claim', ['jwt', '--user-id', 'u_1', '--name', iosSecret, '--expires-in', envSecret]],
  ])('%s', async (_name, argv) => {
    const result = await run(argv, { env });
    expect(result.stdout + result.stderr).not.toBe('');
  });

  it('a string that may be a secret, typed as the command, is not echoed', async () => {
    const result = await run([flagSecret, '--secret', flagSecret]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command\. Commands: /);
  });
});
