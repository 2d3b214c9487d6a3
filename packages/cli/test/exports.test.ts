import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { CHROMIUM_ARGS } from '@intercom-identity/testing/chromium-args';
import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPECTED = ['runCli', 'runDoctor'];
// What the built files may import besides Node's own modules: the dependency and the optional peer.
const DEPENDENCIES = ['@intercom-identity/core', 'playwright-core'];

describe('public exports of the built package', () => {
  it('exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED);
  });

  it('imports only the core, playwright-core (for --browser) and Node: the testing package is bundled, not installed', async () => {
    for (const file of ['index.js', 'cli.js']) {
      const built = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      const imported = [...built.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map(
        (match) => (match[1] ?? match[2]) as string,
      );
      expect(imported.filter((name) => !isBuiltin(name) && !DEPENDENCIES.includes(name))).toEqual([]);
      // The testing package's flags, inlined.
      for (const flag of CHROMIUM_ARGS) expect(built).toContain(JSON.stringify(flag));
    }
  });
});
