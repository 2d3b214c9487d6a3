// Bundles the browser script (client/app.ts, with @intercom-identity/core/client)
// into dist/client.js. The server needs no build: `pnpm start` runs server.mjs.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm(new URL('./dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['client/app.ts'],
  outfile: 'dist/client.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  // Only the browser entry of the core may reach the bundle: its server entry throws in a browser.
  conditions: ['browser'],
  logLevel: 'info',
});
