import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

// The public API is pinned: changing it must be a deliberate edit of these lists.
const SERVER = ['IntercomIdentityError', 'createIntercomIdentity', 'fromAuthJs', 'isIntercomIdentityError'];
// IntercomMessengerSync: deprecated alias of IntercomSync, kept for one minor version.
const CLIENT = [
  'IntercomMessengerSync',
  'IntercomSync',
  // The core's consent helpers, so an app imports them from the package it uses.
  'grantIntercomConsent',
  'intercomConsent',
  'onIntercomConsent',
  'shutdownIntercom',
  'withdrawIntercomConsent',
];
const CONFIG = ['withIntercomIdentity'];
const PROXY = ['withIntercomCacheRule'];

describe('public exports of the built package', () => {
  it.each([
    ['server', 'index.js', SERVER],
    ['client', 'browser.js', CLIENT],
    ['next.config', 'config.js', CONFIG],
    ['proxy', 'proxy.js', PROXY],
  ])('the %s entry (dist/%s) exports exactly the pinned names', async (_entry, file, names) => {
    expect(Object.keys(await import(`../dist/${file}`)).sort()).toEqual(names);
  });

  it('the built client entry starts with "use client", so Next.js bundles it for the browser', () => {
    expect(dist('browser.js').split('\n')[0]).toBe('"use client";');
  });

  it('no built file sits where Next.js 15.0 takes it for its own internals (next/dist/client, shared/lib, pages)', () => {
    const files = readdirSync(join(packageDir, 'dist'), { recursive: true }).map(String);
    expect(files.filter((file) => /^(esm[\\/])?(client|shared[\\/]lib|pages)/.test(file))).toEqual([]);
  });

  it('the server entry uses the client component through the client entry, not a bundled copy', () => {
    const server = dist('index.js');
    expect(server).toContain('from "./browser.js"');
    expect(server).not.toContain('createIntercomSync');
    expect(server).not.toContain('use client');
  });

  it('next.config and proxy.ts can load their entries in plain Node: no server-only, no React', () => {
    for (const entry of ['config', 'proxy']) {
      const script = `import('@intercom-identity/next/${entry}').then((m) => console.log(Object.keys(m).join()), (e) => console.log(e.message))`;
      const plain = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir, encoding: 'utf8' });
      expect(plain.stdout.trim()).toBe(entry === 'config' ? CONFIG.join() : PROXY.join());
    }
    for (const file of ['config.js', 'proxy.js']) expect(dist(file)).not.toMatch(/from "(?:react|server-only|next[^"]*)"/);
  });

  it('outside a server component (no react-server condition), the server entry refuses to load', () => {
    const script = "import('@intercom-identity/next').then(() => console.log('loaded'), (e) => console.log(e.message))";
    const plain = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir, encoding: 'utf8' });
    expect(plain.stdout).toContain('It should only be used from a Server Component');
    expect(plain.stdout).not.toContain('loaded');
  });
});
