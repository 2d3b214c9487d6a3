// The production build: the server (src/server.tsx, rendered with hono/jsx)
// and the browser script (src/client.ts), both bundled by esbuild into dist/.
// No INTERCOM_* variable is read here: the server reads them when it runs.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });

await build({
  entryPoints: ['src/server.tsx'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  // Dependencies load from node_modules at run time; only the app's own files are bundled.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

const client = await build({
  entryPoints: ['src/client.ts'],
  outfile: 'dist/public/client.js',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

// The browser gets the core's browser helper only, never its server part (which signs with the secret).
const server = Object.keys(client.metafile.inputs).filter((input) => /core\/dist\/(?:index|web)\.js$/.test(input));
if (server.length > 0) throw new Error(`The client bundle must not include the server core: ${server.join(', ')}`);
