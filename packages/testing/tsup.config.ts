import { defineConfig } from 'tsup';

export default defineConfig({
  // chromium-args imports nothing: the CLI bundles it without the rest of this package.
  entry: { index: 'src/index.ts', 'chromium-args': 'src/chromium-args.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  treeshake: true,
  splitting: false,
  // Peer and runtime dependencies stay imports; the browser is the user's.
  external: ['playwright-core', 'autocannon', '@intercom-identity/core'],
});
