// Measurement: batched samples, interleaved rounds, paired ratios.
//
// One call of userHash takes about a microsecond, close to the cost and the
// grain of the timer, so each tinybench iteration runs a batch of calls and
// reports the mean per call (overriddenDuration). The tasks that are compared
// run in the same rounds, one short slice each, in an order that rotates every
// round: a burst of noise from the shared machine then lands on every task
// alike, and each round gives one paired ratio.
import { Bench } from 'tinybench';

/**
 * @typedef {object} BenchTask
 * @property {string} id
 * @property {string} label
 * @property {boolean} async whether each call is awaited before the next one
 * @property {(i: number) => unknown} call one call; `i` picks the input
 * @property {(output: unknown, i: number) => void | Promise<void>} check throws when `output` is not the right answer for `i`
 */

/** Settings of a full run and of the quick run that only proves the benchmarks work. */
export const MODES = {
  full: { rounds: 150, sliceMs: 25, warmupMs: 300, batchMs: 1, minIterations: 4 },
  quick: { rounds: 2, sliceMs: 20, warmupMs: 20, batchMs: 0.2, minIterations: 4 },
};

function batchFunction(task, state) {
  const call = task.call;
  if (task.async) {
    return async () => {
      const n = state.batch;
      let i = state.next;
      let last;
      const start = performance.now();
      for (let k = 0; k < n; k++) last = await call(i++);
      const elapsed = performance.now() - start;
      state.next = i;
      state.last = last;
      return { overriddenDuration: elapsed / n, overriddenIterationCost: elapsed };
    };
  }
  return () => {
    const n = state.batch;
    let i = state.next;
    let last;
    const start = performance.now();
    for (let k = 0; k < n; k++) last = call(i++);
    const elapsed = performance.now() - start;
    state.next = i;
    state.last = last;
    return { overriddenDuration: elapsed / n, overriddenIterationCost: elapsed };
  };
}

async function checkLast(state) {
  try {
    await state.task.check(state.last, state.next - 1);
  } catch (error) {
    throw new Error(`${state.task.label} returned a wrong result: ${error.message}`);
  }
}

/**
 * Measures a group of tasks side by side. Every task's output is checked once
 * before the timing starts and once after it ends, so a broken function fails
 * the run instead of being timed.
 *
 * @param {string} name
 * @param {BenchTask[]} tasks
 * @param {typeof MODES.full} mode
 */
export async function measureGroup(name, tasks, mode) {
  const states = tasks.map((task) => ({ task, batch: 1, next: 0, last: undefined, roundMedians: [], samples: [] }));
  for (const state of states) {
    state.run = batchFunction(state.task, state);
    state.batch = 1;
    await state.run();
    await checkLast(state);
  }
  // Round -1 is a warm-up of one call per sample, whose figures only size the batches.
  for (let round = -1; round < mode.rounds; round++) {
    const bench = new Bench({
      name,
      time: round < 0 ? mode.warmupMs : mode.sliceMs,
      iterations: mode.minIterations,
      warmup: false,
      throws: true,
      retainSamples: true,
    });
    const shift = ((round % states.length) + states.length) % states.length;
    const order = [...states.slice(shift), ...states.slice(0, shift)];
    for (const state of order) bench.add(state.task.id, state.run);
    await bench.run();
    for (const state of order) {
      const result = bench.getTask(state.task.id)?.result;
      if (result?.state !== 'completed') throw new Error(`${state.task.label} did not complete (${result?.state}).`);
      if (round < 0) {
        // Sized on the median call, so that a slow one (a collection, a thread waking up) does not set the size.
        state.batch = Math.min(1 << 20, Math.max(1, Math.round(mode.batchMs / Math.max(result.latency.p50, 1e-6))));
        continue;
      }
      state.roundMedians.push(result.latency.p50);
      for (const sample of result.latency.samples ?? []) state.samples.push(sample);
    }
  }
  for (const state of states) await checkLast(state);

  return states.map((state) => ({
    id: state.task.id,
    label: state.task.label,
    batch: state.batch,
    roundMedians: state.roundMedians,
    ...summarize(state.samples),
  }));
}

// Two-sided 95% critical values of Student's t, by degrees of freedom.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131];
const t95 = (df) => (df < 1 ? Number.NaN : df <= T95.length ? T95[df - 1] : df <= 30 ? 2.09 : df <= 60 ? 2.02 : 1.96);

/** Mean, median and relative margin of error (95%, in percent) of a list of numbers. */
export function summarize(values) {
  const n = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  const sorted = [...values].sort((a, b) => a - b);
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const variance = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : Number.NaN;
  const rme = (100 * t95(n - 1) * Math.sqrt(variance / n)) / mean;
  return { n, mean, median, rme };
}

/**
 * The 95% confidence interval of a median, from order statistics: no
 * assumption about the shape of the distribution, and one wild round cannot
 * stretch it (it would stretch a margin computed from the standard deviation).
 */
export function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const low = sorted[Math.max(0, Math.floor(n / 2 - half))];
  const high = sorted[Math.min(n - 1, Math.ceil(n / 2 + half))];
  return { low, high };
}

/**
 * Time per call of `a` divided by that of `b`, once per round in which both ran
 * back to back, summarized over the rounds; plus the ratio of the pooled means.
 * Each round compares medians: when another process takes the CPU in the middle
 * of a batch, that batch's figure says nothing about the code, and the median
 * leaves it out where a mean would not.
 */
export function pairedRatio(a, b) {
  const perRound = a.roundMedians.map((median, round) => median / b.roundMedians[round]);
  const sorted = [...perRound].sort((x, y) => x - y);
  const quartile = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const { low, high } = medianInterval(perRound);
  return {
    perRound,
    median: summarize(perRound).median,
    low,
    high,
    q1: quartile(0.25),
    q3: quartile(0.75),
    ofMeans: a.mean / b.mean,
  };
}
