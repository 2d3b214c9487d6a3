import { defineConfig } from 'tsup';

// One entry for every runtime Hono runs on: no Node built-in, only web APIs,
// hono and the core (whose own exports pick its Web Crypto build outside Node).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  dts: true,
  external: ['@intercom-identity/core', 'hono'],
});
