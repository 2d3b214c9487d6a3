import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPECTED = [
  'DEFAULT_CHROMIUM_PATH',
  'LAUNCHER_ID',
  'REJECTION_REASONS',
  'collectConsoleErrors',
  'compareThroughput',
  'crossUserCheck',
  'findChromium',
  'findSecretInFiles',
  'launchChromium',
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
});
