import { defineConfig } from 'tsup';

const common = {
  format: ['esm' as const],
  target: 'es2022',
  sourcemap: true,
  splitting: false,
  treeshake: true,
  dts: true,
  external: ['@intercom-identity/core', 'react', 'react-router'],
};

export default defineConfig([
  // The browser-safe entry: the component and the client helpers, on the core's client entry only.
  { ...common, entry: { index: 'src/index.ts' }, platform: 'browser' },
  // The server entry: the middleware, the loader's settings, the proof endpoint and the logout helper.
  { ...common, entry: { server: 'src/server.ts' }, platform: 'neutral' },
]);
