// Next.js 15 on the oldest Node we support: the Next example, without the
// Next 16 options (Cache Components, Partial Prefetching), through the smoke contract.
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExampleContract } from '../contract.js';
import { lanes } from '../support/fresh-app.js';
import { oldestApp, rewrite } from './prepare.js';

const versions = lanes.oldest.next;
const app = oldestApp({
  example: 'next-app',
  versions,
  async adapt(dir) {
    // Cache Components and Partial Prefetching are Next 16 options.
    await rewrite(dir, 'next.config.ts', (text) => text.replace(/^\s*(cacheComponents|partialPrefetching): true,\n/gm, ''));
    // Next 15 knows middleware.ts, not proxy.ts (renamed in Next 16).
    await rewrite(dir, 'proxy.ts', (text) => text.replace('export const proxy =', 'export const middleware ='));
    await rename(join(dir, 'proxy.ts'), join(dir, 'middleware.ts'));
  },
});

describeExampleContract({
  name: `next ${versions.next} on Node ${lanes.oldest.node} (oldest lane)`,
  scope: 'smoke',
  dir: app.dir,
  buildMarker: '.next/BUILD_ID',
  clientOutputDirs: ['.next/static'],
  mobilePlatform: 'ios',
  command: [app.node, 'node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1'],
  prepare: app.prepare,
});
