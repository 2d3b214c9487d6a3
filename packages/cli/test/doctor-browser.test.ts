import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck, DoctorReport } from '../src/index.js';
import { expectedHash, run } from './helpers.js';
import { type Site, startSite } from './site.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// Under CI a missing Chromium is a failure (beforeAll throws); elsewhere the suite is skipped, saying why.
const skip = !available && process.env.CI !== 'true';
const title = skip
  ? `doctor --browser (SKIPPED: no Chromium at ${CHROMIUM}; install it with node scripts/setup-system.mjs chromium)`
  : 'doctor --browser';

describe.skipIf(skip)(title, () => {
  let site: Site;
  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium is missing at ${CHROMIUM} and CI=true: install it with node scripts/setup-system.mjs chromium.`);
    site = await startSite();
  });
  afterAll(() => site?.close());

  async function browserDoctor(
    path: string,
  ): Promise<{ code: number; report: DoctorReport; statuses: Record<string, string>; stdout: string }> {
    const result = await run(
      [
        'doctor',
        site.url(path),
        '--browser',
        '--json',
        '--cookie',
        `sid=${site.sessions.alice}`,
        '--other-cookie',
        `sid=${site.sessions.bob}`,
        '--secret-stdin',
      ],
      { stdin: site.secrets.web },
    );
    const report = JSON.parse(result.stdout) as DoctorReport;
    // No proof is ever printed: not Alice's user_hash, not Bob's, and no token.
    for (const user of ['u_1001', 'u_2002']) expect(result.stdout).not.toContain(expectedHash(site.secrets.web, user));
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    return {
      code: result.code,
      report,
      statuses: Object.fromEntries(report.checks.map((check) => [check.id, check.status])),
      stdout: result.stdout,
    };
  }

  const check = (report: DoctorReport, id: string): DoctorCheck => {
    const found = report.checks.find((entry) => entry.id === id);
    if (found === undefined) throw new Error(`no ${id} check in the report`);
    return found;
  };

  const HEALTHY = {
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
    overwrite: 'pass',
    // user_hash pages: Intercom calls user_hash deprecated.
    mode: 'warn',
  };

  it('reads settings that a script builds at run time, which the HTML alone cannot tell', async () => {
    const result = await browserDoctor('/runtime');
    expect(result.report.mode).toBe('browser');
    expect(result.statuses).toEqual(HEALTHY);
    expect(result.report.checks.find((check) => check.id === 'loader')?.message).toContain('/static/loader.js');
    expect(result.report.checks.find((check) => check.id === 'identifier')?.message).toContain(
      'made from the user_id, exactly as sent',
    );
    expect(result.code).toBe(0);
  });

  it('reads a JavaScript object literal by running it', async () => {
    const result = await browserDoctor('/js-literal');
    expect(result.statuses).toEqual(HEALTHY);
  });

  it('loads the page in Chromium with the cookies, and never requests the widget URL', async () => {
    const before = site.requests.length;
    const result = await browserDoctor('/healthy');
    expect(result.statuses).toEqual(HEALTHY);
    const requests = site.requests.slice(before);
    const fromChromium = requests.filter((request) => request.path === '/healthy' && /Chrome\//.test(request.userAgent ?? ''));
    expect(fromChromium.map((request) => request.cookie)).toEqual([`sid=${site.sessions.alice}`, `sid=${site.sessions.bob}`]);
    // The core's boot script on this page loads its widget from this very server: blocked, so never seen.
    expect(requests.filter((request) => request.path.startsWith('/widget/'))).toEqual([]);
  });

  it('a page that loads no same-origin script passes the exposure check, saying that it loaded none', async () => {
    const result = await browserDoctor('/inline-only');
    expect(result.statuses).toEqual(HEALTHY);
    expect(result.report.checks.find((check) => check.id === 'exposure')?.message).toContain(
      'appears in the page or its headers (it loaded no same-origin script)',
    );
  });

  it('finds the same proof served to another user in the browser too', async () => {
    const result = await browserDoctor('/same-proof');
    expect(result.statuses).toEqual({ ...HEALTHY, 'other-user': 'fail' });
    expect(result.code).toBe(1);
  });
  describe('single-page apps: the Intercom calls, recorded from before the page runs', () => {
    it('(a) a queue stub set up the way @intercom/messenger-js-sdk does, after a fetch of the proof: read, and healthy', async () => {
      const result = await browserDoctor('/spa-sdk');
      expect(result.statuses).toEqual(HEALTHY);
      expect(result.code).toBe(0);
      // The HTML has no settings: the user_id comes from the proof endpoint's answer, in the browser.
      expect(check(result.report, 'identifier').message).toBe('user_hash was made from the user_id, exactly as sent.');
      expect(result.report.messenger).toMatchObject({
        bootedBy: 'intercomSettings',
        steps: [{ call: 'settings', assigned: true, proof: 'user_hash', user_id: 'u_1001', from: '/static/sdk-like.js:12' }],
      });
    });

    it('(b) a signed boot, then a boot without the proof: BOOT_UNSIGNED_AFTER_SIGNED, and the settings read are the unsigned ones', async () => {
      const result = await browserDoctor('/spa-boot-twice');
      const overwrite = check(result.report, 'overwrite');
      expect(overwrite).toMatchObject({ status: 'fail', code: 'BOOT_UNSIGNED_AFTER_SIGNED' });
      expect(overwrite.message).toContain("Intercom('boot', {...}) (step 2 of 2, at ");
      expect(overwrite.message).toContain(
        'from /spa-boot-twice:1) boots without user_hash or intercom_user_jwt after a signed boot',
      );
      expect(overwrite.message).toContain('the Messenger now has user_id "u_1001" with no proof');
      expect(overwrite.message).toContain("react-use-intercom's boot() without userHash or intercomUserJwt");
      expect(overwrite.fix).toContain('boot through @intercom-identity/react');
      // The existing identity check reads the settings of the last boot.
      expect(check(result.report, 'identity').status).toBe('fail');
      expect(result.report.messenger?.bootedBy).toBe('boot');
      expect(result.code).toBe(1);
    });

    it('(c) an update with another email and no proof, where the hash signs the user_id: a warning, since Intercom takes it unverified', async () => {
      const result = await browserDoctor('/spa-update-email');
      expect(result.statuses).toEqual({ ...HEALTHY, overwrite: 'warn' });
      const overwrite = check(result.report, 'overwrite');
      expect(overwrite.code).toBe('UPDATE_IDENTITY_UNSIGNED');
      expect(overwrite.message).toContain(
        'changes the email from "alice@example.com" to "someone.else@example.com" without a new proof: the proof signs the user_id only',
      );
      expect(result.report.messenger).toMatchObject({ bootedBy: 'intercomSettings', updatesMerged: 1 });
    });

    it('(c) in JWT mode, an update with another email than the token signs, and no new token: UPDATE_IDENTITY_UNSIGNED fails', async () => {
      const result = await browserDoctor('/spa-jwt-update-email');
      const overwrite = check(result.report, 'overwrite');
      expect(overwrite).toMatchObject({ status: 'fail', code: 'UPDATE_IDENTITY_UNSIGNED' });
      expect(overwrite.message).toContain(
        'changes email from "alice@example.com" to "someone.else@example.com" without a proof for it: the proof it keeps was made for "alice@example.com"',
      );
      expect(overwrite.fix).toContain('a new intercom_user_jwt');
      // The merged settings now send a signed attribute in plain: the JWT check says so too.
      expect(check(result.report, 'jwt').status).toBe('fail');
      expect(result.code).toBe(1);
    });

    it('an update that names another user_id and keeps the user_hash: the proof checks look at the user it was made for', async () => {
      const result = await browserDoctor('/spa-update-user');
      expect(check(result.report, 'overwrite')).toMatchObject({ status: 'fail', code: 'UPDATE_IDENTITY_UNSIGNED' });
      expect(check(result.report, 'overwrite').message).toContain(
        'changes user_id from "u_1001" to "u_9999" without a proof for it',
      );
      // Not "the secret is wrong": the hash verifies for the user_id it came with.
      expect(check(result.report, 'secret').status).toBe('pass');
      expect(check(result.report, 'identifier')).toMatchObject({ status: 'fail' });
      expect(check(result.report, 'identifier').message).toBe(
        'user_hash was made from the user_id "u_1001" it was booted with, but a later update sends user_id "u_9999", so it no longer matches (see the overwrite check).',
      );
      expect(result.code).toBe(1);
    });

    it("@intercom/messenger-js-sdk's Intercom({...}) called again without the proof: PROOF_DROPPED, naming that SDK call", async () => {
      const result = await browserDoctor('/spa-sdk-twice');
      const overwrite = check(result.report, 'overwrite');
      expect(overwrite).toMatchObject({ status: 'fail', code: 'PROOF_DROPPED' });
      expect(overwrite.message).toContain(
        "window.intercomSettings = {...} then Intercom('update', window.intercomSettings) (step 2 of 2, at ",
      );
      expect(overwrite.message).toContain(
        "This is what @intercom/messenger-js-sdk's Intercom({...}) does when it is called again with props that have no user_hash or intercom_user_jwt",
      );
      expect(check(result.report, 'identity').status).toBe('fail');
      expect(result.code).toBe(1);
    });

    it('an update that empties user_hash: PROOF_DROPPED', async () => {
      const result = await browserDoctor('/spa-update-null-hash');
      expect(check(result.report, 'overwrite')).toMatchObject({ status: 'fail', code: 'PROOF_DROPPED' });
      expect(check(result.report, 'overwrite').message).toContain(
        'empties user_hash (null or ""): the Messenger loses the proof',
      );
      expect(result.code).toBe(1);
    });

    it('(d) a correct app: a signed boot, then updates of other attributes only: no false alarm', async () => {
      const result = await browserDoctor('/spa-healthy');
      expect(result.statuses).toEqual(HEALTHY);
      expect(result.code).toBe(0);
      expect(check(result.report, 'overwrite').message).toContain(
        "the Messenger boots with the proof from the last Intercom('boot') call (step 1 of 4, at ",
      );
      expect(result.report.messenger).toMatchObject({ bootedBy: 'boot', updatesMerged: 1 });
      expect(result.report.messenger?.steps.map((step) => step.call)).toEqual(['boot', 'update', 'update', 'show']);
    });

    it('a shutdown, then a visitor boot (a logout): not an overwrite', async () => {
      const result = await browserDoctor('/spa-jwt-switch');
      expect(check(result.report, 'overwrite').status).toBe('pass');
      expect(check(result.report, 'overwrite').message).toContain(
        'the signed session was shut down before the Messenger was booted again',
      );
    });

    it('the table names where the settings came from', async () => {
      const result = await run(
        ['doctor', site.url('/spa-healthy'), '--browser', '--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'],
        { stdin: site.secrets.web },
      );
      expect(result.stdout).toContain(
        "settings the Messenger boots with in Chromium: the last Intercom('boot') + 1 update (4 Intercom steps recorded)",
      );
      expect(result.stdout).toMatch(/\nPASS {2}No later boot or update undoes the proof +the Messenger boots with the proof/);
    });

    it('without --browser there is no overwrite check: the HTML cannot show the calls', async () => {
      const result = await run(
        ['doctor', site.url('/healthy'), '--json', '--cookie', `sid=${site.sessions.alice}`, '--secret-stdin'],
        {
          stdin: site.secrets.web,
        },
      );
      const report = JSON.parse(result.stdout) as DoctorReport;
      expect(report.checks.map((entry) => entry.id)).not.toContain('overwrite');
      expect(report.messenger).toBeUndefined();
    });
  });
});
