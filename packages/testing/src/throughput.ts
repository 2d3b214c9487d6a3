import { IntercomIdentityError } from '@intercom-identity/core';
import autocannon from 'autocannon';
import { loopbackUrl } from './loopback.js';

/** A page to measure: its URL, or a request with method, headers (a session cookie) and body. */
export type ThroughputTarget =
  | string
  | { url: string; method?: 'GET' | 'POST' | 'HEAD'; headers?: Record<string, string>; body?: string };

/** Options of {@link compareThroughput}. */
export interface CompareThroughputOptions {
  /** Usually the page with identity on. */
  a: ThroughputTarget;
  /** Usually the same page with identity off. */
  b: ThroughputTarget;
  /** Seconds of measuring for each side, split over the rounds. Default 6. */
  seconds?: number;
  /** Concurrent connections. Default 10. */
  connections?: number;
  /** Rounds; each measures both sides, alternating which goes first. Default 3. */
  rounds?: number;
}

/** Requests per second (2xx answers only) of each side. */
export interface ThroughputResult {
  a: number;
  b: number;
  /** a / b: with identity as `a`, the share of throughput that signing keeps (1 means no cost). */
  ratio: number;
  rounds: Array<{ a: number; b: number }>;
  /** Answers that were not 2xx, and connection errors, per side. */
  failed: { a: number; b: number };
}

interface Side {
  ok: number;
  seconds: number;
  failed: number;
}

function request(
  target: ThroughputTarget,
  label: string,
): { url: string; method: 'GET' | 'POST' | 'HEAD'; headers?: Record<string, string>; body?: string } {
  const given = typeof target === 'string' ? { url: target } : target;
  if (typeof given !== 'object' || given === null)
    throw new IntercomIdentityError('SETTINGS_INVALID', `${label} must be a URL or { url, headers }.`);
  loopbackUrl(given.url, `${label}.url`);
  return { method: 'GET', ...given };
}

async function measure(target: ReturnType<typeof request>, seconds: number, connections: number): Promise<Side> {
  const result = await autocannon({ ...target, duration: seconds, connections, timeout: 10 });
  return { ok: result['2xx'], seconds: result.duration, failed: result.non2xx + result.errors };
}

/** Options of {@link measureThroughput}. */
export interface MeasureThroughputOptions<N extends string> {
  /** The variants of one page to measure side by side, by name: `{ on, visitor, none }`. At least two. */
  targets: Record<N, ThroughputTarget>;
  /** Seconds of measuring for each variant in each round. Default 2. */
  secondsPerRound?: number;
  /** Concurrent connections. Default 10. */
  connections?: number;
  /** Rounds; in each, every variant is measured once, in an order that rotates from round to round. Default 5. */
  rounds?: number;
  /**
   * For each variant, a function that returns the CPU time its server has used so
   * far, in seconds (user and system, of its whole process tree). With it, each
   * round also records the server's CPU time per answer: what a page costs the
   * server alone, without the load generator that shares the machine.
   */
  cpuSeconds?: Partial<Record<N, () => number>>;
}

/** What {@link measureThroughput} found: requests per second (2xx answers only), pooled and per round. */
export interface MeasuredThroughput<N extends string> {
  /** Each variant's requests per second over all its rounds. */
  rps: Record<N, number>;
  /** Each round's requests per second, per variant. */
  rounds: Array<Record<N, number>>;
  /** Answers that were not 2xx, and connection errors, per variant. */
  failed: Record<N, number>;
  /**
   * With `cpuSeconds`: each round's server CPU time per answer, in microseconds,
   * for the variants that have a `cpuSeconds` function. Compare two variants by
   * {@link medianDifference}.
   */
  cpuRounds?: Array<Partial<Record<N, number>>>;
}

/**
 * Measures variants of one page (identity on, the visitor Messenger, no
 * Messenger) in one run: in each round every variant gets the same time, in
 * an order that rotates every round, so that a busy machine and warm-up slow
 * them alike. Compare two variants by the median of their per-round ratios
 * ({@link medianRatio}): a round in which another process took the CPU moves a
 * pooled mean, not a median. For reports and benchmarks; assert on
 * behaviour, not on these numbers.
 *
 * @example
 * ```ts
 * import { measureThroughput, medianRatio } from '@intercom-identity/testing';
 * const result = await measureThroughput({
 *   targets: { on: { url: onUrl, headers: { cookie } }, off: { url: offUrl, headers: { cookie } } },
 *   secondsPerRound: 3,
 *   rounds: 8,
 * });
 * console.log(`identity keeps ${(medianRatio(result, 'on', 'off') * 100).toFixed(1)}% of throughput`);
 * ```
 */
export async function measureThroughput<N extends string>(options: MeasureThroughputOptions<N>): Promise<MeasuredThroughput<N>> {
  if (typeof options !== 'object' || options === null || typeof options.targets !== 'object' || options.targets === null)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'measureThroughput needs { targets: { name: url, ... } }.');
  const names = Object.keys(options.targets) as N[];
  if (names.length < 2)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'measureThroughput needs at least two targets to compare.');
  const targets = Object.fromEntries(names.map((name) => [name, request(options.targets[name], `targets.${name}`)])) as Record<
    N,
    ReturnType<typeof request>
  >;
  const each = options.secondsPerRound ?? 2;
  const connections = options.connections ?? 10;
  const rounds = options.rounds ?? 5;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 200)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'rounds must be a whole number from 1 to 200.');
  if (typeof each !== 'number' || !(each >= 0.5) || each > 600)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'secondsPerRound must be from 0.5 to 600.');
  if (!Number.isInteger(connections) || connections < 1 || connections > 256)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'connections must be a whole number from 1 to 256.');

  const cpu = options.cpuSeconds;
  if (cpu !== undefined && (typeof cpu !== 'object' || cpu === null || Object.values(cpu).some((f) => typeof f !== 'function')))
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      'cpuSeconds must map variant names to functions that return CPU seconds.',
    );
  const totals = Object.fromEntries(names.map((name) => [name, { ok: 0, seconds: 0, failed: 0 }])) as Record<N, Side>;
  const perRound: Array<Record<N, number>> = [];
  const cpuRounds: Array<Partial<Record<N, number>>> = [];
  for (let round = 0; round < rounds; round++) {
    // Rotate the order, so that warm-up and drift favour no variant.
    const order = names.map((_, i) => names[(i + round) % names.length] as N);
    const measured = {} as Record<N, number>;
    const cpuMeasured: Partial<Record<N, number>> = {};
    for (const name of order) {
      const cpuOf = cpu?.[name];
      const cpuBefore = cpuOf?.();
      const side = await measure(targets[name], each, connections);
      if (cpuOf !== undefined && cpuBefore !== undefined && side.ok > 0)
        cpuMeasured[name] = ((cpuOf() - cpuBefore) / side.ok) * 1e6;
      measured[name] = side.ok / side.seconds;
      totals[name].ok += side.ok;
      totals[name].seconds += side.seconds;
      totals[name].failed += side.failed;
    }
    perRound.push(measured);
    cpuRounds.push(cpuMeasured);
  }
  for (const name of names)
    if (totals[name].ok === 0)
      throw new Error(
        `measureThroughput: ${name} (${targets[name].url}) answered no request with a 2xx status; check that the page works before measuring it.`,
      );
  return {
    rps: Object.fromEntries(names.map((name) => [name, totals[name].ok / totals[name].seconds])) as Record<N, number>,
    rounds: perRound,
    failed: Object.fromEntries(names.map((name) => [name, totals[name].failed])) as Record<N, number>,
    ...(cpu === undefined ? {} : { cpuRounds }),
  };
}

/** The median of some numbers, NaN when there are none. */
function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The median over the rounds of `a`'s server CPU time per answer minus `b`'s, in
 * microseconds (what `a` costs the server more per page); NaN without `cpuSeconds`
 * for both.
 */
export function medianDifference<N extends string>(result: MeasuredThroughput<N>, a: N, b: N): number {
  return median(
    (result.cpuRounds ?? []).map((round) => (round[a] ?? Number.NaN) - (round[b] ?? Number.NaN)).filter((d) => !Number.isNaN(d)),
  );
}

/** The median over the rounds of one variant's server CPU time per answer, in microseconds; NaN without `cpuSeconds`. */
export function medianCpu<N extends string>(result: MeasuredThroughput<N>, name: N): number {
  return median((result.cpuRounds ?? []).map((round) => round[name]).filter((v): v is number => v !== undefined));
}

/** The median over the rounds of `a`'s requests per second divided by `b`'s, measured in the same round. */
export function medianRatio<N extends string>(result: MeasuredThroughput<N>, a: N, b: N): number {
  return median(result.rounds.map((round) => round[a] / round[b]));
}

/**
 * Measures the same page with identity on (`a`) and off (`b`) in one run, in
 * alternating rounds so that a busy machine slows both alike, and returns their
 * requests per second and the ratio. For reports and benchmarks; assert on
 * behaviour, not on these numbers.
 *
 * @example
 * ```ts
 * import { compareThroughput } from '@intercom-identity/testing';
 * const result = await compareThroughput({
 *   a: { url: 'http://127.0.0.1:3000/', headers: { cookie: 'session=alice' } },
 *   b: 'http://127.0.0.1:3001/',
 *   seconds: 6,
 *   connections: 10,
 * });
 * console.log(`identity keeps ${(result.ratio * 100).toFixed(1)}% of throughput`);
 * ```
 */
export async function compareThroughput(options: CompareThroughputOptions): Promise<ThroughputResult> {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'compareThroughput needs { a, b, seconds, connections }.');
  const a = request(options.a, 'a');
  const b = request(options.b, 'b');
  const seconds = options.seconds ?? 6;
  const connections = options.connections ?? 10;
  const rounds = options.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'rounds must be a whole number from 1 to 20.');
  if (typeof seconds !== 'number' || !(seconds >= 0.5 * rounds) || seconds > 600)
    throw new IntercomIdentityError('SETTINGS_INVALID', `seconds must be from ${0.5 * rounds} (half a second per round) to 600.`);
  if (!Number.isInteger(connections) || connections < 1 || connections > 256)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'connections must be a whole number from 1 to 256.');

  const each = seconds / rounds;
  const totals = { a: { ok: 0, seconds: 0, failed: 0 }, b: { ok: 0, seconds: 0, failed: 0 } };
  const perRound: Array<{ a: number; b: number }> = [];
  for (let round = 0; round < rounds; round++) {
    // Alternate the order, so warm-up and drift do not favour one side.
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const);
    const measured: Partial<Record<'a' | 'b', Side>> = {};
    for (const side of order) measured[side] = await measure(side === 'a' ? a : b, each, connections);
    const sideA = measured.a as Side;
    const sideB = measured.b as Side;
    perRound.push({ a: sideA.ok / sideA.seconds, b: sideB.ok / sideB.seconds });
    for (const [side, value] of [
      ['a', sideA],
      ['b', sideB],
    ] as const) {
      totals[side].ok += value.ok;
      totals[side].seconds += value.seconds;
      totals[side].failed += value.failed;
    }
  }
  for (const side of ['a', 'b'] as const)
    if (totals[side].ok === 0)
      throw new Error(
        `compareThroughput: ${side} (${(side === 'a' ? a : b).url}) answered no request with a 2xx status; check that the page works before measuring it.`,
      );
  const rpsA = totals.a.ok / totals.a.seconds;
  const rpsB = totals.b.ok / totals.b.seconds;
  return { a: rpsA, b: rpsB, ratio: rpsA / rpsB, rounds: perRound, failed: { a: totals.a.failed, b: totals.b.failed } };
}
