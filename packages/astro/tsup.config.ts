import { defineConfig } from 'tsup';

// Three entries: the server side (integration, middleware, endpoint, logout),
// the proof route module the integration injects, and the browser side, which
// imports only the core's client entry.
export default defineConfig({
  entry: { index: 'src/index.ts', 'proof-route': 'src/proof-route.ts', client: 'src/client.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  dts: true,
  external: ['@intercom-identity/core', '@intercom-identity/core/client', 'astro', /^astro:/, /^node:/],
});
