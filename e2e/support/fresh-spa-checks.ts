/**
 * What a new user checks on a fresh single-page app after following a README:
 * its pages are static and carry no proof, so the checks are the backend's
 * proof endpoint over HTTP, and the Messenger in Chromium (the fake Messenger
 * of @intercom-identity/testing, which verifies every boot): the signed-in user
 * boots verified with the JWT the page fetched, a visitor boots without a
 * proof, and the client build holds neither the secret nor the app id. The
 * backend runs with the README's setup, so in the default mode: JWT.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectConsoleErrors, findSecretInFiles, readLauncher } from '@intercom-identity/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { FRESH_USER } from './fresh-app-checks.js';
import { jwtClaims, settingsOf } from './proofs.js';

export interface FreshSpaUnderTest {
  /** The backend, which serves the built app and the proof endpoint. */
  url: string;
  /** The Cookie header of the signed-in user (user_id u_1001), however the app's own auth makes it. */
  cookie: string;
  /** The app's own sign-in, opened in the browser: it signs the user in and goes on to the app. */
  loginPath: string;
  appId: string;
  secret: string;
  /** Absolute folders of the client-side build output. */
  clientOutputDirs: string[];
  /** A Chromium whose pages load the fake Messenger (the backend's INTERCOM_WIDGET_URL). */
  browser: Browser;
  /** The proof endpoint's path. Default `/api/intercom-identity`. */
  endpoint?: string;
}

const IDENTITY_KEYS = ['user_id', 'email', 'user_hash', 'intercom_user_jwt'];

/** Registers the checks; `app()` gives the running app once the suite's beforeAll has made it. */
export function describeFreshSpaChecks(app: () => FreshSpaUnderTest): void {
  const endpoint = () => `${app().url}${app().endpoint ?? '/api/intercom-identity'}`;
  const closers: Array<() => Promise<void>> = [];
  const newPage = async (): Promise<Page> => {
    const context = await app().browser.newContext();
    closers.push(() => context.close());
    return context.newPage();
  };
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
  });

  it("the proof endpoint gives the session's user a JWT and the workspace, and a visitor 401 with the workspace", async () => {
    const signed = await fetch(`${endpoint()}?platform=web&user_id=u_2002`, { headers: { cookie: app().cookie } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('cache-control')).toContain('no-store');
    const proof = await signed.json();
    expect(proof).toMatchObject({ app_id: app().appId, type: 'jwt' });
    expect(typeof proof.widget_url).toBe('string');
    expect(jwtClaims(app().secret, proof.intercom_user_jwt)).toMatchObject({ user_id: FRESH_USER.user_id });
    const anonymous = await fetch(`${endpoint()}?platform=web`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'NO_SESSION' }, app_id: app().appId });
  });

  it('in Chromium, the signed-in user boots verified with the JWT the page fetched, and no error', async () => {
    const page = await newPage();
    const errors = collectConsoleErrors(page);
    const proof = page.waitForResponse((response) => response.url().startsWith(endpoint()));
    await page.goto(`${app().url}${app().loginPath}`);
    expect((await proof).status()).toBe(200);
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: FRESH_USER.user_id, verified: true });
    const settings = await settingsOf(page);
    expect(settings.app_id).toBe(app().appId);
    expect(settings.user_hash).toBeUndefined();
    expect(jwtClaims(app().secret, settings.intercom_user_jwt)).toMatchObject({
      user_id: FRESH_USER.user_id,
      email: FRESH_USER.email,
    });
    expect(errors).toEqual([]);
  });

  it('in Chromium, a visitor boots with the app id and no proof', async () => {
    const page = await newPage();
    const proof = page.waitForResponse((response) => response.url().startsWith(endpoint()));
    await page.goto(`${app().url}/`);
    expect((await proof).status()).toBe(401);
    expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
    const settings = await settingsOf(page);
    expect(settings.app_id).toBe(app().appId);
    for (const key of IDENTITY_KEYS) expect(settings).not.toHaveProperty(key);
  });

  it('the client build and the served page hold neither the secret nor the app id; the page no proof', async () => {
    const files = app().clientOutputDirs.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((name) => join(dir, name))
        .filter((file) => statSync(file).isFile()),
    );
    expect(files.length).toBeGreaterThan(0);
    const html = await (await fetch(`${app().url}/`, { headers: { cookie: app().cookie } })).text();
    for (const key of IDENTITY_KEYS) expect(html).not.toContain(key);
    expect(html).not.toContain(FRESH_USER.user_id);
    // One build serves any workspace: the app id comes from the backend's answer, not from the bundle.
    for (const file of files) expect(readFileSync(file, 'latin1').includes(app().appId), file).toBe(false);
    expect(html).not.toContain(app().appId);
    const pages = await mkdtemp(join(tmpdir(), 'fresh-spa-pages-'));
    try {
      await writeFile(join(pages, 'signed-in.html'), html);
      const hits = await findSecretInFiles([...app().clientOutputDirs, pages], { INTERCOM_IDENTITY_SECRET: app().secret });
      expect(hits).toEqual([]);
    } finally {
      await rm(pages, { recursive: true, force: true });
    }
  });
}
