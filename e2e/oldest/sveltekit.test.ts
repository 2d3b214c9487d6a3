// SvelteKit 2, the oldest SvelteKit the adapter claims, on the oldest Node we
// support: the SvelteKit example with the Vite 5 toolchain of that time, through
// the smoke contract.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExampleContract } from '../contract.js';
import { lanes } from '../support/fresh-app.js';
import { oldestApp, rewrite } from './prepare.js';

const versions = lanes.oldest.sveltekit;
const app = oldestApp({
  example: 'sveltekit-app',
  versions,
  async adapt(dir) {
    // Svelte 5.0 takes only true or false for `runes`.
    await rewrite(dir, 'vite.config.ts', (text) => text.replace(/runes: \(\{ filename \}\) =>.*\n/, 'runes: true,\n'));
    // `$app/tsconfig` is SvelteKit 3's; SvelteKit 2 generates .svelte-kit/tsconfig.json.
    await writeFile(join(dir, 'tsconfig.json'), '{ "extends": "./.svelte-kit/tsconfig.json" }\n');
  },
});

describeExampleContract({
  name: `sveltekit ${versions['@sveltejs/kit']} on Node ${lanes.oldest.node} (oldest lane)`,
  scope: 'smoke',
  dir: app.dir,
  buildMarker: 'build/index.js',
  clientOutputDirs: ['build/client'],
  mobilePlatform: 'android',
  command: [app.node, 'build'],
  prepare: app.prepare,
});
