import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AUTO_IMPORTS, autoImports } from '../src/auto-imports.js';

// The public API is pinned: changing it must be a deliberate edit of these lists.
describe('public exports of the built package', () => {
  it('the module entry exports exactly the pinned names', async () => {
    const mod = await import('../dist/module.mjs');
    expect(Object.keys(mod).sort()).toEqual(['default']);
    expect(typeof mod.default).toBe('function');
    expect(await mod.default.getMeta?.()).toMatchObject({ name: '@intercom-identity/nuxt', configKey: 'intercomIdentity' });
  });

  it('the module auto-imports exactly the pinned names, each from the runtime file that exports it', async () => {
    expect(AUTO_IMPORTS).toEqual({
      // useIntercom: deprecated alias of useIntercomSync.
      composables: { values: ['useIntercom', 'useIntercomSync'], types: [] },
      consent: {
        values: ['grantIntercomConsent', 'intercomConsent', 'onIntercomConsent', 'withdrawIntercomConsent'],
        types: ['IntercomConsentState'],
      },
    });
    // The consent helpers are the core's own functions, not copies.
    const consent = await import('../dist/runtime/consent.js');
    const core = await import('@intercom-identity/core/client');
    expect(Object.keys(consent).sort()).toEqual(AUTO_IMPORTS.consent.values);
    for (const name of AUTO_IMPORTS.consent.values) expect(consent[name], name).toBe(core[name]);
    expect(await readFile(new URL('../dist/runtime/consent.d.ts', import.meta.url), 'utf8')).toContain('IntercomConsentState');
    // What the module hands to Nuxt's addImports: the type as a type-only import.
    expect(autoImports((path) => `/module${path.slice(1)}`)).toContainEqual({
      name: 'IntercomConsentState',
      from: '/module/runtime/consent',
      type: true,
    });
    expect(autoImports((path) => path).map((entry) => entry.name)).toHaveLength(7);
  });

  it('the composables that apps import are exactly useIntercomSync and its deprecated alias useIntercom', async () => {
    // The runtime imports Nuxt's '#app', so its names are read from the built file, not by importing it.
    const source = await readFile(new URL('../dist/runtime/composables.js', import.meta.url), 'utf8');
    expect([...source.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]).sort()).toEqual(
      AUTO_IMPORTS.composables.values,
    );
  });

  it('the build ships the server plugin, the endpoint and the client plugin', async () => {
    const files = (await readdir(new URL('../dist/runtime', import.meta.url), { recursive: true })).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'plugin.client.js',
        'composables.js',
        'consent.js',
        'controls.js',
        'server/plugin.js',
        'server/handler.js',
        'server/logic.js',
      ]),
    );
  });
});
