import { defineConfig } from 'tsup';

// Browser code only: React, react-use-intercom and the core's client entry stay the app's own copies.
export default defineConfig({
  entry: { index: 'src/index.ts', 'react-use-intercom': 'src/react-use-intercom.tsx' },
  format: ['esm'],
  target: 'es2022',
  platform: 'browser',
  sourcemap: true,
  // One copy of the provider's context for both entries: a shared chunk.
  splitting: true,
  dts: true,
  external: ['@intercom-identity/core', 'react', 'react-use-intercom'],
});
