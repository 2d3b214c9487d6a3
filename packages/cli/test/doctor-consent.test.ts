import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentity, type IntercomUser, resolveConfig } from '@intercom-identity/core';
import { type FakeMessenger, startFakeMessenger } from '@intercom-identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck, DoctorReport } from '../src/index.js';
import { allSecrets, run, useSecret } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// Under CI a missing Chromium is a failure (beforeAll throws); elsewhere the suite is skipped, saying why.
const skip = !available && process.env.CI !== 'true';
const title = skip
  ? `doctor --consent-required (SKIPPED: no Chromium at ${CHROMIUM}; install it with node scripts/setup-system.mjs chromium)`
  : 'doctor --consent-required';

const APP_ID = 'abc123';
const ALICE: IntercomUser = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' };
const INTERCOM_SNIPPET = `<script async src="https://widget.intercom.io/widget/${APP_ID}"></script>`;
const CONSENT_IDS = ['consent-requests', 'consent-cookies', 'consent-gate'];

interface ConsentSite {
  url(path: string): string;
  /** Alice's session cookie value. */
  session: string;
  /** The value of the intercom-* cookie that /server-cookie sets. */
  cookieValue: string;
  close(): Promise<void>;
}

/**
 * Pages that boot the fake Messenger through the core's boot script, rendered with INTERCOM_CONSENT and
 * INTERCOM_LOAD as a server would read them, one page per way a site may load the Messenger before consent.
 */
async function startConsentSite(fake: FakeMessenger, secret: string): Promise<ConsentSite> {
  const session = randomBytes(16).toString('hex');
  const cookieValue = randomBytes(16).toString('hex');
  allSecrets.add(session);
  allSecrets.add(cookieValue);
  const identity = (env: Record<string, string>) =>
    createIdentity(
      resolveConfig(
        {
          INTERCOM_APP_ID: APP_ID,
          INTERCOM_IDENTITY_SECRET: secret,
          INTERCOM_WIDGET_URL: fake.widgetUrl,
          INTERCOM_IDENTITY_MODE: 'jwt',
          ...env,
        },
        { logger: { warn: () => undefined, error: () => undefined } },
      ),
    );
  const gated = identity({ INTERCOM_CONSENT: 'required' });
  const ungated = identity({});
  const facadeOnly = identity({ INTERCOM_LOAD: 'interaction' });
  const gatedFacade = identity({ INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' });
  const boot = async (chosen: typeof gated, user: IntercomUser | null) => (await chosen.renderBoot(user)).html;

  const pages: Record<string, (user: IntercomUser | null) => Promise<{ html: string; headers?: Record<string, string> }>> = {
    '/gated': async (user) => ({ html: await boot(gated, user) }),
    '/ungated': async (user) => ({ html: await boot(ungated, user) }),
    '/facade-only': async (user) => ({ html: await boot(facadeOnly, user) }),
    '/gated-facade': async (user) => ({ html: await boot(gatedFacade, user) }),
    // The boot script waits, but Intercom's own snippet is still on the page.
    '/gated-and-snippet': async (user) => ({ html: (await boot(gated, user)) + INTERCOM_SNIPPET }),
    // The app grants at once, whatever the visitor chose.
    '/granted-on-load': async (user) => ({
      html: `${await boot(gated, user)}<script>window.grantIntercomConsent();</script>`,
    }),
    // The server itself sets a Messenger cookie.
    '/server-cookie': async (user) => ({
      html: await boot(gated, user),
      headers: { 'set-cookie': `intercom-session-${APP_ID}=${cookieValue}; Path=/; Max-Age=600` },
    }),
    // No Messenger at all.
    '/plain': async () => ({ html: '<p>No chat here.</p>' }),
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const page = pages[path];
    if (page === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const signedIn = (request.headers.cookie ?? '').includes(`sid=${session}`) ? ALICE : null;
    page(signedIn).then(
      ({ html, headers = {} }) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store', ...headers });
        response.end(
          `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>${html}</body></html>`,
        );
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${origin}${path}`,
    session,
    cookieValue,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const check = (report: DoctorReport, id: string): DoctorCheck => {
  const found = report.checks.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no ${id} check in the report`);
  return found;
};

describe.skipIf(skip)(title, () => {
  let fake: FakeMessenger;
  let site: ConsentSite;
  let secret: string;
  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium is missing at ${CHROMIUM} and CI=true: install it with node scripts/setup-system.mjs chromium.`);
    secret = useSecret();
    fake = await startFakeMessenger({ appId: APP_ID, secrets: { web: secret }, mode: 'jwt' });
    site = await startConsentSite(fake, secret);
  });
  afterAll(async () => {
    await site?.close();
    await fake?.stop();
  });

  async function consentDoctor(path: string, extra: string[] = []): Promise<{ code: number; report: DoctorReport }> {
    const result = await run(['doctor', site.url(path), '--consent-required', '--json', ...extra]);
    return { code: result.code, report: JSON.parse(result.stdout) as DoctorReport };
  }

  it('a page rendered with INTERCOM_CONSENT=required passes, as a visitor and as Alice, and the fake Messenger hears nothing', async () => {
    for (const extra of [[], ['--cookie', `sid=${site.session}`]]) {
      const { code, report } = await consentDoctor('/gated', extra);
      expect(report.mode).toBe('browser');
      expect(report.checks.filter((entry) => CONSENT_IDS.includes(entry.id)).map((entry) => [entry.id, entry.status])).toEqual([
        ['consent-requests', 'pass'],
        ['consent-cookies', 'pass'],
        ['consent-gate', 'pass'],
      ]);
      expect(check(report, 'consent-gate').message).toBe(
        'the boot script of @intercom-identity waits for grantIntercomConsent() (window.intercomConsent is "pending").',
      );
      expect(report.consent).toEqual({ state: 'pending', gatedBootScript: true, requests: [], cookies: [] });
      expect(report.ok).toBe(true);
      expect(code).toBe(0);
    }
    expect(fake.report().pages).toEqual([]);
  });

  it('the table says that the page passes', async () => {
    const result = await run(['doctor', site.url('/gated'), '--consent-required']);
    expect(result.stdout).toMatch(
      /\nPASS {2}Nothing requested from Intercom before consent +before consent, the page requested nothing/,
    );
    expect(result.stdout).toMatch(
      /\nPASS {2}No intercom-\* cookie before consent +before consent, the browser holds no intercom-\* cookie\./,
    );
    expect(result.stdout).toMatch(/\nPASS {2}The Messenger waits for consent +the boot script of @intercom-identity waits/);
    expect(result.code).toBe(0);
  });

  it('a page without the gate: MESSENGER_LOADED_BEFORE_CONSENT names the widget URL, and CONSENT_GATE_MISSING says to set INTERCOM_CONSENT=required', async () => {
    const { code, report } = await consentDoctor('/ungated', ['--cookie', `sid=${site.session}`]);
    const requests = check(report, 'consent-requests');
    expect(requests).toMatchObject({ status: 'fail', code: 'MESSENGER_LOADED_BEFORE_CONSENT' });
    expect(requests.message).toBe(
      `before any consent, the page requested 1 URL from Intercom or the Messenger's widget URL: ${fake.widgetUrl} (the doctor blocked it).`,
    );
    expect(requests.fix).toContain('Set INTERCOM_CONSENT=required');
    const gate = check(report, 'consent-gate');
    expect(gate).toMatchObject({ status: 'warn', code: 'CONSENT_GATE_MISSING' });
    expect(gate.message).toContain('window.intercomConsent is not set');
    expect(gate.fix).toMatch(/^Set INTERCOM_CONSENT=required/);
    // Blocked, so the Messenger never ran: no cookie, and the fake saw no page.
    expect(check(report, 'consent-cookies').message).toContain('The doctor blocked the requests above');
    expect(report.consent).toEqual({ state: null, gatedBootScript: false, requests: [fake.widgetUrl], cookies: [] });
    expect(fake.report().pages).toEqual([]);
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
  });

  it("the gate holds, but Intercom's own snippet is on the page too: a failure that points at the other loader", async () => {
    const { code, report } = await consentDoctor('/gated-and-snippet');
    const requests = check(report, 'consent-requests');
    expect(requests).toMatchObject({ status: 'fail', code: 'MESSENGER_LOADED_BEFORE_CONSENT' });
    expect(requests.message).toContain(`https://widget.intercom.io/widget/${APP_ID}`);
    expect(requests.fix).toContain('another loader fetched the Messenger');
    expect(check(report, 'consent-gate').status).toBe('pass');
    expect(code).toBe(1);
  });

  it('a page that grants consent as it loads: CONSENT_GRANTED_BEFORE_CHOICE, and the widget request fails the request check', async () => {
    const { code, report } = await consentDoctor('/granted-on-load');
    expect(check(report, 'consent-gate')).toMatchObject({ status: 'fail', code: 'CONSENT_GRANTED_BEFORE_CHOICE' });
    expect(check(report, 'consent-requests')).toMatchObject({ status: 'fail', code: 'MESSENGER_LOADED_BEFORE_CONSENT' });
    expect(check(report, 'consent-requests').fix).toContain("only once the consent tool holds the visitor's consent");
    expect(report.consent?.state).toBe('granted');
    expect(code).toBe(1);
  });

  it('an intercom-* cookie before consent: INTERCOM_COOKIE_BEFORE_CONSENT names it, never its value', async () => {
    const result = await run(['doctor', site.url('/server-cookie'), '--consent-required', '--json']);
    const report = JSON.parse(result.stdout) as DoctorReport;
    const cookies = check(report, 'consent-cookies');
    expect(cookies).toMatchObject({ status: 'fail', code: 'INTERCOM_COOKIE_BEFORE_CONSENT' });
    expect(cookies.message).toBe(
      `before any consent, the browser holds 1 intercom-* cookie: intercom-session-${APP_ID}. The page's own response sets intercom-session-${APP_ID} (Set-Cookie).`,
    );
    expect(report.consent?.cookies).toEqual([`intercom-session-${APP_ID}`]);
    expect(result.stdout).not.toContain(site.cookieValue);
    expect(result.code).toBe(1);
  });

  it('a cookie given with --cookie is not one the page set', async () => {
    const { report } = await consentDoctor('/gated', ['--cookie', `intercom-id-${APP_ID}=${site.cookieValue}`]);
    expect(check(report, 'consent-cookies').status).toBe('pass');
  });

  it('the facade alone loads nothing before a click, but a click is not consent: a CONSENT_GATE_MISSING warning', async () => {
    const { code, report } = await consentDoctor('/facade-only');
    expect(check(report, 'consent-requests').status).toBe('pass');
    const gate = check(report, 'consent-gate');
    expect(gate).toMatchObject({ status: 'warn', code: 'CONSENT_GATE_MISSING' });
    expect(gate.message).toContain('but a click is not consent');
    expect(code).toBe(0);
  });

  it('consent and the facade together pass, and say that the launcher loads the Messenger once consent is given', async () => {
    const { report } = await consentDoctor('/gated-facade');
    expect(check(report, 'consent-requests').status).toBe('pass');
    expect(check(report, 'consent-gate')).toMatchObject({ status: 'pass' });
    expect(check(report, 'consent-gate').message).toContain(
      'once consent is given, the Messenger loads on the first click of its launcher',
    );
  });

  it('a page without any Messenger: nothing requested, and the gate check does not apply', async () => {
    const { report } = await consentDoctor('/plain');
    expect(check(report, 'consent-requests').status).toBe('pass');
    expect(check(report, 'consent-gate')).toMatchObject({
      status: 'skip',
      message: 'no Messenger on the page (see the loader check).',
    });
  });

  it('without --consent-required, --browser reports no consent check', async () => {
    const result = await run(['doctor', site.url('/ungated'), '--browser', '--json']);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks.map((entry) => entry.id).filter((id) => id.startsWith('consent'))).toEqual([]);
    expect(report.consent).toBeUndefined();
  });
});

describe('doctor --consent-required without Chromium, and the HTML-only doctor', () => {
  let fake: FakeMessenger;
  let site: ConsentSite;
  beforeAll(async () => {
    const secret = useSecret();
    fake = await startFakeMessenger({ appId: APP_ID, secrets: { web: secret }, mode: 'jwt' });
    site = await startConsentSite(fake, secret);
  });
  afterAll(async () => {
    await site?.close();
    await fake?.stop();
  });

  it('stops with BROWSER_UNAVAILABLE and says that the HTML alone cannot answer, exit 1', async () => {
    const result = await run(['doctor', site.url('/gated'), '--consent-required', '--chromium', '/nonexistent/chromium']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error BROWSER_UNAVAILABLE: Chromium was not found at /nonexistent/chromium. Install it (Debian: apt-get install chromium), or pass --chromium <path>. --consent-required watches what the page requests in Chromium; without it the doctor checks the HTML only.\n',
    );
  });

  it('reads from the HTML whether the boot script waits for consent or for a click', async () => {
    const loader = async (path: string) => {
      const result = await run(['doctor', site.url(path), '--json']);
      const report = JSON.parse(result.stdout) as DoctorReport;
      expect(report.checks.map((entry) => entry.id).filter((id) => id.startsWith('consent'))).toEqual([]);
      return check(report, 'loader');
    };
    const tag = 'loader found (the <script data-intercom-identity> of @intercom-identity/core); app_id is "abc123"';
    expect((await loader('/gated')).message).toBe(`${tag}; the Messenger loads only after consent (grantIntercomConsent()).`);
    expect((await loader('/facade-only')).message).toBe(
      `${tag}; the Messenger loads only after the first click of its launcher (load: 'interaction').`,
    );
    expect((await loader('/gated-facade')).message).toBe(
      `${tag}; the Messenger loads only after consent (grantIntercomConsent()), then the first click of its launcher (load: 'interaction').`,
    );
    expect((await loader('/ungated')).message).toBe(`${tag}.`);
  });

  it('doctor --help documents --consent-required', async () => {
    const help = (await run(['doctor', '--help'])).stdout;
    expect(help).toContain('--consent-required');
    expect(help).toContain('INTERCOM_CONSENT=required');
  });
});
