/**
 * What a new user checks on a fresh app after following a README, over plain
 * HTTP against its production server: a visitor's page carries no proof, the
 * signed-in user's page carries the right one and is never cacheable, the
 * proof endpoint answers for the session's user only, and no secret is in the
 * client output or a page. The app runs with the README's setup, so in the
 * default mode: JWT.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecretInFiles, parseIntercomSettings } from '@intercom-identity/testing';
import { expect, it } from 'vitest';
import { jwtClaims } from './proofs.js';

export interface FreshAppUnderTest {
  url: string;
  /** The Cookie header of the signed-in user (user_id u_1001), however the app's own auth makes it. */
  cookie: string;
  appId: string;
  secret: string;
  /** Absolute folders of the client-side build output. */
  clientOutputDirs: string[];
  /** The proof endpoint's path. Default `/api/intercom-identity`. */
  endpoint?: string;
}

export const FRESH_USER = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };

/** Registers the checks; `app()` gives the running app once the suite's beforeAll has made it. */
export function describeFreshAppChecks(app: () => FreshAppUnderTest): void {
  const page = async (cookie?: string) => {
    const response = await fetch(`${app().url}/`, { headers: cookie ? { cookie } : {} });
    return { response, html: await response.text() };
  };

  it("a visitor's page boots the Messenger with the app id and no proof", async () => {
    const { response, html } = await page();
    expect(response.status).toBe(200);
    const settings = parseIntercomSettings(html);
    expect(settings, 'the page has the boot script').not.toBeNull();
    expect(settings?.app_id).toBe(app().appId);
    for (const key of ['user_id', 'email', 'user_hash', 'intercom_user_jwt']) expect(settings).not.toHaveProperty(key);
  });

  it("the signed-in user's page carries a JWT of their user_id and email, signed with the secret", async () => {
    const { response, html } = await page(app().cookie);
    expect(response.status).toBe(200);
    const settings = parseIntercomSettings(html);
    expect(settings?.app_id).toBe(app().appId);
    // Signed fields are not sent in plain, and there is no user_hash beside the token.
    for (const key of ['user_id', 'email', 'user_hash']) expect(settings).not.toHaveProperty(key);
    expect(jwtClaims(app().secret, settings?.intercom_user_jwt)).toMatchObject({
      user_id: FRESH_USER.user_id,
      email: FRESH_USER.email,
    });
  });

  it('the signed page is sent Cache-Control: private, no-store', async () => {
    const { response } = await page(app().cookie);
    const directives = (response.headers.get('cache-control') ?? '').split(',').map((part) => part.trim().toLowerCase());
    expect(directives).toContain('private');
    expect(directives).toContain('no-store');
  });

  it("the proof endpoint answers with the session user's proof, and 401 without a session", async () => {
    const endpoint = `${app().url}${app().endpoint ?? '/api/intercom-identity'}?platform=web`;
    const signed = await fetch(`${endpoint}&user_id=u_2002`, { headers: { cookie: app().cookie } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('cache-control')).toContain('no-store');
    const proof = await signed.json();
    expect(proof).toMatchObject({ type: 'jwt', platform: 'web' });
    expect(jwtClaims(app().secret, proof.intercom_user_jwt)).toMatchObject({ user_id: FRESH_USER.user_id });
    const anonymous = await fetch(endpoint);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();
  });

  it('the secret is in no client build file and no served page', async () => {
    // The search must have something to search: each client folder exists and holds files.
    for (const dir of app().clientOutputDirs) expect(readdirSync(dir, { recursive: true }).length, dir).toBeGreaterThan(0);
    const pages = await mkdtemp(join(tmpdir(), 'fresh-pages-'));
    try {
      await writeFile(join(pages, 'visitor.html'), (await page()).html);
      await writeFile(join(pages, 'signed-in.html'), (await page(app().cookie)).html);
      const hits = await findSecretInFiles([...app().clientOutputDirs, pages], { INTERCOM_IDENTITY_SECRET: app().secret });
      expect(hits).toEqual([]);
    } finally {
      await rm(pages, { recursive: true, force: true });
    }
  });
}
