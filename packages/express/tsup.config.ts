import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  treeshake: true,
  splitting: false,
  // The core is a dependency and Express the app's: both stay imports.
  external: ['@intercom-identity/core', 'express'],
});
