// Turns measurements into the console table and into BENCHMARKS.md.
import { readFileSync } from 'node:fs';
import os from 'node:os';

const packageDir = new URL('../', import.meta.url);

function versionOf(dir) {
  return JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')).version;
}

/** Where the figures come from: machine, runtime and the versions of everything measured. */
export function environment() {
  const cpus = os.cpus();
  const lib = (name) => `${name} ${versionOf(new URL(`node_modules/${name}/`, packageDir))}`;
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: `Node ${process.version} (V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl})`,
    packages: [
      `@intercom-identity/core ${versionOf(packageDir)} (built dist/)`,
      lib('tinybench'),
      lib('jose'),
      lib('jsonwebtoken'),
      lib('crypto-js'),
    ],
    load: () =>
      os
        .loadavg()
        .map((v) => v.toFixed(2))
        .join(' '),
  };
}

const ns = (ms) => {
  const value = ms * 1e6;
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
};
const pct = (value) => (Number.isFinite(value) ? `±${value.toFixed(1)}%` : '±n/a');
/** A ratio as it is printed: 0.56x, 18.9x. */
export const formatRatio = (value) => `${value.toFixed(value >= 10 ? 1 : 2)}x`;

export function verdict(comparison, ratio) {
  if (comparison.target === undefined) return 'context';
  const pass = comparison.rule === 'atMost' ? ratio.median <= comparison.target : ratio.median >= comparison.target;
  const close = ratio.low <= comparison.target && comparison.target <= ratio.high;
  return `${pass ? 'PASS' : 'MISS'}${close ? ' (within margin)' : ''}`;
}

function targetText(comparison) {
  if (comparison.target === undefined) return '-';
  return comparison.rule === 'atMost' ? `<= ${formatRatio(comparison.target)}` : `>= ${formatRatio(comparison.target)}`;
}

/** Rows of the figures table and of the targets table. */
export function rows(groups, ratios) {
  const figures = groups.flatMap((group) =>
    group.results.map((r) => [
      group.name,
      r.label,
      ns(r.mean),
      pct(r.rme),
      ns(r.median),
      Math.round(1000 / r.mean).toLocaleString('en-US'),
      String(r.n),
      String(r.batch),
    ]),
  );
  const targets = ratios.map(({ comparison, ratio }) => [
    comparison.what,
    formatRatio(ratio.median),
    `${formatRatio(ratio.low)} - ${formatRatio(ratio.high)}`,
    `${formatRatio(ratio.q1)} - ${formatRatio(ratio.q3)}`,
    formatRatio(ratio.ofMeans),
    targetText(comparison),
    verdict(comparison, ratio),
  ]);
  return { figures, targets };
}

export const FIGURE_HEADERS = ['group', 'task', 'mean ns/call', 'rme', 'median ns/call', 'calls/s', 'samples', 'calls/sample'];
export const TARGET_HEADERS = [
  'ratio',
  'median of rounds',
  '95% interval',
  'middle half of rounds',
  'ratio of means',
  'target',
  'result',
];

function widthsOf(headers, body) {
  return headers.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
}

/** A plain-text table for the terminal; the first `left` columns are text, the others figures. */
export function textTable(headers, body, left) {
  const widths = widthsOf(headers, body);
  const line = (cells) => cells.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

// Padded the way the repository's formatter (Biome) lays out Markdown tables, so the file passes `biome ci`.
function markdownTable(headers, body, left) {
  const cells = body.map((row) => row.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = widthsOf(headers, cells);
  const line = (row) => `| ${row.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (c < left ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

// Earlier runs are kept in BENCHMARKS.md itself, in a comment, so that the next run can show them.
const HISTORY = /<!-- runs: (.*) -->/;
const KEEP_RUNS = 6;

/** This run's headline ratios, with the runs that BENCHMARKS.md already held for the same machine and runtime. */
export function history(previousText, env, run) {
  let runs = [];
  try {
    runs = JSON.parse(HISTORY.exec(previousText ?? '')?.[1] ?? '[]');
  } catch {
    runs = [];
  }
  const same = (r) => r.cpu === env.cpu && r.cores === env.cores && r.node === env.node;
  return [...runs.filter(same), { cpu: env.cpu, cores: env.cores, node: env.node, ...run }].slice(-KEEP_RUNS);
}

function historyTable(runs, comparisons) {
  const targets = comparisons.filter((c) => c.target !== undefined);
  const headers = ['run', 'load before', ...targets.map((c) => c.what)];
  const body = runs.map((r) => [r.date, r.load, ...targets.map((c) => r.ratios[c.what] ?? '-')]);
  return markdownTable(headers, body, 2);
}

/** The whole BENCHMARKS.md. `misses` explains every target this run missed. */
export function markdown({ env, date, mode, loadBefore, loadAfter, seconds, table, misses, runs, comparisons }) {
  const missText =
    misses.length === 0
      ? 'Every target was met in this run.'
      : misses.map(({ what, ratio, target, why }) => `- **${what}**: ${ratio} against ${target}. ${why}`.trimEnd()).join('\n');
  return `# Benchmarks of @intercom-identity/core

Generated by \`pnpm bench\` on ${date}. Do not edit by hand: rerun it.

## Machine

- CPU: ${env.cpu}, ${env.cores} cores (shared; load average ${loadBefore} before the run, ${loadAfter} after)
- Memory: ${env.memory}
- OS: ${env.os}
- Runtime: ${env.node}
- Packages: ${env.packages.join(', ')}

## How it is measured

- Everything runs in one process, on the built core (\`dist/index.js\` for Node, \`dist/web.js\` for Web Crypto),
  with tinybench. Each sample is a batch of calls (about ${mode.batchMs} ms of work) divided by its length, because
  one call is close to the grain and cost of the timer.
- Tasks that are compared run side by side: ${mode.rounds} rounds, in which each task gets a slice of
  ${mode.sliceMs} ms, in an order that rotates every round. Noise from the shared machine then hits every task
  alike. A warm-up round comes first and is thrown away; the batches are sized after it.
- Every task's output is checked before and after it is timed (the same user_hash as node:crypto; tokens that
  both jose and jsonwebtoken verify, with exactly the claims signed), and the core must also give the RFC 4231
  answer and agree with node:crypto for long and non-ASCII secrets and identifiers.
- Inputs rotate through 64 identifiers and 64 claim sets (\`user_id\`, \`email\`, \`name\`, \`iat\`, \`exp\`); every
  task gets the same ones. The core keeps nothing between calls but what it derives from the secret.
- **How each side is awaited.** \`userHash\` and \`signUserJwt\` return promises, and a caller has to await them,
  so their loops await every call before making the next one: the cost of the promise and of the microtask
  turn is inside their figures. The bare \`createHmac\` baseline of the first target is a plain synchronous
  loop that awaits nothing, so that target charges the whole async contract to \`userHash\`. A second
  \`createHmac\` loop that awaits each result is shown for comparison. jose and the Web Crypto baseline are
  asynchronous and awaited each call; jsonwebtoken and crypto-js are synchronous and not awaited.
- A ratio is computed once per round from the two tasks' median time per call in that round: when another
  process takes the CPU in the middle of a batch, that sample says nothing about the code, and a median
  leaves it out where a mean would not. The table shows the median of the per-round ratios (the figure
  compared with the target), the 95% confidence interval of that median (from order statistics, so one
  wild round cannot stretch it), the quartiles of the per-round ratios (how far they spread), and the ratio
  of the pooled means of all samples as a cross-check (it includes those interruptions, and every
  collection of garbage). "within margin" marks a result whose interval contains the target.

## What makes the core fast

- Node build: most of what \`createHmac\` costs for a short message is setting up an HMAC context. The core
  derives the two padded key blocks of HMAC (RFC 2104) once per secret and signs with two calls of
  node:crypto's one-shot \`hash()\`, so \`userHash\` is faster than the bare \`createHmac\` loop it is
  compared with, await included. Secrets that are not ASCII or are longer than 64 bytes (Intercom's are
  about 40 ASCII characters) and runtimes without \`hash()\` sign with a \`createHmac\` on a \`KeyObject\` cached per secret.
- node:crypto signs synchronously, so \`userHash\` and \`signUserJwt\` return an already-resolved promise
  instead of running an async function or chaining \`.then\`. The JWT header is encoded once, and the
  claims are read without an intermediate array per claim.
- Web Crypto build: the \`CryptoKey\` is imported once per secret, and once it is ready a call signs
  without awaiting it again.

## Figures

${markdownTable(FIGURE_HEADERS, table.figures, 2)}

"rme" is the relative margin of error of the mean (95%) over all samples of all rounds.

## Ratios and targets

${markdownTable(TARGET_HEADERS, table.targets, 1)}

Rows without a target are context: \`userHash\` against a \`createHmac\` loop that also awaits each call, and
what that \`await\` costs; jose and jsonwebtoken called the fastest way they can be (a key made once instead of
the secret on each call); and the Web Crypto build against a bare \`subtle.sign\`, which bounds what any key
cache can gain on this runtime.

## Targets missed

${missText}

## Recent runs on this machine

The median ratio of each target in this run and in the runs before it on the same CPU and Node version, as
BENCHMARKS.md recorded them. Three targets barely move from run to run. The two that involve Web Crypto do:
jose signs with Web Crypto, and on Node \`subtle.sign\` is a job on the libuv thread pool whose latency is
mostly the time two threads take to wake up. On a shared virtual machine that changes with the load of the
host, and it tends to hold for many seconds, so the intervals within one run stay narrow while runs differ.
When the threads wake fast, jose is fast, and \`signUserJwt\` (whose own time is validation, JSON, base64url
and two one-shot SHA-256 calls, close to what node:crypto allows) can fall short of 20x; when they wake
slowly, the \`importKey\` that the Web Crypto build saves is a small share of each call, and that ratio falls
below 2x. A miss is explained with its figures under "Targets missed" in the run in which it happens.

${historyTable(runs, comparisons)}

<!-- runs: ${JSON.stringify(runs)} -->

## Rerun

\`\`\`sh
pnpm --filter @intercom-identity/core build
pnpm bench                 # about ${Math.ceil(seconds / 60)} min; rewrites this file
node packages/core/bench/run.mjs --quick   # a few seconds: proves every benchmark runs and is right, writes nothing
\`\`\`

Close other work first: on a shared machine the intervals grow.
`;
}
