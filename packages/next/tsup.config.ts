import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

// The server entry imports the client component from the built client entry,
// not a bundled copy: the "use client" boundary must stay a separate module.
//
// That entry is dist/browser.js, never dist/client.js: Next.js 15.0 compiles any
// file whose path matches /next\/dist\/client/ as its own internals (CommonJS),
// and `@intercom-identity/next/dist/client.js` matches, which breaks the client
// component there ("Element type is invalid").
const clientEntryExternal: Plugin = {
  name: 'client-entry-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/client\/index\.js$/ }, () => ({ path: './browser.js', external: true }));
  },
};

const common = {
  format: ['esm' as const],
  target: 'es2022',
  sourcemap: true,
  splitting: false,
  dts: true,
  external: ['@intercom-identity/core', 'next', 'react', 'server-only'],
};

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' }, platform: 'neutral', esbuildPlugins: [clientEntryExternal] },
  // esbuild keeps the entry's "use client" directive as the first line (a test checks it).
  { ...common, entry: { browser: 'src/client/index.ts' }, platform: 'browser' },
  // next.config and proxy.ts load these outside React: no server-only, no React.
  { ...common, entry: { config: 'src/config.ts', proxy: 'src/proxy.ts' }, platform: 'neutral' },
]);
