import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  target: 'es2022',
  platform: 'node',
  sourcemap: true,
  splitting: false,
  dts: true,
  external: ['@intercom-identity/core', 'fastify', 'fastify-plugin'],
});
