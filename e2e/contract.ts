/**
 * The example contract: one end-to-end suite that every framework example under
 * examples/ passes against its production build, in Debian's Chromium, with the
 * fake Messenger checking every proof. A framework's spec file calls
 * describeExampleContract() with where its build lives; nothing here knows the
 * framework.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyUserJwt } from '@intercom-identity/core';
import {
  collectConsoleErrors,
  crossUserCheck,
  type FakeMessenger,
  findSecretInFiles,
  launchChromium,
  readLauncher,
  runIntercom,
  startFakeMessenger,
} from '@intercom-identity/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConsent } from './consent.js';
import { describeFaults } from './faults.js';
import { login, untilTrue } from './support/browser-steps.js';
import { type RunningExample, startExample } from './support/example-server.js';
import { HOSTILE_NAMES, hmac, newSecret, settingsOf } from './support/proofs.js';
import { sessionCookie } from './support/session.js';
import { describeUpdateBudget } from './update-budget.js';

export interface ExampleContractOptions {
  /** Shown in test names, e.g. 'next'. */
  name: string;
  /** Absolute path of the example app. */
  dir: string;
  /** A file the production build leaves, relative to dir (e.g. '.next/BUILD_ID'). */
  buildMarker: string;
  /** Folders of client-side build output, relative to dir, searched for secrets. */
  clientOutputDirs: string[];
  /** Which mobile platform's secret the mobile endpoint test uses. */
  mobilePlatform: 'ios' | 'android';
  /** Route prefixes whose pages must pass the boot checks too (e.g. an Edge runtime copy under '/edge'). */
  variants?: Array<{ label: string; prefix: string }>;
  /** How to start the production server. Default `pnpm start`. */
  command?: string[];
  /**
   * Resolves once the page has hydrated: the framework's router handles link
   * clicks and the app's event handlers are attached. Every client-side click of
   * the contract waits for it first, so that on a busy machine a click never
   * lands before hydration (it would be a full page load). Wait for a real
   * signal of the framework, never for time. Required by the full contract;
   * the smoke scope clicks nothing.
   */
  hydrated?: (page: Page) => Promise<void>;
  /** More suites for what only this framework has; they get the running app. */
  extra?: (context: ContractContext) => void;
  /**
   * `'full'` (default): the whole contract. `'smoke'`: a visitor, Alice and Bob
   * verified in user_hash mode and in the default mode (JWT), the proof endpoint,
   * the cache header and the secret search, for the older lanes of the version matrix.
   */
  scope?: 'full' | 'smoke';
  /** Runs before the app starts, e.g. to install and build it (the oldest lane). */
  prepare?: () => Promise<void>;
}

export interface ContractContext {
  /** The example's hydration signal (see {@link ExampleContractOptions.hydrated}). */
  hydrated(page: Page): Promise<void>;
  app(): RunningExample;
  fake(): FakeMessenger;
  browser(): Browser;
  secrets: { web: string; ios: string; android: string };
}

const APP_ID = 'e2eapp01';
// The compatible mode, chosen explicitly: most suites compute the user_hash they expect on their
// own. The suite of the default mode, JWT, starts the app without INTERCOM_IDENTITY_MODE.
const USER_HASH_MODE = { INTERCOM_IDENTITY_MODE: 'user_hash' };
const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };
const BOB = { email: 'bob@example.com', name: 'Bob Example' };

function updatesBy(fake: FakeMessenger, user: string, outcome?: string): number {
  return fake
    .report()
    .events.filter((e) => e.kind === 'update' && e.user === user && (outcome === undefined || e.outcome === outcome)).length;
}

export function describeExampleContract(options: ExampleContractOptions): void {
  const secrets = { web: newSecret(), ios: newSecret(), android: newSecret() };
  const full = (options.scope ?? 'full') === 'full';
  /** Registers the tests of `register` only for the full contract (never as skipped tests). */
  const fullOnly = (register: () => void) => {
    if (full) register();
  };
  const { hydrated } = options;
  if (full && hydrated === undefined)
    throw new Error(`${options.name}: the full example contract needs hydrated(page), the framework's hydration signal.`);
  const waitForHydration = hydrated ?? (() => Promise.resolve());
  const variants = options.variants ?? [{ label: 'default', prefix: '' }];
  const envFor = (fake: FakeMessenger, extra: Record<string, string> = {}) => ({
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: secrets.web,
    INTERCOM_IDENTITY_SECRET_IOS: secrets.ios,
    INTERCOM_IDENTITY_SECRET_ANDROID: secrets.android,
    INTERCOM_WIDGET_URL: fake.widgetUrl,
    ...extra,
  });
  const start = (env: Record<string, string>) =>
    startExample({
      dir: options.dir,
      buildMarker: options.buildMarker,
      env,
      ...(options.command ? { command: options.command } : {}),
    });

  describe(`${options.name} example: the example contract${full ? '' : ' (smoke)'}`, () => {
    let browser: Browser;
    let fake: FakeMessenger;
    let app: RunningExample;
    const contexts: BrowserContext[] = [];
    const newPage = async () => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      return { context, page, errors: collectConsoleErrors(page) };
    };

    beforeAll(async () => {
      await options.prepare?.();
      browser = await launchChromium();
      fake = await startFakeMessenger({ appId: APP_ID, secrets });
      app = await start(envFor(fake, USER_HASH_MODE));
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await app?.stop();
      await fake?.stop();
      await browser?.close();
    });

    for (const { label, prefix } of variants) {
      const home = prefix || '/';
      const account = `${prefix}/account`;

      describe(`boot checks (${label} pages, user_hash mode)`, () => {
        it('Alice boots verified with the hash of u_1001', async () => {
          const { page } = await newPage();
          await login(page, app.url, 'alice');
          await page.goto(`${app.url}${home}`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          const settings = await settingsOf(page);
          expect(settings).toMatchObject({ app_id: APP_ID, ...ALICE });
          expect(settings.user_hash).toBe(hmac(secrets.web, 'u_1001'));
          expect(fake.report().platforms.web.users.u_1001?.valid).toBeGreaterThan(0);
        });

        it('Bob, who has no user id, boots verified with the hash of his email', async () => {
          const { page } = await newPage();
          await login(page, app.url, 'bob');
          await page.goto(`${app.url}${home}`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
          const settings = await settingsOf(page);
          expect(settings).toMatchObject(BOB);
          expect(settings.user_id).toBeUndefined();
          expect(settings.user_hash).toBe(hmac(secrets.web, 'bob@example.com'));
        });

        it('a visitor boots without a proof', async () => {
          const { page } = await newPage();
          await page.goto(`${app.url}${home}`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
          const settings = await settingsOf(page);
          expect(settings.app_id).toBe(APP_ID);
          for (const key of ['user_id', 'email', 'user_hash', 'intercom_user_jwt']) expect(settings).not.toHaveProperty(key);
        });

        fullOnly(() => {
          it('a tampered session cookie gives a visitor', async () => {
            const { context, page } = await newPage();
            await login(page, app.url, 'alice');
            const cookies = (await context.cookies()).filter((c) => !c.name.startsWith('intercom-'));
            expect(cookies.length).toBeGreaterThan(0);
            await context.clearCookies();
            await context.addCookies(
              cookies.map((c) => ({ ...c, value: c.value.slice(0, -2) + (c.value.endsWith('A') ? 'BB' : 'AA') })),
            );
            await page.goto(`${app.url}${home}`);
            expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
            expect(await settingsOf(page)).not.toHaveProperty('user_hash');
          });

          it('/account boots the Messenger, and a client-side navigation to it sends an update', async () => {
            const { page } = await newPage();
            await login(page, app.url, 'alice');
            await page.goto(`${app.url}${account}`);
            expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
            await page.goto(`${app.url}${home}`);
            await readLauncher(page);
            await waitForHydration(page);
            const before = updatesBy(fake, 'u_1001', 'valid');
            await page.evaluate('window.__sameDocument = true');
            await page.locator(`a[href="${account}"]`).first().click();
            await page.waitForURL(`${app.url}${account}`);
            await untilTrue(() => updatesBy(fake, 'u_1001', 'valid') > before, 'the fake Messenger saw an update');
            expect(await page.evaluate('window.__sameDocument'), 'the navigation stayed client-side').toBe(true);
            expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          });

          it.each(HOSTILE_NAMES)('a hostile display name %j does not run and comes back intact', async (name) => {
            const { page } = await newPage();
            await login(page, app.url, 'alice', name);
            await page.goto(`${app.url}${home}`);
            expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
            expect(await page.evaluate('window.__pwned')).toBeUndefined();
            expect((await settingsOf(page)).name).toBe(name);
          });
        });
      });
    }

    fullOnly(() =>
      describe('logout', () => {
        async function aliceWithAMessage() {
          const opened = await newPage();
          await login(opened.page, app.url, 'alice');
          await readLauncher(opened.page);
          const after = await runIntercom(opened.page, 'showNewMessage', 'A question from Alice');
          expect(after.messages).toContain('A question from Alice');
          return opened;
        }

        it('the log out button shuts the Messenger down: the next person does not see Alice’s conversation', async () => {
          const { page } = await aliceWithAMessage();
          await waitForHydration(page);
          await page
            .locator('button, a')
            .filter({ hasText: /log ?out|sign ?out/i })
            .first()
            .click();
          // While the next page loads, there are no settings at all: wait for the visitor's.
          await untilTrue(async () => {
            const settings = await settingsOf(page).catch(() => undefined);
            return (
              typeof settings === 'object' &&
              settings !== null &&
              settings.app_id !== undefined &&
              settings.user_hash === undefined
            );
          }, 'the page booted a visitor');
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('logging out by plain navigation to /demo/logout does not show Alice’s conversation either', async () => {
          const { page } = await aliceWithAMessage();
          await page.goto(`${app.url}/demo/logout`);
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('the logout response expires the Messenger’s session cookie, host-only with its path', async () => {
          const { page, context } = await aliceWithAMessage();
          const messengerSession = async () =>
            (await context.cookies()).find((cookie) => cookie.name === `intercom-session-${APP_ID}`)?.value;
          const alices = await messengerSession();
          expect(alices).toBeTruthy();
          const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/demo/logout');
          await page.goto(`${app.url}/demo/logout`);
          const expired = (await (await answer).headersArray())
            .filter((header) => header.name.toLowerCase() === 'set-cookie')
            .map((header) => header.value)
            .filter((value) => value.startsWith(`intercom-session-${APP_ID}=;`));
          expect(expired.length).toBeGreaterThan(0);
          expect(expired.some((value) => /Max-Age=0/i.test(value) && /Path=\//i.test(value) && !/Domain=/i.test(value))).toBe(
            true,
          );
          expect((await readLauncher(page)).messages).not.toContain('A question from Alice');
          // Whatever session the visitor page has now is a new one, not Alice’s.
          expect(await messengerSession()).not.toBe(alices);
        });

        it('the app cleared localStorage before /demo/logout: Alice’s conversation still does not show', async () => {
          const { page } = await aliceWithAMessage();
          await page.evaluate('localStorage.clear()');
          await page.goto(`${app.url}/demo/logout`);
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('a marker set to "visitor" before /demo/logout: Alice’s conversation still does not show', async () => {
          const { page } = await aliceWithAMessage();
          await page.evaluate(`localStorage.setItem('intercom-identity:last-person:${APP_ID}', 'visitor')`);
          await page.goto(`${app.url}/demo/logout`);
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('the browser fails closed by itself: no marker, Alice’s Messenger session, a visitor page', async () => {
          const { page, context } = await aliceWithAMessage();
          // The app session ends without the logout route (it expired), and storage was cleared.
          await context.clearCookies({ name: 'demo_session' });
          await page.evaluate('localStorage.clear()');
          await page.goto(`${app.url}/`);
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('full storage while Alice signs in: the stale "visitor" marker is removed, and her session is not shown later', async () => {
          const opened = await newPage();
          await opened.page.goto(`${app.url}/`);
          await readLauncher(opened.page);
          expect(await opened.page.evaluate(`localStorage.getItem('intercom-identity:last-person:${APP_ID}')`)).toBe('visitor');
          // From now on every write fails, as in a browser whose storage is full.
          await opened.context.addInitScript(() => {
            Storage.prototype.setItem = () => {
              throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            };
          });
          await login(opened.page, app.url, 'alice');
          await readLauncher(opened.page);
          await runIntercom(opened.page, 'showNewMessage', 'A question from Alice');
          expect(await opened.page.evaluate(`localStorage.getItem('intercom-identity:last-person:${APP_ID}')`)).toBeNull();
          await opened.context.clearCookies({ name: 'demo_session' });
          await opened.page.goto(`${app.url}/`);
          const launcher = await readLauncher(opened.page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });
      }),
    );

    describe('the mobile and token-refresh endpoint /api/intercom-identity', () => {
      const platform = options.mobilePlatform;

      it(`returns Alice's proof made with the ${platform} secret, accepted by the fake Messenger's mobile check`, async () => {
        const cookie = await sessionCookie(app.url, 'alice');
        const response = await fetch(`${app.url}/api/intercom-identity?platform=${platform}`, { headers: { cookie } });
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toContain('no-store');
        const proof = await response.json();
        expect(proof).toMatchObject({ platform, user_id: 'u_1001', user_hash: hmac(secrets[platform], 'u_1001') });
        expect(await fake.checkMobileProof(proof)).toMatchObject({ valid: true, user: 'u_1001' });
        // The same proof is not valid for the web: each platform has its own secret.
        expect((await fake.checkMobileProof({ ...proof, platform: 'web' })).valid).toBe(false);
      });

      fullOnly(() =>
        it('ignores identifiers in the query and the body', async () => {
          const cookie = await sessionCookie(app.url, 'alice');
          const query = await fetch(
            `${app.url}/api/intercom-identity?platform=${platform}&user_id=u_2002&email=mallory%40example.com`,
            {
              headers: { cookie },
            },
          );
          expect(await query.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmac(secrets[platform], 'u_1001') });
          const post = await fetch(`${app.url}/api/intercom-identity?platform=${platform}`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/json' },
            body: JSON.stringify({ user_id: 'u_2002', email: 'mallory@example.com' }),
          });
          expect(post.status).toBe(200);
          expect(await post.json()).toMatchObject({ user_id: 'u_1001', user_hash: hmac(secrets[platform], 'u_1001') });
        }),
      );

      it('answers 401 without a session, and is never cacheable', async () => {
        const response = await fetch(`${app.url}/api/intercom-identity?platform=${platform}&user_id=u_1001`);
        expect(response.status).toBe(401);
        expect(response.headers.get('cache-control')).toContain('no-store');
        expect(await response.json()).toMatchObject({ error: { code: 'NO_SESSION' } });
      });

      it('answers HEAD as it answers GET, without a body: 200 for Alice, 401 without a session', async () => {
        const cookie = await sessionCookie(app.url, 'alice');
        for (const [headers, status] of [
          [{ cookie }, 200],
          [{}, 401],
        ] as const) {
          const response = await fetch(`${app.url}/api/intercom-identity?platform=${platform}`, { method: 'HEAD', headers });
          expect(response.status).toBe(status);
          expect(response.headers.get('cache-control')).toContain('no-store');
          expect(response.headers.get('content-type')).toContain('application/json');
          expect(await response.text()).toBe('');
        }
      });
    });

    describe('secrets and caching', () => {
      it('no secret in the client build output or in any served page', async () => {
        const pages = await mkdtemp(join(tmpdir(), `served-${options.name}-`));
        try {
          const cookies = { alice: await sessionCookie(app.url, 'alice'), bob: await sessionCookie(app.url, 'bob'), visitor: '' };
          for (const [who, cookie] of Object.entries(cookies)) {
            for (const { prefix } of variants) {
              for (const path of [prefix || '/', `${prefix}/account`]) {
                const response = await fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {} });
                expect(response.status).toBe(200);
                await writeFile(join(pages, `${who}${path.replace(/\//g, '_')}.html`), await response.text());
              }
            }
          }
          const hits = await findSecretInFiles([...options.clientOutputDirs.map((d) => join(options.dir, d)), pages], {
            INTERCOM_IDENTITY_SECRET: secrets.web,
            INTERCOM_IDENTITY_SECRET_IOS: secrets.ios,
            INTERCOM_IDENTITY_SECRET_ANDROID: secrets.android,
          });
          expect(hits).toEqual([]);
        } finally {
          await rm(pages, { recursive: true, force: true });
        }
      });

      fullOnly(() =>
        it('2,000 requests alternating Alice and Bob at concurrency 50: nobody gets the other’s proof, no signed page is shared-cacheable', async () => {
          const result = await crossUserCheck({
            baseUrl: app.url,
            sessions: [
              { label: 'alice', cookie: await sessionCookie(app.url, 'alice'), expect: { user_id: 'u_1001' } },
              { label: 'bob', cookie: await sessionCookie(app.url, 'bob'), expect: { email: 'bob@example.com' } },
            ],
            requests: 2000,
            concurrency: 50,
            secret: secrets.web,
            timeLimitMs: 240_000,
          });
          expect(result.leaks).toEqual([]);
          expect(result.cacheable).toEqual([]);
          expect(result.unexpected).toEqual([]);
          expect(result.totals).toMatchObject({ sent: 2000, answered: 2000, failed: 0, signed: 2000 });
          expect(result.ok).toBe(true);
        }, 300_000),
      );

      it('a signed page says Cache-Control: private, no-store', async () => {
        const response = await fetch(`${app.url}/`, { headers: { cookie: await sessionCookie(app.url, 'alice') } });
        const cacheControl = response.headers.get('cache-control') ?? '';
        expect(cacheControl).toContain('private');
        expect(cacheControl).toContain('no-store');
      });
    });

    fullOnly(() =>
      describe('a wrong secret on the server', () => {
        let wrong: RunningExample;
        beforeAll(async () => {
          wrong = await start(envFor(fake, { ...USER_HASH_MODE, INTERCOM_IDENTITY_SECRET: newSecret() }));
        });
        afterAll(async () => wrong?.stop());

        it('the fake Messenger rejects Alice, with the reason in the browser console', async () => {
          const { page, errors } = await newPage();
          await login(page, wrong.url, 'alice');
          expect(await readLauncher(page)).toMatchObject({ state: 'rejected', reason: 'invalid user_hash' });
          expect(errors.join('\n')).toContain('invalid user_hash');
        });
      }),
    );

    describe('JWT, the default mode (same build, no INTERCOM_IDENTITY_MODE; 20-second tokens)', () => {
      let jwtFake: FakeMessenger;
      let jwtApp: RunningExample;
      beforeAll(async () => {
        jwtFake = await startFakeMessenger({ appId: APP_ID, secrets, mode: 'jwt' });
        // Bob of the demo login has no user id, which a JWT needs: his email gets a user_hash, as the examples' env.example sets it.
        jwtApp = await start(
          envFor(jwtFake, { INTERCOM_IDENTITY_JWT_EXPIRES_IN: '20', INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash' }),
        );
      });
      afterAll(async () => {
        await jwtApp?.stop();
        await jwtFake?.stop();
      });

      it('Alice boots verified with a JWT; the signed email is not sent in plain', async () => {
        const { page } = await newPage();
        await login(page, jwtApp.url, 'alice');
        expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
        const settings = await settingsOf(page);
        expect(settings.user_hash).toBeUndefined();
        expect(settings.user_id).toBeUndefined();
        expect(settings.email).toBeUndefined();
        const result = await verifyUserJwt(secrets.web, settings.intercom_user_jwt as string);
        expect(result).toMatchObject({ valid: true, claims: { user_id: 'u_1001', email: 'alice@example.com' } });
        const claims = result.claims as { iat: number; exp: number };
        expect(claims.exp - claims.iat).toBe(20);
      });

      it('Bob, who has no user id, falls back to the hash of his email', async () => {
        const { page } = await newPage();
        await login(page, jwtApp.url, 'bob');
        expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'bob@example.com', verified: true });
        expect((await settingsOf(page)).user_hash).toBe(hmac(secrets.web, 'bob@example.com'));
      });

      it(`the endpoint returns a JWT made with the ${options.mobilePlatform} secret`, async () => {
        const cookie = await sessionCookie(jwtApp.url, 'alice');
        const response = await fetch(`${jwtApp.url}/api/intercom-identity?platform=${options.mobilePlatform}`, {
          headers: { cookie },
        });
        const proof = await response.json();
        expect(proof).toMatchObject({ type: 'jwt', platform: options.mobilePlatform });
        expect(await jwtFake.checkMobileProof(proof)).toMatchObject({ valid: true, user: 'u_1001', via: 'jwt' });
      });

      fullOnly(() => {
        it('a visitor boots without a proof; a hostile name does not run', async () => {
          const visitor = await newPage();
          await visitor.page.goto(`${jwtApp.url}/`);
          expect(await readLauncher(visitor.page)).toMatchObject({ state: 'booted', user: '', verified: false });
          const hostile = await newPage();
          await login(hostile.page, jwtApp.url, 'alice', HOSTILE_NAMES[0]);
          expect(await readLauncher(hostile.page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          expect(await hostile.page.evaluate('window.__pwned')).toBeUndefined();
        });

        it('logging out by plain navigation to /demo/logout does not show Alice’s conversation', async () => {
          const { page } = await newPage();
          await login(page, jwtApp.url, 'alice');
          await readLauncher(page);
          expect((await runIntercom(page, 'showNewMessage', 'A question from Alice')).messages).toContain(
            'A question from Alice',
          );
          await page.goto(`${jwtApp.url}/demo/logout`);
          const launcher = await readLauncher(page);
          expect(launcher).toMatchObject({ state: 'booted', user: '', verified: false });
          expect(launcher.messages).not.toContain('A question from Alice');
        });

        it('the token is refreshed before it expires, so the Messenger keeps accepting updates', async () => {
          const { page } = await newPage();
          await login(page, jwtApp.url, 'alice');
          await readLauncher(page);
          const first = (await settingsOf(page)).intercom_user_jwt as string;
          const firstExp = (await verifyUserJwt(secrets.web, first)).claims?.exp as number;
          await untilTrue(async () => (await settingsOf(page)).intercom_user_jwt !== first, 'a fresh token arrived', 25_000);
          const fresh = await verifyUserJwt(secrets.web, (await settingsOf(page)).intercom_user_jwt as string);
          expect(fresh).toMatchObject({ valid: true, claims: { user_id: 'u_1001' } });
          // Past the first token's expiry, a client-side navigation is still accepted.
          await untilTrue(() => Date.now() / 1000 > firstExp + 1, 'the first token expired', 25_000);
          const before = updatesBy(jwtFake, 'u_1001', 'valid');
          await waitForHydration(page);
          await page.locator('a[href="/account"]').first().click();
          await page.waitForURL(`${jwtApp.url}/account`);
          await untilTrue(() => updatesBy(jwtFake, 'u_1001', 'valid') > before, 'the update was accepted');
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          expect(jwtFake.report().events.filter((e) => e.user === 'u_1001' && e.outcome === 'invalid')).toEqual([]);
        }, 80_000);
      });
    });

    fullOnly(() =>
      describeConsent({
        appId: APP_ID,
        secrets,
        hydrated: waitForHydration,
        newPage,
        start: (consentFake, extra) => start(envFor(consentFake, extra)),
      }),
    );

    fullOnly(() => describeFaults({ appId: APP_ID, app: () => app, fake: () => fake, hydrated: waitForHydration, newPage }));

    fullOnly(() =>
      describeUpdateBudget({
        appId: APP_ID,
        secrets,
        browser: () => browser,
        hydrated: waitForHydration,
        start: (budgetFake, extra) => start(envFor(budgetFake, extra)),
      }),
    );

    if (full) options.extra?.({ hydrated: waitForHydration, app: () => app, fake: () => fake, browser: () => browser, secrets });
  });
}
