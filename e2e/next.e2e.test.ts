import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, relative } from 'node:path';
import { collectConsoleErrors, readLauncher } from '@intercom-identity/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeExampleContract } from './contract.js';
import { EXAMPLES, FIXTURES } from './examples.js';
import { hmac } from './support/proofs.js';
import { sessionCookie } from './support/session.js';

/**
 * Next.js has hydrated the page: no streamed Suspense boundary still waits for
 * its content (React marks a pending one with a `$?` comment), and every link
 * and button of the app, and the boot script, carry the props React attaches
 * to an element when it hydrates it. So the router's and the app's click
 * handlers are in place, and so is the client component that sits next to
 * the boot script and tells the Messenger about client-side navigations.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      if (document.readyState !== 'complete') return false;
      const comments = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
      for (let node = comments.nextNode(); node !== null; node = comments.nextNode()) if (node.nodeValue === '$?') return false;
      const controls = [...document.querySelectorAll('main a, main button, script[data-intercom-identity]')];
      return (
        controls.length > 0 && controls.every((control) => Object.keys(control).some((key) => key.startsWith('__reactProps$')))
      );
    },
    undefined,
    { polling: 50 },
  );
}

/** What would let a shared cache or a CDN keep a response. */
function sharedCacheProblems(headers: Record<string, string>): string[] {
  const problems: string[] = [];
  const directives = (headers['cache-control'] ?? '').split(',').map((d) => d.trim().toLowerCase());
  if (!directives.includes('private')) problems.push(`Cache-Control "${headers['cache-control'] ?? ''}" lacks private`);
  if (!directives.includes('no-store')) problems.push(`Cache-Control "${headers['cache-control'] ?? ''}" lacks no-store`);
  for (const directive of directives)
    if (directive === 'public' || directive.startsWith('s-maxage')) problems.push(`Cache-Control says ${directive}`);
  for (const name of Object.keys(headers))
    if (/^(?:[a-z]+-)?cdn-cache-control$|^surrogate-control$/.test(name)) problems.push(`${name}: ${headers[name]}`);
  return problems;
}

/**
 * Whether the server answers on an address of this machine other than 127.0.0.1
 * (IPv6 loopback, the network interfaces): `next start` without `-H` listens on all.
 */
async function reachableBeyondLoopback(url: string): Promise<string[]> {
  const { port } = new URL(url);
  const addresses = [
    '::1',
    ...Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address)),
  ].filter((address) => address !== '127.0.0.1' && !address.startsWith('fe80:'));
  const reached: string[] = [];
  for (const address of new Set(addresses)) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: address, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) reached.push(address);
  }
  return reached;
}

const PROOF_MARKERS = [
  'data-intercom-identity',
  'intercomSettings',
  'user_hash',
  'intercom_user_jwt',
  'u_1001',
  'alice@example.com',
];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

const example = EXAMPLES.next;

describeExampleContract({
  ...example,
  mobilePlatform: 'ios',
  hydrated,
  extra: ({ app, browser, secrets }) => {
    describe('Next.js with Cache Components: the proof is only in the part streamed per request', () => {
      const appDir = join(example.dir, '.next', 'server', 'app');

      it('next build prerendered / and /account as partial shells, and no prerendered file holds a boot script or a proof', async () => {
        const manifest = JSON.parse(await readFile(join(example.dir, '.next', 'prerender-manifest.json'), 'utf8'));
        for (const route of ['/', '/account']) expect(manifest.routes[route]?.renderingMode).toBe('PARTIALLY_STATIC');
        // The shells, their postponed state, and the RSC payloads and segments that prefetches get.
        const prerendered = (await filesUnder(appDir)).filter((file) => /\.(?:html|rsc|meta|body)$/.test(file));
        const names = prerendered.map((file) => relative(appDir, file));
        expect(names).toEqual(expect.arrayContaining(['index.html', 'account.html', 'index.meta', 'account.meta']));
        expect(names.some((name) => name.endsWith('.segment.rsc'))).toBe(true);
        const hits: string[] = [];
        for (const file of prerendered) {
          const text = await readFile(file, 'utf8');
          for (const marker of PROOF_MARKERS) if (text.includes(marker)) hits.push(`${relative(appDir, file)}: ${marker}`);
        }
        expect(hits).toEqual([]);
      });

      it('Alice’s page is that shell byte for byte, then the streamed part with her proof', async () => {
        const shell = await readFile(join(appDir, 'index.html'), 'utf8');
        const response = await fetch(`${app().url}/`, { headers: { cookie: await sessionCookie(app().url, 'alice') } });
        const html = await response.text();
        expect(response.headers.get('x-nextjs-postponed')).toBe('1');
        expect(html.startsWith(shell)).toBe(true);
        const boot = html.indexOf('<script data-intercom-identity=""');
        expect(boot).toBeGreaterThanOrEqual(shell.length);
        expect(html.indexOf('"user_hash"', boot)).toBeGreaterThan(boot);
      });

      it('a partially prerendered page is sent with Cache-Control private, no-store, signed or not', async () => {
        const alice = await sessionCookie(app().url, 'alice');
        for (const path of ['/', '/account']) {
          for (const cookie of [alice, '']) {
            const response = await fetch(`${app().url}${path}`, { headers: cookie ? { cookie } : {} });
            await response.arrayBuffer();
            expect(response.headers.get('x-nextjs-postponed'), `${path} resumes a prerendered shell`).toBe('1');
            expect(
              sharedCacheProblems(Object.fromEntries(response.headers)),
              `${path} ${cookie ? 'as Alice' : 'as a visitor'}`,
            ).toEqual([]);
          }
        }
      });

      it('in the browser, no response that carries Alice’s proof is shared-cacheable: page loads, client-side navigation, prefetches', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          const seen: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
          const reading: Promise<void>[] = [];
          page.on('response', (response) => {
            if (!response.url().startsWith(app().url)) return;
            // Seen at once: a body that cannot be read any more (the page moved on) still counts as seen.
            const entry = { url: response.url(), headers: response.headers(), body: '' };
            seen.push(entry);
            reading.push(
              response.text().then(
                (body) => {
                  entry.body = body;
                },
                () => undefined, // a redirect has no body
              ),
            );
          });
          await page.goto(`${app().url}/demo/login?as=alice`);
          expect(await readLauncher(page)).toMatchObject({ state: 'booted', user: 'u_1001', verified: true });
          const hash = (await page.evaluate('window.intercomSettings.user_hash')) as string;
          await hydrated(page);
          await page.locator('a[href="/account"]').first().click();
          await page.waitForURL(`${app().url}/account`);
          await page.getByRole('heading', { name: 'Account' }).waitFor();
          // Every body of the navigation is read before the page loads again, which ends them.
          await Promise.all(reading);
          await page.goto(`${app().url}/account`);
          await readLauncher(page);
          await Promise.all(reading);
          const signed = seen.filter((response) => response.body.includes(hash));
          expect(signed.length, 'the page loads carried her proof').toBeGreaterThanOrEqual(2);
          expect(
            seen.some((response) => response.url.includes('_rsc=')),
            'the client-side navigation was seen',
          ).toBe(true);
          const problems = signed.flatMap((response) =>
            sharedCacheProblems(response.headers).map((p) => `${response.url}: ${p}`),
          );
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      });

      it('the CDN header that proxy.ts sets reaches no response with a proof: pages, RSC payloads, the proof endpoint', async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const requests: Array<[string, Record<string, string>]> = [
          ['/', { cookie }],
          ['/account', { cookie }],
          ['/account', { cookie, rsc: '1' }],
          ['/', {}],
          ['/api/intercom-identity?platform=ios', { cookie }],
        ];
        for (const [path, headers] of requests) {
          const response = await fetch(`${app().url}${path}`, { headers });
          const body = await response.text();
          if (headers.cookie && !path.startsWith('/api/')) expect(body, path).toContain(hmac(secrets.web, 'u_1001'));
          expect(response.headers.get('x-frame-options'), `${path}: the rest of the proxy's headers`).toBe('DENY');
          expect(sharedCacheProblems(Object.fromEntries(response.headers)), `${path} ${JSON.stringify(headers)}`).toEqual([]);
        }
      });

      it('a next.config headers() rule for a source without the Messenger keeps its CDN header (the icon)', async () => {
        const response = await fetch(`${app().url}/icon.svg`);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        expect(response.headers.get('cdn-cache-control')).toBe('max-age=86400');
      });

      it('next start listens on 127.0.0.1 only, not on the other addresses of this machine', async () => {
        expect(await reachableBeyondLoopback(app().url)).toEqual([]);
      });

      it('no error in the browser console on a page load as Alice', async () => {
        const context = await browser().newContext();
        try {
          const page = await context.newPage();
          const errors = collectConsoleErrors(page);
          await page.goto(`${app().url}/demo/login?as=alice`);
          await readLauncher(page);
          await hydrated(page);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      });
    });
  },
});

// Cache Components off, and the Edge runtime (which Cache Components do not allow):
// the same code of the example, in a fixture app, passes the whole contract on both runtimes.
describeExampleContract({
  ...FIXTURES.nextRuntimes,
  mobilePlatform: 'android',
  variants: [
    { label: 'Node.js runtime', prefix: '' },
    { label: 'Edge runtime', prefix: '/edge' },
  ],
  hydrated,
  extra: ({ app }) => {
    describe('Next.js without Cache Components', () => {
      it('next start listens on 127.0.0.1 only', async () => {
        expect(await reachableBeyondLoopback(app().url)).toEqual([]);
      });

      it('next build prerendered no page with the Messenger: each is rendered per request, /edge on the Edge runtime', async () => {
        const manifest = JSON.parse(await readFile(join(FIXTURES.nextRuntimes.dir, '.next', 'prerender-manifest.json'), 'utf8'));
        for (const route of ['/', '/account', '/edge', '/edge/account']) expect(manifest.routes[route]).toBeUndefined();
        const cookie = await sessionCookie(app().url, 'alice');
        for (const [path, edge] of [
          ['/', false],
          ['/edge', true],
        ] as const) {
          const response = await fetch(`${app().url}${path}`, { headers: { cookie } });
          const html = await response.text();
          expect(response.headers.get('x-edge-runtime') === '1', `${path} on the Edge runtime`).toBe(edge);
          expect(response.headers.get('x-nextjs-postponed')).toBeNull();
          expect(html).toContain('"user_hash"');
          expect(sharedCacheProblems(Object.fromEntries(response.headers)), path).toEqual([]);
        }
      });

      it("the boot script and every script of Next.js carry the nonce of the request's CSP, a new one per request", async () => {
        const cookie = await sessionCookie(app().url, 'alice');
        const nonces: string[] = [];
        for (const path of ['/', '/edge']) {
          const response = await fetch(`${app().url}${path}`, { headers: { cookie } });
          const policy = response.headers.get('content-security-policy-report-only') ?? '';
          const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
          expect(nonce, 'the fixture sends a CSP with a nonce').toBeTruthy();
          const html = await response.text();
          expect(html).toContain(`<script data-intercom-identity="" nonce="${nonce}">`);
          const scripts = html.match(/<script\b[^>]*>/g) ?? [];
          expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
          nonces.push(nonce as string);
        }
        expect(nonces[0]).not.toBe(nonces[1]);
      });
    });
  },
});
