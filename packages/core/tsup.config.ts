import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// The web build swaps the node:crypto backend for the Web Crypto one.
const webCrypto: Plugin = {
  name: 'web-crypto-backend',
  setup(build) {
    build.onResolve({ filter: /\/crypto\/backend\.js$/ }, () => ({
      path: fileURLToPath(new URL('./src/crypto/backend.web.ts', import.meta.url)),
    }));
  },
};

const common = {
  format: ['esm' as const],
  target: 'es2022',
  sourcemap: true,
  treeshake: true,
  splitting: false,
};

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, platform: 'node', dts: true },
  {
    ...common,
    entry: { web: 'src/index.ts' },
    platform: 'neutral',
    esbuildPlugins: [webCrypto],
    // Same API as the Node build, so the same declarations.
    onSuccess: () => writeFile('dist/web.d.ts', "export * from './index.js';\n"),
  },
  // The browser-side helper: no secret, no crypto, safe in client bundles.
  { ...common, entry: { client: 'src/client/index.ts' }, platform: 'browser', dts: true },
  {
    ...common,
    entry: { browser: 'src/browser.ts' },
    platform: 'browser',
    onSuccess: () => writeFile('dist/browser.d.ts', 'export {};\n'),
  },
]);
