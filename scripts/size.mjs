#!/usr/bin/env node
// `pnpm size`: what intercom-identity adds to what a browser downloads. Prints
// two Markdown tables: the client JS of each adapter's browser sync, bundled as
// an app would bundle it (minified ESM for the browser, the framework left out,
// the core bundled in) and gzipped at level 9: what the page loads with it
// against its budget of 2 KB gzipped, and beside it, not in the budget, the
// chunk it loads later with import() on the first token refresh; and the bytes of the inline boot script for a visitor, a user_hash
// user and a JWT user, with and without the consent and interaction gates.
// Exits 1 when a sync is over budget, 2 when the packages are not built.
//
// It measures the built packages: run `pnpm build` first.
import { bootTable, measureBoot, measureSyncs, missingBuilds, SYNC_BUDGET_GZIPPED, syncTable } from './size-lib.mjs';

const missing = missingBuilds();
if (missing.length > 0) {
  console.error(`These built files are missing: ${missing.join(', ')}.\nRun \`pnpm build\` first, then \`pnpm size\`.`);
  process.exit(2);
}

const syncs = await measureSyncs();
const boot = await measureBoot();

console.log('### Browser sync, gzipped (level 9)\n');
console.log(syncTable(syncs));
console.log(
  '\nMinified ESM for the browser (esbuild, split as an app’s bundler splits), production; the framework, its router and the Messenger SDK are the app’s own and left out, the core is bundled in. The budget is for the initial JS; the refresh chunk loads on the first token refresh (or `refresh()`), not with the page.',
);
console.log('\n### Boot script added to each page\n');
console.log(bootTable(boot));
console.log(
  '\nThe whole inline `<script>` tag of `renderBoot` (no nonce), gzipped on its own; in a page it is compressed with the rest of the HTML.',
);

const over = syncs.filter((row) => !row.ok);
if (over.length > 0) {
  console.error(
    `\n${over.length} of ${syncs.length} syncs are over the budget of ${SYNC_BUDGET_GZIPPED} bytes gzipped: ${over
      .map((row) => `${row.adapter} (${row.gzipped})`)
      .join(', ')}.`,
  );
  process.exit(1);
}
