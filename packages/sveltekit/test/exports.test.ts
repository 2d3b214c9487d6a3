import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');

// The public API is pinned: changing it must be a deliberate edit of these lists.
const SERVER = [
  'IntercomIdentityError',
  'expireIntercomSession',
  'fromAuthJs',
  'injectIntoHead',
  // Deprecated alias of intercomProofEndpoint, kept for one minor version.
  'intercomEndpoint',
  'intercomHandle',
  'intercomProofEndpoint',
  'intercomSettings',
  'isIntercomIdentityError',
  'userFromLocals',
];
const CLIENT = [
  'IntercomSync',
  // The core's consent helpers, so an app imports them from the package it uses.
  'grantIntercomConsent',
  'intercomConsent',
  'onIntercomConsent',
  'shutdownIntercom',
  'startIntercomSync',
  'withdrawIntercomConsent',
];

describe('public exports of the built package', () => {
  it('the server entry exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(SERVER);
  });

  it('the client entry exports exactly the pinned names', async () => {
    // The Svelte plugin of vitest.config.ts compiles the shipped component, as an app's build does.
    const mod = await import('../dist/client.js');
    expect(Object.keys(mod).sort()).toEqual(CLIENT);
    expect(typeof mod.IntercomSync).toBe('function');
  });

  it('nothing the browser loads can reach the server config: no $env, no server core', () => {
    for (const file of ['client.js', 'sync.js', 'IntercomSync.svelte']) {
      const source = dist(file);
      expect(source, file).not.toContain('$env/');
      expect(source, file).not.toMatch(/from '@intercom-identity\/core'/);
      expect(source, file).not.toContain('./index.js');
    }
    expect(dist('index.js')).not.toContain('./client.js');
  });

  it('ships no tests and no stubs', () => {
    expect(readdirSync(new URL('../dist/', import.meta.url)).filter((f) => /test|stub/.test(f))).toEqual([]);
  });
});
