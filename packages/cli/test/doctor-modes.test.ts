import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/index.js';
import { expectedHash, type RunOptions, type RunResult, run, useSecret } from './helpers.js';
import { type Site, startSite } from './site.js';

// The doctor's mode checks: user_hash (deprecated by Intercom) is a warning, and in JWT mode a user
// known by email only is an error. Every run names its mode (or none) explicitly.

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site.close());

interface DoctorRun extends RunResult {
  report: DoctorReport;
  status(id: string): string | undefined;
  check(id: string): DoctorReport['checks'][number] | undefined;
}

async function doctor(path: string, args: string[], options: RunOptions = {}): Promise<DoctorRun> {
  const result = await run(['doctor', site.url(path), '--json', ...args], options);
  const report = JSON.parse(result.stdout) as DoctorReport;
  const check = (id: string) => report.checks.find((entry) => entry.id === id);
  return { ...result, report, check, status: (id) => check(id)?.status };
}

const as = (user: 'alice' | 'bob' | 'carol') => ['--cookie', `sid=${site.sessions[user]}`, '--secret-stdin'];
const withSecret = (options: RunOptions = {}): RunOptions => ({ stdin: site.secrets.web, ...options });

describe('doctor: user_hash is the compatible mode, JWT the recommended one', () => {
  it('a page that signs with user_hash warns, with the migration in one sentence; exit 0', async () => {
    const result = await doctor('/healthy', as('alice'), withSecret());
    expect(result.code).toBe(0);
    const mode = result.check('mode');
    expect(mode).toMatchObject({ status: 'warn', title: 'JWT Messenger security (user_hash is deprecated)' });
    expect(mode?.message).toBe(
      'the page signs with user_hash; Intercom calls Identity Verification (user_hash) deprecated since May 2025: it still works, but gets no updates.',
    );
    expect(mode?.fix).toBe(
      "Move to JWT: set INTERCOM_IDENTITY_MODE=jwt, deploy with enforcement still off, check that the fake Messenger's report and Intercom's show the users as verified, then enforce (docs/jwt-migration.md).",
    );
  });

  it('a setup configured for user_hash warns even on a visitor page (INTERCOM_IDENTITY_MODE or --mode)', async () => {
    for (const [args, env] of [
      [[], { INTERCOM_IDENTITY_MODE: 'user_hash' }],
      [['--mode', 'user_hash'], {}],
      [['--mode', 'USER_HASH'], { INTERCOM_IDENTITY_MODE: 'jwt' }],
    ] as const) {
      const result = await doctor('/healthy', [...args], { env });
      expect(result.status('mode')).toBe('warn');
      expect(result.check('mode')?.message).toMatch(/^the mode given is user_hash; Intercom calls .* deprecated/);
      expect(result.check('mode')?.fix).toContain('docs/jwt-migration.md');
    }
  });

  it('a JWT page passes the mode check', async () => {
    const result = await doctor('/healthy-jwt', [...as('alice'), '--mode', 'jwt'], withSecret());
    expect(result.status('mode')).toBe('pass');
    expect(result.check('mode')?.message).toBe('the page signs with JWT Messenger security (intercom_user_jwt).');
    expect(result.code).toBe(0);
  });

  it('configured for jwt but the page signs with user_hash: the server is not in JWT mode', async () => {
    const result = await doctor('/healthy', [...as('alice'), '--mode', 'jwt'], withSecret());
    expect(result.status('mode')).toBe('warn');
    expect(result.check('mode')?.message).toContain('the mode given is jwt, but the page signs with user_hash');
    // Alice has a user_id: nothing stops her from a JWT.
    expect(result.status('user-id')).toBe('pass');
  });

  it('without a proof and without a mode, the mode check is skipped', async () => {
    const result = await doctor('/healthy', []);
    expect(result.status('mode')).toBe('skip');
  });

  it('an unknown mode is a usage error, MODE_UNKNOWN, exit 2', async () => {
    for (const [args, env] of [
      [['--mode', 'hmac'], {}],
      [[], { INTERCOM_IDENTITY_MODE: 'hmac' }],
    ] as const) {
      const result = await run(['doctor', site.url('/healthy'), ...args], { env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error MODE_UNKNOWN: (--mode|INTERCOM_IDENTITY_MODE) must be user_hash or jwt\./);
    }
  });
});

describe('doctor: in JWT mode every user has a user_id', () => {
  const GIVE_USER_ID =
    'Return a stable user_id (your database id, say) from getUser for every signed-in user: a JWT needs one, and a user known by email only is refused.';

  it('a JWT without a user_id claim, next to a plain email: JWT_USER_ID_REQUIRED, exit 1', async () => {
    const result = await doctor('/jwt-no-user-id', as('alice'), withSecret());
    expect(result.check('user-id')).toMatchObject({
      status: 'fail',
      code: 'JWT_USER_ID_REQUIRED',
      message: "The page's token has no user_id claim, and the page names the user by email only.",
      fix: GIVE_USER_ID,
    });
    expect(result.code).toBe(1);
  });

  it('JWT mode with the user_hash fallback: an email-only user signed by email fails', async () => {
    const result = await doctor('/fallback-boot', [...as('carol'), '--mode', 'jwt'], withSecret());
    expect(result.check('user-id')).toMatchObject({ status: 'fail', code: 'JWT_USER_ID_REQUIRED', fix: GIVE_USER_ID });
    expect(result.check('user-id')?.message).toContain('The page names the user by email only (user_hash of the email)');
    expect(result.code).toBe(1);
    // The same page for a user with a user_id is a JWT page, and passes.
    const alice = await doctor('/fallback-boot', [...as('alice'), '--mode', 'jwt'], withSecret());
    expect(alice.status('user-id')).toBe('pass');
  });

  it('the same email-only page in a setup not known to be in JWT mode is a plain user_hash page', async () => {
    const result = await doctor('/fallback-boot', as('carol'), withSecret());
    expect(result.status('user-id')).toBe('skip');
    expect(result.status('mode')).toBe('warn');
  });

  it('an email-only user that the core boots as a visitor in JWT mode: a warning that points to --proof-endpoint', async () => {
    const result = await doctor('/jwt-boot', [...as('carol'), '--mode', 'jwt'], withSecret());
    expect(result.status('user-id')).toBe('warn');
    expect(result.check('user-id')?.message).toContain('in JWT mode a user with an email but no user_id boots as a visitor');
    expect(result.check('user-id')?.fix).toBe(
      'Run again with --proof-endpoint /api/intercom-identity to see what the server answers for this session.',
    );
    expect(result.check('identity')?.message).toContain(
      'In JWT mode, a user with an email but no user_id boots as a visitor too',
    );
  });

  it('--proof-endpoint: the endpoint’s 422 JWT_USER_ID_REQUIRED for the session is the error, exit 1', async () => {
    const before = site.requests.length;
    const result = await doctor(
      '/jwt-boot',
      [...as('carol'), '--mode', 'jwt', '--proof-endpoint', '/api/proof-jwt'],
      withSecret(),
    );
    expect(result.check('user-id')).toMatchObject({
      status: 'fail',
      code: 'JWT_USER_ID_REQUIRED',
      message:
        'the proof endpoint /api/proof-jwt refused to sign (HTTP 422): the user of this session has an email but no user_id.',
      fix: GIVE_USER_ID,
    });
    expect(result.code).toBe(1);
    const asked = site.requests.slice(before).filter((request) => request.path === '/api/proof-jwt');
    expect(asked.map((request) => request.cookie)).toEqual([`sid=${site.sessions.carol}`]);
  });

  it('--proof-endpoint: a token with a user_id passes; the fallback’s user_hash of an email fails', async () => {
    const alice = await doctor('/jwt-boot', [...as('alice'), '--proof-endpoint', '/api/proof-jwt'], withSecret());
    expect(alice.check('user-id')).toMatchObject({
      status: 'pass',
      message: "the page's token carries a user_id; the proof endpoint /api/proof-jwt signs a token with a user_id.",
    });
    const carol = await doctor(
      '/jwt-boot',
      [...as('carol'), '--mode', 'jwt', '--proof-endpoint', '/api/proof-fallback'],
      withSecret(),
    );
    expect(carol.check('user-id')).toMatchObject({ status: 'fail', code: 'JWT_USER_ID_REQUIRED' });
    expect(carol.check('user-id')?.message).toContain('signs this user by email only (a user_hash of the email), not with a JWT');
  });

  it('--proof-endpoint without a session: a 401 warning, not a pass', async () => {
    const result = await doctor('/jwt-boot', ['--mode', 'jwt', '--proof-endpoint', '/api/proof-jwt']);
    expect(result.status('user-id')).toBe('warn');
    expect(result.check('user-id')?.message).toContain('answered HTTP 401: it found no signed-in user');
  });

  it('--proof-endpoint on another origin is refused before any request: the cookies stay with the page', async () => {
    const before = site.requests.length;
    const result = await run([
      'doctor',
      site.url('/jwt-boot'),
      '--cookie',
      `sid=${site.sessions.carol}`,
      '--proof-endpoint',
      'https://elsewhere.example/api/intercom-identity',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--proof-endpoint takes a path on the same origin as the page');
    expect(site.requests.length).toBe(before);
  });

  it('a user_hash setup has nothing to check here: skipped', async () => {
    const result = await doctor(
      '/healthy',
      [...as('alice'), '--mode', 'user_hash', '--proof-endpoint', '/api/proof-hash'],
      withSecret(),
    );
    expect(result.status('user-id')).toBe('skip');
  });
});

describe('doctor and verify take the previous secret like the current one, and say which matched', () => {
  it('doctor --previous-secret: a proof made with the old secret is named as made with the previous web secret', async () => {
    const current = useSecret();
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`, '--previous-secret', site.secrets.web], {
      env: { INTERCOM_IDENTITY_SECRET: current },
    });
    expect(result.report.secrets).toEqual(['the web secret', 'the previous web secret']);
    expect(result.check('secret')).toMatchObject({ status: 'warn' });
    expect(result.check('secret')?.message).toContain('verifies with the previous web secret, not the current one');
    expect(result.status('rotation')).toBe('warn');
  });

  it('doctor --ios-previous-secret / --android-previous-secret: a web proof made with an old mobile secret is named', async () => {
    const ios = await doctor('/ios-secret', [...as('alice'), '--ios-previous-secret', site.secrets.ios], withSecret());
    expect(ios.check('secret')).toMatchObject({ status: 'fail', code: 'SECRET_WRONG_PLATFORM' });
    expect(ios.check('secret')?.message).toContain('was made with the previous iOS secret');
    const android = await doctor(
      '/android-secret',
      [...as('alice'), '--android-previous-secret', site.secrets.android],
      withSecret(),
    );
    expect(android.check('secret')?.message).toContain('was made with the previous Android secret');
  });

  it('doctor: the env variable wins over the flag, with a note', async () => {
    const unused = useSecret();
    const result = await doctor('/healthy', [...as('alice'), '--previous-secret', unused], {
      ...withSecret(),
      env: { INTERCOM_IDENTITY_SECRET_PREVIOUS: useSecret() },
    });
    expect(result.stderr).toContain(
      'using the previous secret from INTERCOM_IDENTITY_SECRET_PREVIOUS; --previous-secret is ignored.',
    );
    expect(result.check('secret')?.message).toContain('verifies with the current web secret');
  });

  it('verify --previous-secret: valid, and the note names the flag as the secret that matched', async () => {
    const current = useSecret();
    const old = useSecret();
    const env = { INTERCOM_IDENTITY_SECRET: current };
    const previous = await run(['verify', 'u_1001', expectedHash(old, 'u_1001'), '--previous-secret', old], { env });
    expect(previous).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(previous.stderr).toContain(
      'the hash verifies with the previous secret (--previous-secret), not the current one (INTERCOM_IDENTITY_SECRET)',
    );
    const now = await run(['verify', 'u_1001', expectedHash(current, 'u_1001'), `--previous-secret=${old}`], { env });
    expect(now).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(now.stderr).toContain(
      'the hash verifies with the current secret (INTERCOM_IDENTITY_SECRET), not the previous one (--previous-secret)',
    );
    const neither = await run(['verify', 'u_1001', expectedHash(useSecret(), 'u_1001'), '--previous-secret', old], { env });
    expect(neither).toMatchObject({ code: 1, stdout: 'invalid\n' });
  });

  it('verify --previous-secret goes with --platform: it is the previous secret of that platform', async () => {
    const ios = useSecret();
    const oldIos = useSecret();
    const result = await run(
      ['verify', 'u_1001', expectedHash(oldIos, 'u_1001'), '--platform', 'ios', '--previous-secret', oldIos],
      { env: { INTERCOM_IDENTITY_SECRET_IOS: ios } },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(result.stderr).toContain('the previous secret (--previous-secret)');
  });

  it('a previous secret with whitespace or an access token is refused like the current one, without printing it', async () => {
    const env = { INTERCOM_IDENTITY_SECRET: useSecret() };
    const token = useSecret(`dG9rOj${useSecret().slice(0, 30)}`);
    const result = await run(['verify', 'u_1', expectedHash(useSecret(), 'u_1'), '--previous-secret', token], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error SECRET_IS_ACCESS_TOKEN: The secret from --previous-secret looks like an Intercom access token/,
    );
  });

  it('a usage error after a --previous-secret value never shows it', async () => {
    const old = useSecret();
    // run() fails on its own when the value appears in stdout or stderr.
    const result = await run(['verify', '--previous-secret', old, '--bogus']);
    expect(result.code).toBe(2);
  });
});

describe('help lists the *_PREVIOUS variables where it lists the secret variables', () => {
  it.each([['--help'], ['verify', '--help'], ['doctor', '--help']])('%s', async (...argv) => {
    const help = (await run(argv)).stdout;
    for (const name of ['INTERCOM_IDENTITY_SECRET_PREVIOUS', 'INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS', '_ANDROID_PREVIOUS'])
      expect(help).toContain(name);
    expect(help).toContain('--previous-secret <value>');
  });

  it('doctor --help lists the platform flags for the previous secrets, --mode and --proof-endpoint', async () => {
    const help = (await run(['doctor', '--help'])).stdout;
    for (const option of [
      '--ios-previous-secret',
      '--android-previous-secret',
      '--mode <jwt|user_hash>',
      '--proof-endpoint <path>',
    ])
      expect(help).toContain(option);
  });

  it.each(['hash', 'jwt'])('%s --help says signing never uses a previous secret', async (command) => {
    const help = (await run([command, '--help'])).stdout;
    expect(help).toContain('Signing always uses the current secret: the *_PREVIOUS variables');
    expect(help).toContain('INTERCOM_IDENTITY_SECRET_PREVIOUS');
  });
});
