// Next.js 15 on the oldest Node we support: the Next example, without the
// Next 16 conventions (Cache Components, proxy.ts), through the smoke contract.
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
    await rewrite(dir, 'next.config.ts', (text) =>
      text.replace(/^\s*(cacheComponents|partialPrefetching): true,\n/gm, ''),
    );
    // Next 15 runs middleware.ts; Next 16 renamed it proxy.ts.
    await rename(join(dir, 'proxy.ts'), join(dir, 'middleware.ts'));
    await rewrite(dir, 'middleware.ts', (text) => text.replace('export function proxy(', 'export function middleware('));
  },
});

describeExampleContract({
  name: `next ${versions.next} on Node ${lanes.oldest.node} (oldest lane)`,
  scope: 'smoke',
  dir: app.dir,
  buildMarker: '.next/BUILD_ID',
  clientOutputDirs: ['.next/static'],
  mobilePlatform: 'ios',
  command: [app.node, 'node_modules/next/dist/bin/next', 'start'],
  prepare: app.prepare,
});
