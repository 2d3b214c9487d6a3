import { describe, expect, it } from 'vitest';
import { expectedHash, jwtPart, jwtSignedWith, run, useSecret } from './helpers.js';

const secret = useSecret();
const env = { INTERCOM_IDENTITY_SECRET: secret };

describe('hash', () => {
  it('prints the lowercase hex HMAC-SHA256 of the identifier, and nothing else', async () => {
    const result = await run(['hash', 'u_1001'], { env });
    expect(result).toEqual({ code: 0, stdout: `${expectedHash(secret, 'u_1001')}\n`, stderr: '' });
    expect(result.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the identifier byte for byte: no trimming, no lowercasing', async () => {
    for (const identifier of ['Alice@Example.com', ' u_1 ', 'Zoë Ø\u{1F600}', "O'Brien"]) {
      const result = await run(['hash', identifier], { env });
      expect(result.stdout).toBe(`${expectedHash(secret, identifier)}\n`);
    }
  });

  it('takes an identifier that starts with a dash after --', async () => {
    const result = await run(['hash', '--', '-42'], { env });
    expect(result.stdout).toBe(`${expectedHash(secret, '-42')}\n`);
  });

  it.each([
    ['', 'IDENTIFIER_EMPTY'],
    ['   ', 'IDENTIFIER_EMPTY'],
    ['\t\n', 'IDENTIFIER_EMPTY'],
    ['u_1\u0000', 'IDENTIFIER_INVALID'],
  ])('a bad identifier %j is the core error %s, exit 1, no stack', async (identifier, code) => {
    const result = await run(['hash', identifier], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^error ${code}: .+\\n$`));
    expect(result.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('needs exactly one identifier (exit 2)', async () => {
    const none = await run(['hash'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('hash needs the identifier');
    expect(none.stderr).toContain('intercom-identity hash --help');
    const two = await run(['hash', 'a', 'b'], { env });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('one identifier, got 2');
  });
});

describe('verify', () => {
  const hash = expectedHash(secret, 'u_1001');

  it('prints valid and exits 0 for the right hash', async () => {
    expect(await run(['verify', 'u_1001', hash], { env })).toEqual({ code: 0, stdout: 'valid\n', stderr: '' });
  });

  it('accepts the hash in upper case too', async () => {
    expect((await run(['verify', 'u_1001', hash.toUpperCase()], { env })).code).toBe(0);
  });

  it('prints invalid and exits 1 for another identifier, another secret or a changed hash', async () => {
    const other = useSecret();
    const cases = [
      ['u_1002', hash],
      ['U_1001', hash],
      ['u_1001', expectedHash(other, 'u_1001')],
      ['u_1001', `${hash.slice(0, 63)}${hash.endsWith('0') ? '1' : '0'}`],
    ];
    for (const [identifier, candidate] of cases) {
      const result = await run(['verify', identifier as string, candidate as string], { env });
      expect(result).toEqual({ code: 1, stdout: 'invalid\n', stderr: '' });
    }
  });

  it('says why a hash that is not 64 hex characters is invalid', async () => {
    const result = await run(['verify', 'u_1001', 'not-a-hash'], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('invalid\n');
    expect(result.stderr).toContain('64 hex characters');
  });

  it('an empty identifier is the core error, not "invalid"', async () => {
    const result = await run(['verify', '', hash], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error IDENTIFIER_EMPTY: /);
  });

  describe('says which mistake made an invalid hash, when it can tell', () => {
    const ios = useSecret();
    const android = useSecret();
    const all = { ...env, INTERCOM_IDENTITY_SECRET_IOS: ios, INTERCOM_IDENTITY_SECRET_ANDROID: android };
    const emailHash = expectedHash(secret, 'alice@example.com');

    it('the hash of the --email given next to the user_id: WRONG_IDENTIFIER_HASHED, hash the user_id', async () => {
      const result = await run(['verify', 'u_1001', emailHash, '--email', 'alice@example.com'], { env });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('invalid\n');
      expect(result.stderr).toMatch(
        /^error WRONG_IDENTIFIER_HASHED: The hash was made from the --email, not from the user_id that is sent with it\. Hash the user_id .+\n$/,
      );
      expect(result.stderr).toContain('Hash the user_id whenever one is sent');
    });

    it('the right hash is valid whatever --email says, and without --email the email hash is just invalid', async () => {
      expect(await run(['verify', 'u_1001', hash, '--email', 'alice@example.com'], { env })).toEqual({
        code: 0,
        stdout: 'valid\n',
        stderr: '',
      });
      expect(await run(['verify', 'u_1001', emailHash], { env })).toEqual({ code: 1, stdout: 'invalid\n', stderr: '' });
    });

    it('a web hash made with the iOS secret from the environment: SECRET_WRONG_PLATFORM, named by its variable', async () => {
      for (const stdin of [undefined, secret]) {
        const args = ['verify', 'u_1001', expectedHash(ios, 'u_1001'), ...(stdin ? ['--secret-stdin'] : [])];
        const result = await run(args, stdin ? { env: { INTERCOM_IDENTITY_SECRET_IOS: ios }, stdin } : { env: all });
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('invalid\n');
        expect(result.stderr).toMatch(
          /^error SECRET_WRONG_PLATFORM: The hash was made with the iOS secret \(INTERCOM_IDENTITY_SECRET_IOS\), not with the web secret\. Sign web pages with the web secret/,
        );
        expect(result.stderr).toContain('If the hash is for the iOS app, verify it with --platform ios.');
      }
    });

    it('an Android hash made with the web secret: SECRET_WRONG_PLATFORM the other way round', async () => {
      const result = await run(['verify', 'u_1001', hash, '--platform', 'android'], { env: all });
      expect(result.stdout).toBe('invalid\n');
      expect(result.stderr).toMatch(
        /^error SECRET_WRONG_PLATFORM: The hash was made with the web secret \(INTERCOM_IDENTITY_SECRET\), not with the Android secret\. Sign the proofs of the Android app with the Android secret \(INTERCOM_IDENTITY_SECRET_ANDROID\)/,
      );
      expect(result.stderr).toContain('If the hash is for a web page, verify it with --platform web.');
    });

    it('both mistakes at once: the email, hashed with another platform’s secret', async () => {
      const result = await run(['verify', 'u_1001', expectedHash(android, 'alice@example.com'), '--email', 'alice@example.com'], {
        env: all,
      });
      expect(result.stdout).toBe('invalid\n');
      expect(result.stderr).toMatch(
        /^error SECRET_WRONG_PLATFORM: The hash was made from the --email, not the user_id, and with the Android secret/,
      );
      expect(result.stderr).toContain('Hash the user_id whenever one is sent');
    });

    it('a hash that no secret or identifier given explains stays plain invalid', async () => {
      const result = await run(['verify', 'u_1001', expectedHash(useSecret(), 'u_1001'), '--email', 'alice@example.com'], {
        env: all,
      });
      expect(result).toEqual({ code: 1, stdout: 'invalid\n', stderr: '' });
    });

    it('an empty --email is a usage error', async () => {
      const result = await run(['verify', 'u_1001', hash, '--email', ''], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--email takes the email sent next to the user_id');
    });
  });

  it('needs both arguments (exit 2)', async () => {
    const result = await run(['verify', 'u_1001'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('verify needs two arguments');
  });
});

describe('jwt', () => {
  it('prints an HS256 token signed with the secret, with the claims given and a one-hour expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await run(['jwt', '--user-id', 'u_1001', '--email', 'alice@example.com', '--name', 'Alice'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const token = result.stdout.trim();
    expect(result.stdout).toBe(`${token}\n`);
    expect(jwtPart(token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = jwtPart(token, 1);
    expect(claims).toMatchObject({ user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(jwtSignedWith(token, secret)).toBe(true);
  });

  it('--expires-in sets the lifetime; --no-expiry leaves exp out', async () => {
    const short = jwtPart((await run(['jwt', '--user-id', 'u_1', '--expires-in', '900'], { env })).stdout.trim(), 1);
    expect((short.exp as number) - (short.iat as number)).toBe(900);
    const forever = await run(['jwt', '--user-id', 'u_1', '--no-expiry'], { env });
    expect(forever.code).toBe(0);
    expect(jwtPart(forever.stdout.trim(), 1)).not.toHaveProperty('exp');
  });

  it('without --user-id: JWT_USER_ID_REQUIRED, exit 2', async () => {
    const result = await run(['jwt', '--email', 'alice@example.com'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error JWT_USER_ID_REQUIRED: jwt needs --user-id/);
  });

  it('an empty or blank --user-id is the core error IDENTIFIER_EMPTY', async () => {
    for (const userId of ['', '  ']) {
      const result = await run(['jwt', '--user-id', userId], { env });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error IDENTIFIER_EMPTY: user_id /);
    }
  });

  it('a bad --expires-in, or both expiry options, is a usage error', async () => {
    for (const args of [
      ['--expires-in', '0'],
      ['--expires-in', '1h'],
      ['--expires-in', '-5'],
      ['--expires-in', '60', '--no-expiry'],
    ]) {
      const result = await run(['jwt', '--user-id', 'u_1', ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error JWT_EXPIRES_IN_INVALID: /);
    }
  });

  it('takes no positional arguments', async () => {
    const result = await run(['jwt', 'u_1'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass the user with --user-id');
  });
});

describe('verify during a secret rotation', () => {
  const previous = useSecret();
  const rotating = { INTERCOM_IDENTITY_SECRET: secret, INTERCOM_IDENTITY_SECRET_PREVIOUS: previous };

  it('a hash made with the previous secret is valid, and a note says it was the previous one', async () => {
    const result = await run(['verify', 'u_1001', expectedHash(previous, 'u_1001')], { env: rotating });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('valid\n');
    expect(result.stderr).toContain('verifies with the previous secret (INTERCOM_IDENTITY_SECRET_PREVIOUS)');
  });

  it('a hash made with the current secret is valid, and a note says it was the current one', async () => {
    const result = await run(['verify', 'u_1001', expectedHash(secret, 'u_1001')], { env: rotating });
    expect(result).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(result.stderr).toContain('verifies with the current secret (INTERCOM_IDENTITY_SECRET)');
  });

  it('a hash of neither is invalid', async () => {
    const result = await run(['verify', 'u_1001', expectedHash(useSecret(), 'u_1001')], { env: rotating });
    expect(result).toMatchObject({ code: 1, stdout: 'invalid\n' });
  });

  it('the previous secret of the platform verified: INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS for --platform ios', async () => {
    const ios = useSecret();
    const oldIos = useSecret();
    const result = await run(['verify', 'u_1001', expectedHash(oldIos, 'u_1001'), '--platform', 'ios'], {
      env: { INTERCOM_IDENTITY_SECRET_IOS: ios, INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS: oldIos },
    });
    expect(result).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(result.stderr).toContain('INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS');
  });
});
