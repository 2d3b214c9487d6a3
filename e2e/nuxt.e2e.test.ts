import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readLauncher } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES } from './examples.js';
import { startExample } from './support/example-server.js';

const { dir } = EXAMPLES.nuxt;

/** Runs a command in the example and gives back everything it printed. */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/**
 * Nuxt's own hydration flag. `window.useNuxtApp` is the client's global (in
 * production builds too) and throws until the app's first plugin ran;
 * `isHydrating` turns false when the root `<Suspense>` resolves, once every
 * component of the server-rendered page, its links included, has hydrated.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    try {
      return (globalThis as { useNuxtApp?: () => { isHydrating?: boolean } }).useNuxtApp?.().isHydrating === false;
    } catch {
      return false;
    }
  });
}

describeExampleContract({
  ...EXAMPLES.nuxt,
  mobilePlatform: 'ios',
  hydrated,
  extra: ({ app, browser, fake, secrets }) => {
    it('NUXT_* runtime-config overrides win over the INTERCOM_* variables, in the same build', async () => {
      const nuxtSecret = randomBytes(24).toString('base64url');
      const overridden = await startExample({
        dir,
        buildMarker: EXAMPLES.nuxt.buildMarker,
        env: {
          INTERCOM_APP_ID: 'e2eapp01',
          INTERCOM_IDENTITY_SECRET: secrets.web,
          INTERCOM_IDENTITY_MODE: 'user_hash',
          INTERCOM_WIDGET_URL: fake().widgetUrl,
          NUXT_INTERCOM_IDENTITY_SECRET: nuxtSecret,
          NUXT_PUBLIC_INTERCOM_IDENTITY_APP_ID: 'nuxtapp9',
        },
      });
      try {
        const login = await fetch(`${overridden.url}/demo/login?as=alice`, { redirect: 'manual' });
        await login.arrayBuffer();
        const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
        const html = await (await fetch(`${overridden.url}/`, { headers: { cookie } })).text();
        const expected = createHmac('sha256', nuxtSecret).update('u_1001').digest('hex');
        expect(html).toContain(`"app_id":"nuxtapp9"`);
        expect(html).toContain(`"user_hash":"${expected}"`);
        expect(html).not.toContain(nuxtSecret);
      } finally {
        await overridden.stop();
      }
    });

    it('a request that says it is a prerender (x-nitro-prerender) still gets Alice’s boot and Cache-Control: private, no-store', async () => {
      const login = await fetch(`${app().url}/demo/login?as=alice`, { redirect: 'manual' });
      await login.arrayBuffer();
      const cookie = login.headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');
      for (const path of ['/', '/account']) {
        const response = await fetch(`${app().url}${path}`, { headers: { cookie, 'x-nitro-prerender': '1' } });
        const html = await response.text();
        expect(response.headers.get('cache-control'), path).toBe('private, no-store');
        const settings = JSON.parse(/window\.intercomSettings=(\{.*?\});/.exec(html)?.[1] ?? '{}');
        expect(settings, path).toMatchObject({
          user_id: 'u_1001',
          user_hash: createHmac('sha256', secrets.web).update('u_1001').digest('hex'),
        });
      }
    });

    describe('a route that a shared cache keeps (/news has an swr route rule)', () => {
      const aliceCookie = async () => {
        const response = await fetch(`${app().url}/demo/login?as=alice`, { redirect: 'manual' });
        await response.arrayBuffer();
        return response.headers
          .getSetCookie()
          .map((line) => line.split(';')[0])
          .join('; ');
      };

      it('is served without a proof and without Alice’s identity, even when Alice asks first', async () => {
        const cookie = await aliceCookie();
        // The first request renders the page that the cache then keeps for everybody.
        const asked: Array<Record<string, string>> = [{ cookie }, {}, { cookie }];
        for (const headers of asked) {
          const response = await fetch(`${app().url}/news`, { headers });
          expect(response.status).toBe(200);
          const html = await response.text();
          expect(html).toContain('window.intercomSettings=');
          for (const personal of ['user_hash', 'intercom_user_jwt', 'u_1001', 'alice@example.com', 'Alice Example'])
            expect(html).not.toContain(personal);
          expect(html).not.toContain(secrets.web);
        }
      });

      it('boots the visitor Messenger for a signed-in Alice', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          await page.goto(`${app().url}/demo/login?as=alice`);
          await page.goto(`${app().url}/news`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: '', verified: false });
        } finally {
          await context.close();
        }
      });

      it('the build warns about the rule (the module setup that `nuxt build` runs, here through `nuxt prepare`)', async () => {
        const { code, output } = await run('pnpm', ['exec', 'nuxt', 'prepare']);
        expect(code, output).toBe(0);
        const warnings = output.split('\n').filter((line) => line.includes('[intercom-identity]'));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('Route "/news" has a "swr" route rule');
        expect(warnings[0]).toContain('visitor Messenger');
      }, 120_000);
    });
  },
});
