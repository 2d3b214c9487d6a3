// What intercom-identity adds to the bytes a browser downloads: the client JS of
// each adapter's browser sync, bundled as an app's bundler would bundle it, and
// the inline boot script the server puts into each page. Shared by `pnpm size`
// (scripts/size.mjs) and the unit test that holds the sync to its budget. It
// measures the built packages (dist): run `pnpm build` first.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The budget of each adapter's browser sync: 2 KB, gzipped. */
export const SYNC_BUDGET_GZIPPED = 2048;

// Each entry's `ceiling` is its gzipped size when it was last made smaller,
// rounded up to 32 bytes (first measured 2026-12-03). A sync that meets the 2 KB
// budget is held to the budget (`heldToBudget`); the others are held at their
// ceiling by the unit test, so that none grows while they are made smaller, and
// `pnpm size` reports how far each is from the budget. Lower a ceiling when a
// sync shrinks; never raise one.
//
// What is measured against the budget is the initial JS: what the page loads
// with the sync. What the sync loads later with import() (the token refresh's
// proof request and the reading of its answer, on the first refresh) is measured
// and reported beside it, and not counted in the budget.

const require = createRequire(import.meta.url);

/** The esbuild that tsup (a root devDependency) builds the packages with. */
function loadEsbuild() {
  return createRequire(require.resolve('tsup'))('esbuild');
}

/**
 * Packages the app already has (the framework, its router, the Messenger SDK
 * it chose): left out of the bundle, as they are not ours to count.
 */
const FRAMEWORK_PACKAGES = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  'next',
  'next/*',
  'react-router',
  'react-router/*',
  'svelte',
  'svelte/*',
  '@sveltejs/kit',
  '@sveltejs/kit/*',
  '$app/*',
  'vue',
  'vue/*',
  'vue-router',
  'nuxt',
  'nuxt/*',
  '#app',
  '#imports',
  'astro',
  'astro/*',
  'astro:*',
  'react-use-intercom',
  '@intercom/messenger-js-sdk',
];

/**
 * The browser side of each adapter, as a page imports it: the sync (the
 * component, plugin or script the README sets up) and the logout helper every
 * README asks for. `entry` and `imports` are Markdown. `code` is the app's module; it is resolved from the
 * adapter's own folder, so `@intercom-identity/<adapter>` resolves through its
 * package.json exports, and `@intercom-identity/core` as the adapter depends on it.
 */
export const SYNCS = [
  {
    adapter: 'Express, Hono, Fastify',
    ceiling: 2048,
    heldToBudget: true,
    dir: 'core',
    entry: '`@intercom-identity/core/client`',
    imports: '`createIntercomSync`, `shutdownIntercom`',
    code: "export { createIntercomSync, shutdownIntercom } from '@intercom-identity/core/client';",
    dist: ['dist/client.js'],
  },
  {
    adapter: 'Next.js',
    ceiling: 2048,
    heldToBudget: true,
    dir: 'next',
    entry: '`@intercom-identity/next/client`',
    imports: '`<IntercomSync />` (rendered by `<IntercomIdentity />`), `shutdownIntercom`',
    code: "export { IntercomSync, shutdownIntercom } from '@intercom-identity/next/client';",
    dist: ['dist/browser.js'],
  },
  {
    adapter: 'SvelteKit',
    ceiling: 2048,
    heldToBudget: true,
    dir: 'sveltekit',
    entry: '`@intercom-identity/sveltekit/client`',
    imports: '`<IntercomSync />`, `shutdownIntercom`',
    code: "export { IntercomSync, shutdownIntercom } from '@intercom-identity/sveltekit/client';",
    dist: ['dist/client.js', 'dist/IntercomSync.svelte'],
  },
  {
    adapter: 'Nuxt',
    ceiling: 2048,
    heldToBudget: true,
    dir: 'nuxt',
    entry: '`@intercom-identity/nuxt` (the module adds it)',
    imports: 'the client plugin, `useIntercomSync()`',
    code: [
      "export { default as plugin } from './dist/runtime/plugin.client.js';",
      "export { useIntercomSync } from './dist/runtime/composables.js';",
    ].join('\n'),
    dist: ['dist/runtime/plugin.client.js', 'dist/runtime/composables.js'],
  },
  {
    adapter: 'Astro',
    ceiling: 2400,
    dir: 'astro',
    entry: '`@intercom-identity/astro/client`',
    imports: 'the script the integration injects, `shutdownIntercom`',
    code: [
      "import { startIntercomSync } from '@intercom-identity/astro/client';",
      'startIntercomSync({"refreshUrl":"/api/intercom-identity"});',
      "export { shutdownIntercom } from '@intercom-identity/astro/client';",
    ].join('\n'),
    dist: ['dist/client.js'],
  },
  {
    adapter: 'React Router',
    ceiling: 2208,
    dir: 'react-router',
    entry: '`@intercom-identity/react-router`',
    imports: '`<IntercomScript />`, `shutdownIntercom`',
    code: "export { IntercomScript, shutdownIntercom } from '@intercom-identity/react-router';",
    dist: ['dist/index.js'],
  },
  {
    adapter: 'React SPA (react-use-intercom)',
    ceiling: 5568,
    dir: 'react',
    entry: '`@intercom-identity/react/react-use-intercom`',
    imports: '`<IntercomProvider />`, `useIntercomIdentity`',
    code: [
      "export { IntercomProvider } from '@intercom-identity/react/react-use-intercom';",
      "export { useIntercomIdentity } from '@intercom-identity/react';",
    ].join('\n'),
    dist: ['dist/index.js', 'dist/react-use-intercom.js'],
  },
  {
    adapter: 'React SPA (official SDK)',
    ceiling: 5376,
    dir: 'react',
    entry: '`@intercom-identity/react`',
    imports: '`<IntercomIdentityProvider />`, `fromMessengerJsSdk`, `useIntercomIdentity`',
    code: "export { fromMessengerJsSdk, IntercomIdentityProvider, useIntercomIdentity } from '@intercom-identity/react';",
    dist: ['dist/index.js'],
  },
  {
    adapter: 'Any SPA (connectIntercom)',
    ceiling: 4608,
    dir: 'core',
    entry: '`@intercom-identity/core/client`',
    imports: '`connectIntercom`',
    code: "export { connectIntercom } from '@intercom-identity/core/client';",
    dist: ['dist/client.js'],
  },
];

/** The built files the measures read that are missing (relative to the root); empty when all are there. */
export function missingBuilds() {
  const needed = new Set(['packages/core/dist/index.js', 'packages/core/dist/client.js', 'packages/core/dist/refresh.js']);
  for (const sync of SYNCS) for (const file of sync.dist) needed.add(`packages/${sync.dir}/${file}`);
  return [...needed].filter((file) => !existsSync(join(root, file)));
}

/** Compiles `.svelte` files with the Svelte the SvelteKit adapter is built with, for the browser. */
function sveltePlugin() {
  return {
    name: 'svelte',
    setup(build) {
      build.onLoad({ filter: /\.svelte$/ }, (args) => {
        const { compile } = createRequire(join(root, 'packages', 'sveltekit', 'package.json'))('svelte/compiler');
        const source = readFileSync(args.path, 'utf8');
        const { js } = compile(source, { filename: args.path, generate: 'client', dev: false });
        return { contents: js.code, loader: 'js' };
      });
    },
  };
}

/** The name of the app's module in the bundle (it is not a file). */
const ENTRY_NAME = 'size-entry.js';

/** Size of some bytes, and of the same gzipped at level 9. */
export function sizes(bytes) {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return { raw: buffer.length, gzipped: gzipSync(buffer, { level: 9 }).length };
}

/**
 * Bundles one adapter's browser sync as an app would get it (ESM for the
 * browser, minified, production; the framework left out, the core bundled in)
 * and measures it. `inputs` lists the files that went into the bundle, relative
 * to the root.
 */
export async function measureSync(sync) {
  const esbuild = loadEsbuild();
  const result = await esbuild.build({
    stdin: { contents: sync.code, resolveDir: join(root, 'packages', sync.dir), sourcefile: ENTRY_NAME, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: FRAMEWORK_PACKAGES,
    plugins: [sveltePlugin()],
    metafile: true,
    // Split as an app's bundler splits: what the sync loads with import() is a chunk of its own.
    splitting: true,
    outdir: OUT_DIR,
    logLevel: 'silent',
  });
  // Relative to absWorkingDir, the root.
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.endsWith(`/${ENTRY_NAME}`));
  const { initial, lazy } = splitOutputs(result);
  const first = sizes(Buffer.concat(initial.map((file) => file.contents)));
  const later = lazy.map((file) => sizes(file.contents));
  return {
    adapter: sync.adapter,
    entry: sync.entry,
    imports: sync.imports,
    minified: first.raw,
    gzipped: first.gzipped,
    lazyMinified: later.reduce((sum, size) => sum + size.raw, 0),
    lazyGzipped: later.reduce((sum, size) => sum + size.gzipped, 0),
    budget: SYNC_BUDGET_GZIPPED,
    ceiling: sync.ceiling,
    heldToBudget: sync.heldToBudget === true,
    ok: first.gzipped <= SYNC_BUDGET_GZIPPED,
    inputs,
  };
}

const OUT_DIR = join(root, 'size-out');

/**
 * The files of a split build: `initial`, what the page loads with the sync (the
 * entry and what it imports statically); `lazy`, the chunks it loads later with
 * `import()` (the token refresh), each gzipped on its own as a browser gets it.
 */
function splitOutputs(result) {
  const outputs = result.metafile.outputs;
  const byPath = new Map(result.outputFiles.map((file) => [relative(root, file.path), file]));
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined && path.endsWith('.js'));
  const initial = new Set();
  const visit = (path) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  const js = Object.keys(outputs).filter((path) => path.endsWith('.js'));
  return {
    initial: js.filter((path) => initial.has(path)).map((path) => byPath.get(path)),
    lazy: js.filter((path) => !initial.has(path)).map((path) => byPath.get(path)),
  };
}

/** Every adapter's sync, measured. */
export async function measureSyncs() {
  const rows = [];
  for (const sync of SYNCS) rows.push(await measureSync(sync));
  return rows;
}

/** A signed-in user as the examples have her: an id, an email, a name and a sign-up date. */
const ALICE = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
const APP_ID = 'abc12345';
// As long as Intercom's secrets; its value changes no byte count.
const SECRET = 'size-measure-secret-0123456789abcdefghij';

export const BOOT_GATES = [
  { label: 'no gate', options: {} },
  { label: 'consent: required', options: { consent: 'required' } },
  { label: 'load: interaction', options: { load: 'interaction' } },
  { label: 'consent + interaction', options: { consent: 'required', load: 'interaction' } },
];

export const BOOT_PEOPLE = [
  { label: 'visitor', mode: 'jwt', user: null },
  { label: 'user_hash user', mode: 'user_hash', user: ALICE },
  { label: 'JWT user', mode: 'jwt', user: ALICE },
];

/**
 * The bytes the boot adds to a page: the whole `<script>` tag that
 * `createIdentity(...).renderBoot` renders, for each person and gate, raw and
 * gzipped on its own (in a page it is compressed with the rest of the HTML).
 */
export async function measureBoot() {
  const core = await import(pathToFileURL(join(root, 'packages', 'core', 'dist', 'index.js')).href);
  const logger = { warn() {}, error() {} };
  const rows = [];
  for (const person of BOOT_PEOPLE)
    for (const gate of BOOT_GATES) {
      const identity = core.createIdentity({
        appId: APP_ID,
        secret: SECRET,
        mode: person.mode,
        ...gate.options,
        logger,
        production: false,
      });
      const boot = await identity.renderBoot(person.user);
      if (boot.signed !== (person.user !== null)) throw new Error(`The ${person.label} boot was not rendered as expected.`);
      rows.push({ person: person.label, gate: gate.label, ...sizes(boot.html) });
    }
  return rows;
}

const number = (n) => n.toLocaleString('en-US');

/** The sync measures as a Markdown table. */
export function syncTable(rows) {
  const lines = [
    '| Adapter | Entry | What the page imports | Initial, minified (B) | Initial, gzipped (B) | Budget (B, gzipped) | Result | Loaded on the first token refresh, minified / gzipped (B, not in the budget) |',
    '| --- | --- | --- | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.adapter} | ${row.entry} | ${row.imports} | ${number(row.minified)} | ${number(row.gzipped)} | ${number(row.budget)} | ${
        row.ok ? 'pass' : `**over by ${number(row.gzipped - row.budget)}**`
      } | ${row.lazyMinified === 0 ? '–' : `${number(row.lazyMinified)} / ${number(row.lazyGzipped)}`} |`,
    );
  return lines.join('\n');
}

/** The boot measures as a Markdown table: one row per person, raw / gzipped bytes per gate. */
export function bootTable(rows) {
  const lines = [
    `| Boot script (raw / gzipped B) | ${BOOT_GATES.map((gate) => gate.label).join(' | ')} |`,
    `| --- | ${BOOT_GATES.map(() => '---:').join(' | ')} |`,
  ];
  for (const person of BOOT_PEOPLE) {
    const cells = BOOT_GATES.map((gate) => {
      const row = rows.find((r) => r.person === person.label && r.gate === gate.label);
      return row === undefined ? '–' : `${number(row.raw)} / ${number(row.gzipped)}`;
    });
    lines.push(`| ${person.label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
