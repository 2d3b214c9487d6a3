#!/usr/bin/env node
// `npm test`: from a fresh clone with only Node and npm, installs pnpm and every
// dependency, builds, runs every quality gate and every test, and ends with one
// summary line "N passed, N failed". Exits non-zero when anything failed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { capture, ensurePnpm, installDependencies, onProjectNode, root, run } from './lib.mjs';

onProjectNode(import.meta.url);

const started = Date.now();
// Counts of test suites outside Vitest (PHPUnit), added to the summary.
const extraCounts = { passed: 0, failed: 0 };
const gates = [];
// The JSON reports of the Vitest runs, summed in the summary.
const reports = [];
function gate(name, fn) {
  console.log(`\n=== ${name}`);
  const t = Date.now();
  const ok = fn();
  gates.push({ name, ok, seconds: (Date.now() - t) / 1000 });
  if (!ok) console.error(`=== ${name}: FAILED`);
  return ok;
}

const pnpm = ensurePnpm();
const [pnpmCmd, ...pnpmPre] = pnpm;
const p = (...args) => run(pnpmCmd, [...pnpmPre, ...args]).status === 0;
const bin = (name, ...args) => p('exec', name, ...args);

const installed = gate('install dependencies', () => installDependencies(pnpm).status === 0);
if (!installed) finish();
// System programs for the browser checks (Debian's Chromium).
gate('system programs', () => run(process.execPath, ['scripts/setup-system.mjs', ...systemNeeds()]).status === 0);
const built = gate('build packages', () => p('build'));
// The end-to-end suites run against production builds of the example apps (and their fixtures).
gate(
  'build example apps (production)',
  () => built && p('-r', '--filter', './examples/**', '--filter', './e2e/fixtures/**', 'build'),
);
gate('lint (biome ci)', () => bin('biome', 'ci', '.'));
gate('changesets parse', () => run(process.execPath, ['scripts/check-changesets.mjs']).status === 0);
gate('typecheck (tsc --noEmit)', () => p('typecheck'));
for (const dir of publishedPackages()) {
  gate(`publint ${dir}`, () => built && bin('publint', '--strict', dir));
  gate(`attw ${dir}`, () => built && bin('attw', '--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped'));
}

mkdirSync(join(root, '.test-artifacts'), { recursive: true });
// Never count a previous run's results.
for (const name of readdirSync(join(root, '.test-artifacts')))
  if (name.startsWith('vitest') && name.endsWith('.json')) rmSync(join(root, '.test-artifacts', name), { force: true });
function vitestGate(name, slug, ...args) {
  const file = join(root, '.test-artifacts', `vitest-${slug}.json`);
  reports.push(file);
  return gate(name, () => bin('vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`));
}
const lanes = JSON.parse(readFileSync(join(root, 'e2e', 'lanes.json'), 'utf8'));
const installedVersion = (dir, name) => {
  try {
    return JSON.parse(readFileSync(join(root, dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};
const current = [
  `Next ${installedVersion('examples/next-app', 'next')}`,
  `SvelteKit ${installedVersion('examples/sveltekit-app', '@sveltejs/kit')}`,
  `Nuxt ${installedVersion('examples/nuxt-app', 'nuxt')}`,
  `Express ${installedVersion('examples/express-app', 'express')}`,
  `Hono ${installedVersion('examples/hono-app', 'hono')}`,
  `Astro ${installedVersion('examples/astro-app', 'astro')}`,
  `React Router ${installedVersion('examples/react-router-app', 'react-router')}`,
  `React ${installedVersion('examples/react-spa', 'react')} with react-use-intercom ${installedVersion('examples/react-spa', 'react-use-intercom')}`,
  `WordPress ${lanes.current.wordpress}`,
].join(', ');
const oldest = lanes.oldest;
// Projects: one per package (unit tests), and e2e, e2e-oldest, e2e-starters.
vitestGate('unit tests (every package)', 'unit', '--project=!e2e*');
vitestGate(
  `current lane: e2e (Node ${process.versions.node}; ${current})`,
  'current',
  '--project=e2e',
  '--exclude=**/wordpress-6.1.e2e.test.ts',
);
vitestGate(
  `oldest lane: e2e (WordPress ${oldest.wordpress.version})`,
  'oldest-wordpress',
  '--project=e2e',
  'e2e/wordpress-6.1.e2e.test.ts',
);
vitestGate(
  `oldest lane: smoke (Node ${oldest.node}; Next ${oldest.next.next}, SvelteKit ${oldest.sveltekit['@sveltejs/kit']}, Nuxt ${oldest.nuxt.nuxt})`,
  'oldest',
  '--project=e2e-oldest',
);
vitestGate(
  `starter apps (create-next-app ${lanes.starters['create-next-app']}, sv ${lanes.starters.sv}, create-vite ${lanes.starters['create-vite']}, fastify-cli ${lanes.starters['fastify-cli']}; by hand: Nuxt ${lanes.starters.nuxt}, Express ${lanes.starters.express.express} and ${lanes.starters.express4}, Hono ${lanes.starters.hono.hono}, Astro ${lanes.starters.astro.astro}, React Router ${lanes.starters['react-router']['react-router']})`,
  'starters',
  '--project=e2e-starters',
);
// Test suites in other languages (the WordPress plugin's PHPUnit suite), counted in the summary.
for (const dir of workspaceDirs().filter((d) => scriptsOf(d)['test:php'])) {
  gate(`php tests ${dir}`, () => {
    const [cmd, ...pre] = pnpm;
    const result = capture(cmd, [...pre, '--dir', dir, 'run', 'test:php'], { stdio: ['ignore', 'pipe', 'pipe'] });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    const counts = phpunitCounts(result.stdout);
    extraCounts.passed += counts.passed;
    extraCounts.failed += counts.failed;
    return result.status === 0 && counts.passed > 0;
  });
}
gate('benchmarks run (quick mode, no timing asserted)', () => p('--filter', '@intercom-identity/core', 'bench', '--quick'));
finish();

function systemNeeds() {
  const needs = new Set();
  for (const dir of ['packages', 'examples']) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir))) {
      const file = join(root, dir, name, 'package.json');
      if (!existsSync(file)) continue;
      for (const need of JSON.parse(readFileSync(file, 'utf8')).intercomIdentity?.systemNeeds ?? []) needs.add(need);
    }
  }
  return [...needs];
}

function workspaceDirs() {
  return ['packages', 'examples'].flatMap((top) =>
    existsSync(join(root, top))
      ? readdirSync(join(root, top))
          .map((name) => join(top, name))
          .filter((dir) => existsSync(join(root, dir, 'package.json')))
      : [],
  );
}

function scriptsOf(dir) {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).scripts ?? {};
}

/** Reads PHPUnit's closing line: "OK (N tests, ...)" or "Tests: N, Assertions: M, Failures: F, Errors: E". */
function phpunitCounts(output) {
  const ok = output.match(/OK \((\d+) tests?,/);
  if (ok) return { passed: Number(ok[1]), failed: 0 };
  const summary = output.match(/Tests: (\d+), Assertions: \d+(?:, Errors: (\d+))?(?:, Failures: (\d+))?(?:, Errors: (\d+))?/);
  if (!summary) return { passed: 0, failed: 1 };
  const failed = Number(summary[2] ?? 0) + Number(summary[3] ?? 0) + Number(summary[4] ?? 0);
  return { passed: Number(summary[1]) - failed, failed };
}

function publishedPackages() {
  return readdirSync(join(root, 'packages'))
    .map((name) => join('packages', name))
    .filter((dir) => {
      const file = join(root, dir, 'package.json');
      return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).private !== true;
    });
}

function finish() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const reportFile of reports) {
    if (!existsSync(reportFile)) continue;
    const result = JSON.parse(readFileSync(reportFile, 'utf8'));
    passed += result.numPassedTests ?? 0;
    failed += result.numFailedTests ?? 0;
    skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
    // A file that failed without a failing test did not load at all: count it as a failure.
    for (const file of result.testResults ?? [])
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed')) failed += 1;
  }
  passed += extraCounts.passed;
  failed += extraCounts.failed;
  console.log('\n=== summary');
  for (const g of gates) console.log(`${g.ok ? 'ok  ' : 'FAIL'} ${g.name} (${g.seconds.toFixed(1)} s)`);
  const gatesFailed = gates.filter((g) => !g.ok).length;
  const gatesPassed = gates.length - gatesFailed;
  console.log(
    `tests (Vitest${extraCounts.passed + extraCounts.failed ? ', PHPUnit' : ''}): ${passed} passed, ${failed} failed, ${skipped} skipped; gates: ${gatesPassed} passed, ${gatesFailed} failed; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  const line = `${passed + gatesPassed} passed, ${failed + gatesFailed} failed${skipped ? `, ${skipped} skipped` : ''}`;
  console.log(`tests: ${line}`);
  process.exit(failed + gatesFailed === 0 && gates.length > 0 ? 0 : 1);
}
