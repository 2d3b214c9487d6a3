import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/index.js';
import { run } from './helpers.js';
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

  async function browserDoctor(path: string): Promise<{ code: number; report: DoctorReport; statuses: Record<string, string> }> {
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
    return { code: result.code, report, statuses: Object.fromEntries(report.checks.map((check) => [check.id, check.status])) };
  }

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
});
