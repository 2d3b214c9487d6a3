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
