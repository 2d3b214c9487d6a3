// Nuxt 3.13, the oldest Nuxt the module claims, on the oldest Node we support:
// the Nuxt example, with the Nuxt 4 folder layout switched on, through the
// smoke contract.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExampleContract } from '../contract.js';
import { lanes } from '../support/fresh-app.js';
import { oldestApp, rewrite } from './prepare.js';

const versions = lanes.oldest.nuxt;
const app = oldestApp({
  example: 'nuxt-app',
  versions,
  async adapt(dir) {
    // Nuxt 3 reads the app/ folder only with the Nuxt 4 layout switched on.
    await rewrite(dir, 'nuxt.config.ts', (text) =>
      text.replace(
        'export default defineNuxtConfig({',
        'export default defineNuxtConfig({\n  future: { compatibilityVersion: 4 },',
      ),
    );
    // Nuxt 3 generates one tsconfig, not the four that Nuxt 4's references.
    await writeFile(join(dir, 'tsconfig.json'), '{ "extends": "./.nuxt/tsconfig.json" }\n');
  },
});

describeExampleContract({
  name: `nuxt ${versions.nuxt} on Node ${lanes.oldest.node} (oldest lane)`,
  scope: 'smoke',
  dir: app.dir,
  buildMarker: '.output/server/index.mjs',
  clientOutputDirs: ['.output/public'],
  mobilePlatform: 'ios',
  command: [app.node, '.output/server/index.mjs'],
  prepare: app.prepare,
});
