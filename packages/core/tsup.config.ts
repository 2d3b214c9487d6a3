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

// The browser sync loads ./refresh.js with import() on its first refresh. The
// client entry leaves that import as it is, and refresh.js is built as a file
// of its own: an app's bundler (webpack, Turbopack, Vite) then makes it a
// chunk that loads when it is needed, not with the page.
const lazyRefresh: Plugin = {
  name: 'lazy-refresh',
  setup(build) {
    build.onResolve({ filter: /^\.\/refresh\.js$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './refresh.js', external: true } : undefined,
    );
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
  {
    ...common,
    entry: { client: 'src/client/index.ts' },
    platform: 'browser',
    dts: true,
    esbuildPlugins: [lazyRefresh],
  },
  // What a refresh of the sync loads, on its own (see lazyRefresh).
  { ...common, entry: { refresh: 'src/client/refresh.ts' }, platform: 'browser' },
  {
    ...common,
    entry: { browser: 'src/browser.ts' },
    platform: 'browser',
    onSuccess: () => writeFile('dist/browser.d.ts', 'export {};\n'),
  },
]);
