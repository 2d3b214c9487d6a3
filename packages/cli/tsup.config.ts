import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  treeshake: true,
  splitting: false,
  // The core is a dependency and playwright-core an optional peer: neither is bundled. The testing package is a
  // devDependency, so tsup bundles the one file the CLI takes from it (the Chromium flags): users never install it.
  external: ['@intercom-identity/core', 'playwright-core'],
};

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, dts: true },
  // The bin: same code, plus the line that lets a shell run the file.
  { ...common, entry: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } },
]);
