import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPECTED = [
  'CHROMIUM_ARGS',
  'DEFAULT_CHROMIUM_PATH',
  'LAUNCHER_ID',
  'REJECTION_REASONS',
  'collectConsoleErrors',
  'compareThroughput',
  'crossUserCheck',
  'findChromium',
  'findSecretInFiles',
  'launchChromium',
  'measureThroughput',
  'medianCpu',
  'medianDifference',
  'medianRatio',
  'pageIdentity',
  'parseIntercomSettings',
  'readLauncher',
  'routeIntercom',
  'runIntercom',
  'startFakeMessenger',
];

describe('public exports of the built package', () => {
  it('exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED);
  });

  it('loads without playwright-core being imported (it is needed only to launch a browser)', async () => {
    const { readFile } = await import('node:fs/promises');
    const built = await readFile(new URL('../dist/index.js', import.meta.url), 'utf8');
    expect(built).not.toMatch(/^import .* from ["']playwright-core["']/m);
    expect(built).toMatch(/import\(["']playwright-core["']\)/);
  });

  it('the Chromium flags have their own entry that imports nothing, for the CLI to bundle', async () => {
    const { readFile } = await import('node:fs/promises');
    const entry = await import('../dist/chromium-args.js');
    const mod = await import('../dist/index.js');
    expect(Object.keys(entry)).toEqual(['CHROMIUM_ARGS']);
    expect(entry.CHROMIUM_ARGS).toEqual(mod.CHROMIUM_ARGS);
    expect(entry.CHROMIUM_ARGS).toContain('--no-sandbox');
    const built = await readFile(new URL('../dist/chromium-args.js', import.meta.url), 'utf8');
    expect(built).not.toMatch(/\bimport\b/);
  });
});
