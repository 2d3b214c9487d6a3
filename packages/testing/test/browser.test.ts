import { MESSENGER_ERRORS, MISSING_PROOF_CONSOLE_TEXT, signUserJwt, userHash } from '@intercom-identity/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  collectConsoleErrors,
  type FakeMessenger,
  findChromium,
  launchChromium,
  REJECTION_REASONS,
  readLauncher,
  routeIntercom,
  runIntercom,
  startFakeMessenger,
} from '../src/index.js';
import { ALICE, APP_ID, BOB, identityFor, SECRETS } from './helpers.js';
import { type PageServer, startPageServer } from './page-server.js';

// Without Chromium these tests skip locally; under CI=true launchChromium throws and they fail.
const missing = findChromium() === undefined && process.env.CI !== 'true';
const title = missing
  ? 'in Chromium (skipped: no Chromium; install it with `node scripts/setup-system.mjs chromium`)'
  : 'in Chromium';

describe.skipIf(missing)(title, () => {
  let browser: Browser;
  let fake: FakeMessenger;
  let site: PageServer;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let identity: ReturnType<typeof identityFor>;
  let launchError: unknown;

  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      // Kept and thrown by every test, so each one fails with the install instructions.
      launchError = error;
    }
    fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS });
    site = await startPageServer();
    identity = identityFor(fake.widgetUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.stop();
    await site?.close();
  });
  beforeEach(async () => {
    if (launchError !== undefined) throw launchError;
    fake.reset();
    // A fresh context per test: its own cookie jar, as a new browser profile.
    context = await browser.newContext();
    page = await context.newPage();
    errors = collectConsoleErrors(page);
  });
  afterEach(() => context?.close());

  async function pageFor(path: string, settings: Parameters<typeof identity.renderScript>[0], extra = '') {
    return site.page(path, identity.renderScript(settings) + extra);
  }

  it('boots a user whose user_hash the core signed', async () => {
    await page.goto(await pageFor('/alice', await identity.bootSettings(ALICE)));
    const launcher = await readLauncher(page);
    expect(launcher).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, reason: '', messages: [] });
    expect(launcher.sessionCookie).toBe(true);
    expect(await page.getAttribute('#intercom-identity-launcher', 'data-user')).toBe('u_1001');
    expect(errors).toEqual([]);
    expect(fake.report().platforms.web.users['u_1001']).toMatchObject({ valid: 1, invalid: 0 });
  });

  it('keeps the session in a first-party cookie on the page domain', async () => {
    await page.goto(await pageFor('/alice', await identity.bootSettings(ALICE)));
    await readLauncher(page);
    const cookies = await context.cookies(site.url);
    const session = cookies.find((cookie) => cookie.name === `intercom-session-${APP_ID}`);
    expect(session).toMatchObject({ domain: '127.0.0.1', path: '/' });
  });

  it('rejects a user_hash made with the wrong secret, with the reason in the console', async () => {
    const wrong = identityFor(fake.widgetUrl, { secrets: { web: 'not-the-workspace-secret-0123456789abc' } });
    await page.goto(site.page('/wrong-secret', wrong.renderScript(await wrong.bootSettings(ALICE))));
    const launcher = await readLauncher(page);
    expect(launcher).toMatchObject({ state: 'rejected', user: '', reason: REJECTION_REASONS.invalidUserHash });
    expect(errors).toContain('Incorrect user_hash\n[fake Messenger] invalid user_hash');
  });

  it('rejects the hash of the email sent with a user_id, naming the mistake', async () => {
    const settings = await identity.bootSettings(ALICE);
    settings.user_hash = await userHash(SECRETS.web, ALICE.email);
    await page.goto(await pageFor('/email-hash', settings));
    const launcher = await readLauncher(page);
    expect(launcher).toMatchObject({ state: 'rejected', reason: 'hash must be generated with the user_id' });
    expect(errors).toContain('Incorrect user_hash\n[fake Messenger] hash must be generated with the user_id');
  });

  it('shows the previous user’s conversation to a visitor when the app forgot shutdown on logout', async () => {
    const alicePage = await pageFor('/alice', await identity.bootSettings(ALICE));
    // A hand-written page, without the core's boot script (which would notice the change of person).
    const visitorPage = site.page(
      '/visitor-plain',
      `<script>window.intercomSettings = ${JSON.stringify(await identity.bootSettings(null))};</script><script async src="${fake.widgetUrl}"></script>`,
    );
    await page.goto(alicePage);
    const after = await runIntercom(page, 'showNewMessage', 'My card number changed');
    expect(after.messages).toEqual(['My card number changed']);
    // "Logout" without shutdown: the next page boots a visitor, and the cookie is still there.
    await page.goto(visitorPage);
    const visitor = await readLauncher(page);
    expect(visitor.state).toBe('booted');
    expect(visitor.messages).toEqual(['My card number changed']);
  });

  it('the core’s boot script shuts the previous person’s session down by itself when a visitor follows', async () => {
    await page.goto(await pageFor('/alice', await identity.bootSettings(ALICE)));
    await runIntercom(page, 'showNewMessage', 'My card number changed');
    await page.goto(await pageFor('/visitor', await identity.bootSettings(null)));
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false, messages: [] });
  });

  it('clears the session on shutdown: the next visitor does not see the conversation', async () => {
    await page.goto(await pageFor('/alice', await identity.bootSettings(ALICE)));
    await runIntercom(page, 'showNewMessage', 'My card number changed');
    const shut = await runIntercom(page, 'shutdown');
    expect(shut).toMatchObject({ state: 'shutdown', user: '', messages: [], sessionCookie: false });
    await page.goto(await pageFor('/visitor', await identity.bootSettings(null)));
    const visitor = await readLauncher(page);
    expect(visitor).toMatchObject({ state: 'booted', user: '', verified: false, messages: [] });
  });

  it('does not show Alice’s conversation to Bob, who logs in on the same browser', async () => {
    await page.goto(await pageFor('/alice', await identity.bootSettings(ALICE)));
    await runIntercom(page, 'showNewMessage', 'Alice only');
    await page.goto(await pageFor('/bob', await identity.bootSettings(BOB)));
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1002', messages: [] });
  });

  it("replays Intercom('boot') and other calls made before the widget script loaded", async () => {
    const alice = JSON.stringify(await identity.bootSettings(ALICE));
    const queued = `<script>Intercom('boot', ${alice});Intercom('showNewMessage', 'sent before load');</script>`;
    // The page's own settings say visitor; the queued boot decides, as on the real Messenger.
    const url = await pageFor('/queue', await identity.bootSettings(null), queued);
    await page.goto(url);
    const launcher = await readLauncher(page);
    expect(launcher).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, messages: ['sent before load'] });
    expect(fake.report().platforms.web.visitors).toBe(0);
  });

  it('boots a user from a valid JWT and rejects an expired one', async () => {
    const jwt = identityFor(fake.widgetUrl, { mode: 'jwt' });
    await page.goto(site.page('/jwt', jwt.renderScript(await jwt.bootSettings(ALICE))));
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });

    const expired = await signUserJwt(
      SECRETS.web,
      { user_id: 'u_1001' },
      { now: Math.floor(Date.now() / 1000) - 7200, expiresIn: 60 },
    );
    await page.goto(site.page('/jwt-expired', jwt.renderScript({ app_id: APP_ID, intercom_user_jwt: expired })));
    expect(await readLauncher(page)).toMatchObject({ state: 'rejected', reason: REJECTION_REASONS.jwtExpired });
    expect(errors).toContain(`${MESSENGER_ERRORS.jwt_expired.text}\n[fake Messenger] intercom_user_jwt expired`);
  });

  it('rejects the update of a JWT user that carries no token', async () => {
    const jwt = identityFor(fake.widgetUrl, { mode: 'jwt' });
    await page.goto(site.page('/jwt', jwt.renderScript(await jwt.bootSettings(ALICE))));
    await readLauncher(page);
    const after = await runIntercom(page, 'update', { name: 'Alice Liddell' });
    expect(after).toMatchObject({ state: 'rejected', reason: REJECTION_REASONS.missingJwt });
    const fresh = await signUserJwt(SECRETS.web, { user_id: 'u_1001' });
    await page.goto(site.page('/jwt', jwt.renderScript(await jwt.bootSettings(ALICE))));
    await readLauncher(page);
    expect(await runIntercom(page, 'update', { intercom_user_jwt: fresh })).toMatchObject({ state: 'booted', user: 'u_1001' });
  });

  it('rejects a widget loaded for an unknown app_id', async () => {
    const other = identityFor(`${fake.url}/widget/other_app`);
    await page.goto(site.page('/unknown-app', other.renderScript(await other.bootSettings(ALICE))));
    expect(await readLauncher(page)).toMatchObject({ state: 'rejected', reason: REJECTION_REASONS.unknownApp });
    expect(errors.some((line) => line.includes('unknown app_id'))).toBe(true);
  });

  it('serves a page that keeps the default widget URL through routeIntercom, with nothing leaving the machine', async () => {
    const real = identityFor('', { region: 'eu', widgetUrl: undefined });
    const settings = await real.bootSettings(ALICE);
    const script = real.renderScript(settings);
    expect(script).toContain('https://widget.intercom.io/widget/app_test1');
    expect(settings.api_base).toBe('https://api-iam.eu.intercom.io');
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).host));
    await routeIntercom(page, fake);
    await page.goto(site.page('/default-widget', script));
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
    // The routed widget talks to the region's api_base, which the route also sends to the fake.
    expect([...hosts].sort()).toEqual(['api-iam.eu.intercom.io', new URL(site.url).host, 'widget.intercom.io'].sort());
    expect(fake.report().platforms.web.users['u_1001']).toMatchObject({ valid: 1 });
    // Other Intercom hosts are answered by the fake too, never by the network.
    expect(await page.evaluate("fetch('https://js.intercomcdn.com/frame-modern.js').then((r) => r.status)")).toBe(404);
  });

  it('prints the real missing-proof text first, then the fake’s reason on a second line', async () => {
    await page.goto(site.page('/no-proof', identity.renderScript({ app_id: APP_ID, user_id: 'u_1001' })));
    expect(await readLauncher(page)).toMatchObject({ state: 'rejected', reason: REJECTION_REASONS.missingUserHash });
    const refusal = errors.find((text) => text.startsWith('Intercom Messenger error:'));
    expect(refusal?.split('\n')).toEqual([MISSING_PROOF_CONSOLE_TEXT, '[fake Messenger] missing user_hash']);
  });

  it('drops the 21st update of a page with a console warning; a reload is a new page session with the whole budget', async () => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(await pageFor('/budget', await identity.bootSettings(ALICE)));
    const first = await readLauncher(page);
    expect(first.page).toMatch(/^[0-9a-f]{32}$/);
    expect(first.updates).toBe(0);
    for (let index = 1; index <= 20; index++) await runIntercom(page, 'update', { last_seen_page: index });
    expect((await readLauncher(page)).updates).toBe(20);
    expect(warnings).toEqual([]);

    const dropped = await runIntercom(page, 'update', { last_seen_page: 21 });
    expect(dropped).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, updates: 20, page: first.page });
    expect(warnings).toEqual([
      "[Intercom] Intercom('update') was ignored because of the update budget: at most 20 updates per 30 minutes per page " +
        'session. A page load starts a new page session; a boot is not an update.',
    ]);
    expect(fake.report().pages.find((entry) => entry.id === first.page)).toMatchObject({ updates: 20, dropped: 1 });

    await page.reload();
    const reloaded = await readLauncher(page);
    expect(reloaded.page).not.toBe(first.page);
    expect(reloaded.updates).toBe(0);
    expect((await runIntercom(page, 'update', { last_seen_page: 22 })).updates).toBe(1);
    expect(fake.report().platforms.web.dropped).toBe(1);
  });

  it('shows the held token’s exp; once it has passed a message is refused, and a re-boot with a fresh token goes on', async () => {
    // A fake whose clock the test moves; the tokens are signed on the same clock.
    let offset = 0;
    const timed = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, now: () => Date.now() + offset });
    try {
      const jwt = identityFor(timed.widgetUrl, { mode: 'jwt' });
      const token = await signUserJwt(SECRETS.web, { user_id: ALICE.user_id }, { expiresIn: 60 });
      const exp = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).exp as number;
      await page.goto(site.page('/held-token', jwt.renderScript({ app_id: APP_ID, intercom_user_jwt: token })));
      expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true, tokenExpires: exp });
      expect((await runIntercom(page, 'showNewMessage', 'before it expires')).messages).toEqual(['before it expires']);

      offset = 120_000;
      const refused = await runIntercom(page, 'showNewMessage', 'after it expired');
      expect(refused).toMatchObject({
        state: 'rejected',
        verified: false,
        reason: REJECTION_REASONS.jwtExpired,
        tokenExpires: exp,
      });
      expect(await page.getAttribute('#intercom-identity-launcher', 'data-verified')).toBe('false');
      expect(errors).toContain(`${MESSENGER_ERRORS.jwt_expired.text}\n[fake Messenger] intercom_user_jwt expired`);

      const now = Math.floor((Date.now() + offset) / 1000);
      const fresh = await signUserJwt(SECRETS.web, { user_id: ALICE.user_id }, { now, expiresIn: 600 });
      const again = await runIntercom(page, 'boot', { app_id: APP_ID, intercom_user_jwt: fresh });
      expect(again).toMatchObject({
        state: 'booted',
        user: 'u_1001',
        verified: true,
        reason: '',
        messages: ['before it expires'],
        tokenExpires: now + 600,
        updates: 0,
      });
      expect(timed.report().pages).toMatchObject([{ id: again.page, boots: 2, updates: 0, tokenValid: true }]);
    } finally {
      await timed.stop();
    }
  });
});
