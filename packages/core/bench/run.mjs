#!/usr/bin/env node
// `pnpm bench`: benchmarks the built core against its baselines and writes
// BENCHMARKS.md. `--quick` runs every benchmark briefly to prove it still runs
// and gives right answers, and writes nothing. Ratios are printed, never
// asserted: the exit code is non-zero only when a benchmark throws or a result
// is wrong.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODES, measureGroup, pairedRatio } from './harness.mjs';
import {
  environment,
  FIGURE_HEADERS,
  formatRatio,
  history,
  markdown,
  rows,
  TARGET_HEADERS,
  textTable,
  verdict,
} from './report.mjs';
import { COMPARISONS, checkKnownAnswers, groups } from './suites.mjs';

const quick = process.argv.includes('--quick');
const mode = quick ? MODES.quick : MODES.full;

async function loadBuild(file) {
  const url = new URL(`../dist/${file}`, import.meta.url);
  if (!existsSync(url)) {
    throw new Error(`dist/${file} is missing. Build the core first: pnpm --filter @intercom-identity/core build`);
  }
  return import(url.href);
}

async function main() {
  const started = performance.now();
  const env = environment();
  const loadBefore = env.load();
  const [node, web] = await Promise.all([loadBuild('index.js'), loadBuild('web.js')]);
  await checkKnownAnswers(node, web).catch((error) => {
    throw new Error(`the core gave a wrong answer before anything was timed: ${error.message}`);
  });

  const measured = [];
  for (const group of await groups(node, web)) {
    const t = performance.now();
    process.stdout.write(`${group.name}: ${group.tasks.length} tasks ... `);
    measured.push({ name: group.name, results: await measureGroup(group.name, group.tasks, mode) });
    console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  const byId = new Map(measured.flatMap((group) => group.results.map((r) => [r.id, r])));
  const ratios = COMPARISONS.map((comparison) => {
    const a = byId.get(comparison.a);
    const b = byId.get(comparison.b);
    if (a === undefined || b === undefined) throw new Error(`No task for the comparison "${comparison.what}".`);
    return { comparison, ratio: pairedRatio(a, b) };
  });
  const table = rows(measured, ratios);
  console.log(`\n${textTable(FIGURE_HEADERS, table.figures, 2)}\n\n${textTable(TARGET_HEADERS, table.targets, 1)}`);

  // Every explanation is written, so that the quick run proves they work; only misses are kept.
  const results = Object.fromEntries(byId);
  const misses = ratios
    .map(({ comparison, ratio }, index) => ({
      what: comparison.what,
      ratio: table.targets[index][1],
      target: table.targets[index][5],
      why: comparison.whyMissed?.(results) ?? '',
      missed: verdict(comparison, ratio).startsWith('MISS'),
    }))
    .filter((miss) => miss.missed);
  const seconds = (performance.now() - started) / 1000;
  const out = new URL('../BENCHMARKS.md', import.meta.url);
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const runs = history(existsSync(out) ? readFileSync(out, 'utf8') : undefined, env, {
    date,
    load: loadBefore.split(' ')[0],
    ratios: Object.fromEntries(
      ratios
        .filter(({ comparison }) => comparison.target !== undefined)
        .map(({ comparison, ratio }) => [
          comparison.what,
          `${formatRatio(ratio.median)} ${verdict(comparison, ratio).split(' ')[0]}`,
        ]),
    ),
  });
  const text = markdown({
    env,
    date,
    mode,
    loadBefore,
    loadAfter: env.load(),
    seconds,
    table,
    misses,
    runs,
    comparisons: COMPARISONS,
  });

  if (quick) {
    console.log(`\nQuick run: every benchmark ran and every result was right (${seconds.toFixed(1)} s). Nothing written.`);
    return;
  }
  writeFileSync(out, text);
  console.log(`\nWrote ${fileURLToPath(out)} (${seconds.toFixed(0)} s).`);
}

main().catch((error) => {
  console.error(`\nBenchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.stack) console.error(error.stack.split('\n').slice(1).join('\n'));
  process.exitCode = 1;
});
