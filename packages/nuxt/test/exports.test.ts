import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of these lists.
describe('public exports of the built package', () => {
  it('the module entry exports exactly the pinned names', async () => {
    const mod = await import('../dist/module.mjs');
    expect(Object.keys(mod).sort()).toEqual(['default']);
    expect(typeof mod.default).toBe('function');
    expect(await mod.default.getMeta?.()).toMatchObject({ name: '@intercom-identity/nuxt', configKey: 'intercomIdentity' });
  });

  it('the composables that apps import are exactly useIntercomSync and its deprecated alias useIntercom', async () => {
    // The runtime imports Nuxt's '#app', so its names are read from the built file, not by importing it.
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('../dist/runtime/composables.js', import.meta.url), 'utf8');
    expect([...source.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]).sort()).toEqual([
      'useIntercom',
      'useIntercomSync',
    ]);
  });

  it('the build ships the server plugin, the endpoint and the client plugin', async () => {
    const files = (await readdir(new URL('../dist/runtime', import.meta.url), { recursive: true })).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'plugin.client.js',
        'composables.js',
        'controls.js',
        'server/plugin.js',
        'server/handler.js',
        'server/logic.js',
      ]),
    );
  });
});
