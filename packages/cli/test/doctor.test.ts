import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/index.js';
import { type RunOptions, type RunResult, run, useSecret } from './helpers.js';
import { type Site, startSite } from './site.js';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(() => site.close());

type Statuses = Record<string, string>;

interface DoctorRun extends RunResult {
  report: DoctorReport;
  statuses: Statuses;
  message(id: string): string;
}

/** Runs `doctor --json` in process; the run helper has already checked that no secret or cookie was printed. */
async function doctor(path: string, args: string[], options: RunOptions = {}): Promise<DoctorRun> {
  const result = await run(['doctor', site.url(path), '--json', ...args], options);
  const report = JSON.parse(result.stdout) as DoctorReport;
  const statuses = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
  const message = (id: string) => {
    const check = report.checks.find((entry) => entry.id === id);
    return `${check?.message} | fix: ${check?.fix}`;
  };
  return { ...result, report, statuses, message };
}

/** As a logged-in Alice, Bob as the other user, with every secret the doctor can take. */
function asAlice(path: string, extra: string[] = []): Promise<DoctorRun> {
  return doctor(
    path,
    [
      '--cookie',
      `sid=${site.sessions.alice}`,
      '--other-cookie',
      `sid=${site.sessions.bob}`,
      '--secret-stdin',
      '--android-secret',
      site.secrets.android,
      '--also-secret',
      site.secrets.other,
      ...extra,
    ],
    { stdin: `${site.secrets.web}\n`, env: { INTERCOM_IDENTITY_SECRET_IOS: site.secrets.ios } },
  );
}

// A healthy user_hash page: everything passes, but user_hash mode itself is a warning (deprecated by Intercom).
const HASH_OK: Statuses = {
  page: 'pass',
  loader: 'pass',
  identity: 'pass',
  identifier: 'pass',
  secret: 'pass',
  jwt: 'skip',
  'user-id': 'skip',
  cache: 'pass',
  'other-user': 'pass',
  exposure: 'pass',
  escaping: 'pass',
  mode: 'warn',
};
const JWT_OK: Statuses = { ...HASH_OK, jwt: 'pass', 'user-id': 'pass', mode: 'pass' };
const UNREADABLE: Statuses = {
  ...HASH_OK,
  identity: 'skip',
  identifier: 'skip',
  secret: 'skip',
  cache: 'skip',
  'other-user': 'skip',
  mode: 'skip',
};

describe('doctor on a healthy page', () => {
  it('user_hash page: every check passes (JWT does not apply), exit 0', async () => {
    const result = await asAlice('/healthy');
    expect(result.statuses).toEqual(HASH_OK);
    expect(result.code).toBe(0);
    expect(result.report.ok).toBe(true);
    expect(result.report.secrets).toEqual([
      'the web secret',
      'the iOS secret',
      'the Android secret',
      '--also-secret #1 (another workspace)',
    ]);
    expect(result.message('loader')).toContain('app_id is "abc123"');
    expect(result.message('identifier')).toContain('made from the user_id, exactly as sent');
    expect(result.message('other-user')).toContain('--other-cookie values got a proof for another user');
  });

  it('reads the core’s tagged script, not a later copy quoted in a framework payload (Next.js RSC)', async () => {
    const result = await asAlice('/healthy-next');
    expect(result.statuses).toEqual(HASH_OK);
    expect(result.code).toBe(0);
    expect(result.message('loader')).toContain('the <script data-intercom-identity> of @intercom-identity/core');
  });

  it('names the core’s tagged script as the loader when Next.js streams it after a quoted copy (Cache Components)', async () => {
    const result = await asAlice('/healthy-next-streamed');
    expect(result.statuses).toEqual(HASH_OK);
    expect(result.code).toBe(0);
    expect(result.message('loader')).toContain('loader found (the <script data-intercom-identity> of @intercom-identity/core)');
    expect(result.message('loader')).not.toContain('Intercom snippet');
    expect(result.message('identifier')).toContain('made from the user_id, exactly as sent');
  });

  it('an Intercom snippet in a next/script, found only in the RSC payload, is named as such', async () => {
    const result = await asAlice('/next-script-snippet');
    expect(result.message('loader')).toContain('loader found (an inline script in the Next.js RSC payload (a next/script, say))');
  });

  it('JWT page: every check passes, exit 0', async () => {
    const result = await asAlice('/healthy-jwt');
    expect(result.statuses).toEqual(JWT_OK);
    expect(result.code).toBe(0);
    expect(result.message('jwt')).toMatch(/HS256, signed with the web secret, user_id claim present, expires in (59|60) minutes/);
  });
});

describe('doctor names the failing check on each broken page', () => {
  it.each<[string, Statuses, string, RegExp]>([
    ['/no-loader', { loader: 'fail' }, 'loader', /no Messenger loader was found/],
    ['/no-app-id', { loader: 'fail' }, 'loader', /app_id is not set/],
    [
      '/proof-without-identifier',
      { identity: 'fail', identifier: 'skip', secret: 'skip' },
      'identity',
      /user_hash is sent without user_id or email/,
    ],
    ['/email-hashed', { identifier: 'fail' }, 'identifier', /hash must be generated with the user_id/],
    [
      '/wrong-secret',
      { identifier: 'warn', secret: 'fail' },
      'secret',
      /does not verify with the web secret \(nor with the iOS secret, the Android secret, --also-secret #1 \(another workspace\)\)/,
    ],
    ['/ios-secret', { secret: 'fail' }, 'secret', /made with the iOS secret; web pages need the web secret/],
    ['/android-secret', { secret: 'fail' }, 'secret', /made with the Android secret; web pages need the web secret/],
    [
      '/other-workspace',
      { secret: 'fail' },
      'secret',
      /made with --also-secret #1 \(another workspace\), not with this workspace's web secret/,
    ],
    ['/jwt-expired', { jwt: 'fail' }, 'jwt', /The token expired at \S+ \(60 minutes ago\)/],
    ['/jwt-no-user-id', { identifier: 'skip', jwt: 'fail', 'user-id': 'fail' }, 'jwt', /The token has no user_id claim/],
    ['/jwt-signed-plain', { jwt: 'fail' }, 'jwt', /email is signed in the token and also sent in the plain settings/],
    ['/public-cache', { cache: 'fail' }, 'cache', /Cache-Control: public, max-age=600 lets shared caches store this page/],
    ['/no-cache-header', { cache: 'fail' }, 'cache', /no Cache-Control header/],
    ['/same-proof', { 'other-user': 'fail' }, 'other-user', /a request with the --other-cookie values got the same proof/],
    ['/secret-inline', { exposure: 'fail' }, 'exposure', /the web secret is in an inline <script> of the page\./],
    ['/secret-file', { exposure: 'fail' }, 'exposure', /the web secret is in the script \/static\/config\.js \(base64\)\./],
    ['/secret-hex', { exposure: 'fail' }, 'exposure', /^the iOS secret is in the page HTML \(hex\)\./],
    [
      '/escaped',
      { escaping: 'fail' },
      'escaping',
      /the value was escaped before it was signed: the proof matches the HTML-escaped user_id "O&#39;Brien", but the page sends "O'Brien"/i,
    ],
    [
      '/escaped-after',
      { escaping: 'fail' },
      'escaping',
      /the value was escaped after it was signed: the page sends the user_id "O&#39;Brien", but the proof matches "O'Brien"/i,
    ],
    [
      '/lowercased-email',
      { identifier: 'fail' },
      'identifier',
      /made from the email lowercased, not from the exact string that is sent/,
    ],
    [
      '/jwt-other-id',
      { identifier: 'fail' },
      'identifier',
      /the token is for user_id "u_1001", but the settings send user_id "u_9999"/,
    ],
    ['/raw-u2028', { escaping: 'fail' }, 'escaping', /raw U\+2028 or U\+2029/],
    ['/raw-script-close', { escaping: 'fail' }, 'escaping', /raw <\/script: the browser ends the script there/],
  ])('%s', async (path, overrides, failing, message) => {
    const jwtPage = path.startsWith('/jwt');
    const result = await asAlice(path);
    expect(result.statuses).toEqual({ ...(jwtPage ? JWT_OK : HASH_OK), ...overrides });
    expect(result.message(failing)).toMatch(message);
    expect(result.report.checks.find((check) => check.id === failing)?.fix).toMatch(/^[A-Z].*\.$/);
    expect(result.code).toBe(1);
    expect(result.report.ok).toBe(false);
  });

  it('a JWT valid for a week, or without exp, is a warning (documented policy), exit 0', async () => {
    const week = await asAlice('/jwt-long');
    expect(week.statuses).toEqual({ ...JWT_OK, jwt: 'warn' });
    expect(week.message('jwt')).toMatch(/valid for another 7 days, far beyond a session/);
    expect(week.code).toBe(0);
    const forever = await asAlice('/jwt-no-exp');
    expect(forever.statuses).toEqual({ ...JWT_OK, jwt: 'warn' });
    expect(forever.message('jwt')).toContain('no exp, so a leaked token works forever');
  });

  it('Cache-Control private with s-maxage is a warning: some CDNs obey s-maxage', async () => {
    const result = await asAlice('/s-maxage');
    expect(result.statuses).toEqual({ ...HASH_OK, cache: 'warn' });
    expect(result.message('cache')).toContain('private but also s-maxage');
    expect(result.code).toBe(0);
  });

  it('the iOS secret used on the web is found with the secret from INTERCOM_IDENTITY_SECRET_IOS or --ios-secret', async () => {
    const viaFlag = await doctor(
      '/ios-secret',
      ['--cookie', `sid=${site.sessions.alice}`, '--secret-stdin', '--ios-secret', site.secrets.ios],
      {
        stdin: site.secrets.web,
      },
    );
    expect(viaFlag.message('secret')).toContain('made with the iOS secret');
  });

  it("settings passed as Intercom('boot', {...}) are read like intercomSettings", async () => {
    const result = await asAlice('/boot-call');
    expect(result.statuses).toEqual(HASH_OK);
    expect(result.code).toBe(0);
  });

  it('a JS object literal cannot be read without running it: says so and suggests --browser', async () => {
    const result = await asAlice('/js-literal');
    expect(result.statuses).toEqual({ ...UNREADABLE, loader: 'warn' });
    expect(result.message('loader')).toMatch(/object literal, not JSON.*Run again with --browser/);
    expect(result.code).toBe(0);
  });

  it('settings built at run time: says so and suggests --browser', async () => {
    const result = await asAlice('/runtime');
    expect(result.statuses).toEqual({ ...UNREADABLE, loader: 'warn', escaping: 'skip' });
    expect(result.message('loader')).toMatch(
      /loader found \(the script \/static\/loader\.js\).*built by JavaScript at run time.*--browser/,
    );
  });

  it('a page that sends the secret as the user_id: the exposure fails, and no output shows the secret', async () => {
    const result = await asAlice('/secret-as-id');
    expect(result.statuses.exposure).toBe('fail');
    expect(result.message('identity')).toContain('carries user_id "[secret redacted]"');
    const table = await run(['doctor', site.url('/secret-as-id'), '--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'], {
      stdin: site.secrets.web,
    });
    expect(table.stdout).toContain('[secret redacted]');
  });
});

describe('doctor names the core’s error code of the two proof mistakes it can tell', () => {
  const codes = (result: DoctorRun) =>
    Object.fromEntries(result.report.checks.filter((check) => check.code !== undefined).map((check) => [check.id, check.code]));

  it('the email hashed while a user_id is sent: WRONG_IDENTIFIER_HASHED on the identifier check', async () => {
    const result = await asAlice('/email-hashed');
    expect(codes(result)).toEqual({ identifier: 'WRONG_IDENTIFIER_HASHED' });
    expect(result.message('identifier')).toContain('fix: Hash the user_id whenever one is sent');
  });

  it.each(['/ios-secret', '/android-secret', '/jwt-android-secret'])(
    '%s: a web proof made with a mobile secret is SECRET_WRONG_PLATFORM on the secret check',
    async (path) => {
      const result = await asAlice(path);
      expect(codes(result)).toEqual({ secret: 'SECRET_WRONG_PLATFORM' });
      expect(result.message('secret')).toMatch(/fix: Sign web pages with the web secret \(INTERCOM_IDENTITY_SECRET\)/);
    },
  );

  it('both mistakes at once: each check names its own code', async () => {
    const result = await asAlice('/email-hashed-ios');
    expect(result.statuses).toEqual({ ...HASH_OK, identifier: 'fail', secret: 'fail' });
    expect(codes(result)).toEqual({ identifier: 'WRONG_IDENTIFIER_HASHED', secret: 'SECRET_WRONG_PLATFORM' });
    expect(result.message('secret')).toContain('made with the iOS secret');
  });

  it('no code where the core has none: another workspace’s secret, an unknown secret, a healthy page', async () => {
    for (const path of ['/other-workspace', '/wrong-secret', '/healthy', '/healthy-jwt'])
      expect(codes(await asAlice(path))).toEqual({});
  });

  it('without the mobile secrets a mobile-signed proof is just a wrong secret, with no code', async () => {
    const result = await doctor('/ios-secret', ['--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'], {
      stdin: site.secrets.web,
    });
    expect(result.statuses.secret).toBe('fail');
    expect(codes(result)).toEqual({});
  });

  it('the table puts the code before the message', async () => {
    const result = await run(['doctor', site.url('/ios-secret'), '--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'], {
      stdin: site.secrets.web,
      env: { INTERCOM_IDENTITY_SECRET_IOS: site.secrets.ios },
    });
    expect(result.stdout).toMatch(
      /^FAIL {2}Proof verifies with the web secret +SECRET_WRONG_PLATFORM: the user_hash was made with the iOS secret;/m,
    );
  });
});

describe('doctor reading the page’s scripts for the secret', () => {
  it('says so when the HTML names no same-origin script, instead of passing: a warning that suggests --browser', async () => {
    const result = await asAlice('/inline-only');
    expect(result.statuses).toEqual({ ...HASH_OK, exposure: 'warn' });
    expect(result.message('exposure')).toMatch(
      /^none of the secrets given \(.*\) appears in the page or its headers, but no same-origin script was scanned: the page's HTML names none\./,
    );
    expect(result.message('exposure')).toContain('fix: Run again with --browser');
    expect(result.code).toBe(0);
  });

  it('says so when the same-origin scripts the page names cannot be loaded', async () => {
    const result = await asAlice('/missing-bundle');
    expect(result.statuses).toEqual({ ...HASH_OK, exposure: 'warn' });
    expect(result.message('exposure')).toContain(
      'no same-origin script was scanned: the 1 same-origin script the page names could not be loaded.',
    );
  });

  it('counts the same-origin scripts it read when it passes', async () => {
    const result = await asAlice('/healthy');
    expect(result.message('exposure')).toMatch(/appears in the page, its headers or its 1 same-origin script, as text/);
  });
});

describe('doctor without a login, a secret or a second user', () => {
  it('as a visitor: the identity check warns, the proof checks are skipped, exit 0', async () => {
    const result = await doctor('/healthy', ['--secret-stdin'], { stdin: site.secrets.web });
    expect(result.statuses).toEqual({
      ...HASH_OK,
      identity: 'warn',
      identifier: 'skip',
      secret: 'skip',
      cache: 'skip',
      'other-user': 'skip',
      mode: 'skip',
    });
    expect(result.message('identity')).toContain('Give --cookie name=value of a logged-in session');
    expect(result.report.loggedIn).toBe(false);
    expect(result.code).toBe(0);
  });

  it('without a secret: the checks that need one warn "give --secret-stdin to check this"', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`]);
    expect(result.statuses).toEqual({ ...HASH_OK, identifier: 'warn', secret: 'warn', exposure: 'warn', escaping: 'warn' });
    for (const id of ['identifier', 'secret', 'exposure', 'escaping'])
      expect(result.message(id)).toContain('give --secret-stdin to check this');
    expect(result.report.secrets).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('without a secret the other checks still find what they can: the email hashed is not one, a public cache is', async () => {
    const result = await doctor('/public-cache', ['--cookie', `sid=${site.sessions.alice}`]);
    expect(result.statuses.cache).toBe('fail');
    expect(result.code).toBe(1);
  });

  it('the secret from INTERCOM_IDENTITY_SECRET works like --secret-stdin', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`], {
      env: { INTERCOM_IDENTITY_SECRET: site.secrets.web },
    });
    expect(result.statuses).toEqual(HASH_OK);
  });

  it('without --other-cookie the second request carries no cookie', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'], {
      stdin: site.secrets.web,
    });
    expect(result.statuses['other-user']).toBe('pass');
    expect(result.message('other-user')).toContain('a request with no cookie got no proof');
    const seen = site.requests.filter((request) => request.path === '/healthy');
    expect(seen.at(-1)?.cookie).toBeUndefined();
    expect(seen.at(-2)?.cookie).toBe(`sid=${site.sessions.alice}`);
  });

  it('a page that gives a proof to a request without any cookie fails: it gives it to everybody', async () => {
    const result = await doctor('/same-proof', ['--secret-stdin'], { stdin: site.secrets.web });
    expect(result.statuses['other-user']).toBe('fail');
    expect(result.message('other-user')).toContain('gives a proof to requests without any cookie, so to everybody');
  });
});

describe('doctor output', () => {
  const args = () => ['doctor', site.url('/email-hashed'), '--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'];

  it('prints a readable table: one line per check with its status, the fix under a failure', async () => {
    const result = await run(args(), { stdin: site.secrets.web });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`intercom-identity doctor ${site.url('/email-hashed')}`);
    expect(lines).toContainEqual(expect.stringMatching(/^PASS {2}Page loads +HTTP 200\.$/));
    const fail = lines.findIndex((line) => line.startsWith('FAIL  Proof made from the right identifier'));
    expect(lines[fail]).toContain('hash must be generated with the user_id');
    expect(lines[fail + 1]).toMatch(/^ +fix: Hash the user_id whenever one is sent/);
    expect(result.stdout).toContain('12 checks: 8 pass, 1 warn, 1 fail, 2 skip');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('colours only a terminal, and not when NO_COLOR is set', async () => {
    const tty = await run(args(), { stdin: site.secrets.web, tty: true });
    expect(tty.stdout).toContain('\x1b[31mFAIL\x1b[0m');
    expect(tty.stdout).toContain('\x1b[32mPASS\x1b[0m');
    const noColour = await run(args(), { stdin: site.secrets.web, tty: true, env: { NO_COLOR: '1' } });
    expect(noColour.stdout).not.toContain('\x1b[');
    const json = await run([...args(), '--json'], { stdin: site.secrets.web, tty: true });
    expect(json.stdout).not.toContain('\x1b[');
  });

  it('--json is one valid JSON document with every check, the summary and ok', async () => {
    const result = await run([...args(), '--json'], { stdin: site.secrets.web });
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report).toMatchObject({ url: site.url('/email-hashed'), mode: 'html', loggedIn: true, ok: false });
    expect(report.checks.map((check) => check.id)).toEqual(Object.keys(HASH_OK));
    expect(report.summary).toEqual({ pass: 8, warn: 1, fail: 1, skip: 2 });
    for (const check of report.checks) {
      expect(check.title.length).toBeGreaterThan(0);
      expect(check.fix === undefined).toBe(check.status === 'pass' || check.status === 'skip');
    }
  });
});

describe('doctor errors', () => {
  it('a page that cannot be fetched fails the page check and skips the rest, exit 1', async () => {
    const closed = await startSite();
    const url = closed.url('/healthy');
    await closed.close();
    const result = await run(['doctor', url, '--json']);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks[0]).toMatchObject({ id: 'page', status: 'fail', message: expect.stringContaining('ECONNREFUSED') });
    expect(report.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
    expect(result.code).toBe(1);
  });

  it('a 404 fails the page check', async () => {
    const result = await doctor('/nowhere', []);
    expect(result.statuses.page).toBe('fail');
    expect(result.message('page')).toContain('HTTP 404');
    expect(result.code).toBe(1);
  });

  it('usage errors exit 2 and never echo a cookie value', async () => {
    expect((await run(['doctor'])).code).toBe(2);
    const ftp = await run(['doctor', 'ftp://example.com/']);
    expect(ftp.code).toBe(2);
    expect(ftp.stderr).toContain('doctor needs an http(s) URL');
    const cookie = await run(['doctor', site.url('/healthy'), '--cookie', site.sessions.alice]);
    expect(cookie.code).toBe(2);
    expect(cookie.stderr).toContain('--cookie takes name=value');
  });

  it('--browser with no Chromium at the given path: BROWSER_UNAVAILABLE, exit 1', async () => {
    const result = await run(['doctor', site.url('/healthy'), '--browser', '--chromium', '/nonexistent/chromium']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error BROWSER_UNAVAILABLE: Chromium was not found at \/nonexistent\/chromium/);
  });
});

describe('doctor during a secret rotation (INTERCOM_IDENTITY_SECRET_PREVIOUS)', () => {
  const other = useSecret();

  it('a proof made with the current secret passes, and a line says the rotation window is open', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`], {
      env: { INTERCOM_IDENTITY_SECRET: site.secrets.web, INTERCOM_IDENTITY_SECRET_PREVIOUS: other },
    });
    expect(result.statuses).toEqual({ ...HASH_OK, rotation: 'warn' });
    expect(result.code).toBe(0);
    expect(result.report.secrets).toEqual(['the web secret', 'the previous web secret']);
    expect(result.message('secret')).toContain('verifies with the current web secret');
    expect(result.message('rotation')).toContain('the rotation window is open');
    expect(result.message('rotation')).toContain('unset the *_PREVIOUS variables');
  });

  it('a proof made with the previous secret verifies, and the secret check says the server signs with the old one', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`], {
      env: { INTERCOM_IDENTITY_SECRET: other, INTERCOM_IDENTITY_SECRET_PREVIOUS: site.secrets.web },
    });
    expect(result.statuses.secret).toBe('warn');
    expect(result.statuses.identifier).toBe('pass');
    expect(result.statuses.rotation).toBe('warn');
    expect(result.code).toBe(0);
    expect(result.message('secret')).toContain('verifies with the previous web secret, not the current one');
  });

  it('without a previous secret there is no rotation line', async () => {
    const result = await doctor('/healthy', ['--cookie', `sid=${site.sessions.alice}`], {
      env: { INTERCOM_IDENTITY_SECRET: site.secrets.web },
    });
    expect(result.report.checks.map((check) => check.id)).not.toContain('rotation');
  });
});
