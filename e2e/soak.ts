/**
 * Soak test of the example apps, not part of `npm test`: each example's production
 * build, with the secret and the fake Messenger, loaded by four signed-in users in
 * turn (Alice, Bob, Carol, Dave), every proof verified with the secret.
 *
 * 1. Load: `--requests` (20,000) at `--concurrency` (200). No answer may carry another
 *    user's identity or proof, a proof that does not verify, no proof at all, a status
 *    other than 2xx (no 5xx), no answer later than `--request-timeout` (60 s), or a
 *    Cache-Control that lets a shared cache keep it. The answer times are reported (p50,
 *    p99, the slowest, how many took over 10 s).
 * 2. Memory: `--memory-requests` (100,000) more, the same mix, in ten equal parts; the
 *    resident memory (RSS) of the server's whole process tree is sampled before the first
 *    part (after the load above, the warm-up) and after each. The memory is flat when the
 *    growth over the last half of the samples, read from a least-squares line through
 *    them, stays below 10 MB (FLAT_MB below says why). The same checks as in 1 apply.
 *
 * Prints a summary per example and exits with 1 when any example fails a check or its
 * memory is not flat. Usage:
 *
 *   pnpm soak [hono] [express] ... [--requests 20000] [--concurrency 200] [--memory-requests 100000] [--request-timeout 60]
 *
 * `--memory-requests 0` skips the memory part. Not part of `npm test`: at the default
 * figures, 120,000 requests an example, the slower servers take many minutes each.
 * WordPress runs on PHP's built-in server with four worker processes
 * (PHP_CLI_SERVER_WORKERS, see examples/wordpress-site/scripts/start.mjs): the other
 * connections wait in its listen queue, so it takes the same concurrency, only slower.
 * The RSS of its process tree includes MariaDB's.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type CrossUserResult, type CrossUserSession, crossUserCheck, startFakeMessenger } from '@intercom-identity/testing';
import { EXAMPLES, type ExampleDefinition } from './examples.js';
import { startExample } from './support/example-server.js';
import { type DemoUserName, sessionCookie } from './support/session.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '200' },
    'memory-requests': { type: 'string', default: '100000' },
    'request-timeout': { type: 'string', default: '60' },
  },
});

function count(name: string, value: string, min: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
  return number;
}
const REQUESTS = count('requests', values.requests, 1);
const CONCURRENCY = count('concurrency', values.concurrency, 1);
const MEMORY_REQUESTS = count('memory-requests', values['memory-requests'], 0);
/**
 * How long one request may wait for its answer, in seconds. At 200 at once, a server
 * that answers 200 pages a second keeps each waiting a second on average, and its
 * slowest answers wait many times that: a late answer is not a lost one, so it is
 * waited for and checked, and the answer times are reported. A browser waits minutes.
 */
const REQUEST_TIMEOUT_S = count('request-timeout', values['request-timeout'], 1);
const SAMPLES = 10;
/**
 * The growth over the last half of the memory part under which the memory is flat.
 * Over 50,000 requests (the default figures), 10 MB is 200 bytes a request: anything
 * a server kept per request (a page, a proof, a session's key and value) would grow
 * faster than that, while the collector and the allocator move a warm Node server's
 * RSS by a few MB either way. A relative bound would let a large server (Next) grow
 * much more than a small one, so the bound is the same for all.
 */
const FLAT_MB = 10;
// Each part waits at most this long; each request has its own timeout (--request-timeout).
const PART_LIMIT_MS = 60 * 60 * 1000;
const USERS: readonly DemoUserName[] = ['alice', 'bob', 'carol', 'dave'];

/** Whom each demo user's page must identify. Bob has no user id: his email is signed. */
const EXPECTED: Record<DemoUserName, CrossUserSession['expect']> = {
  alice: { user_id: 'u_1001', email: 'alice@example.com' },
  bob: { email: 'bob@example.com' },
  carol: { user_id: 'u_1003', email: 'carol@example.com' },
  dave: { user_id: 'u_1004', email: 'dave@example.com' },
};
/** WordPress identifies its users by their WordPress IDs: install.php creates admin (1), then these. */
const WORDPRESS_EXPECTED: Record<DemoUserName, CrossUserSession['expect']> = {
  alice: { user_id: '2', email: 'alice@example.com' },
  bob: { user_id: '3', email: 'bob@example.com' },
  carol: { user_id: '4', email: 'carol@example.com' },
  dave: { user_id: '5', email: 'dave@example.com' },
};

/** What the checks of one or more runs of crossUserCheck found, in counts (and the first few findings). */
interface Tally {
  requests: number;
  seconds: number;
  answered: number;
  signed: number;
  failures: Record<string, number>;
  leaks: number;
  unexpected: number;
  cacheable: number;
  timedOut: boolean;
  /** Answer times: the highest p50 and p99 of the runs, the slowest answer, and the answers over 10 s. */
  latency: { p50Ms: number; p99Ms: number; maxMs: number; over10s: number };
  examples: string[];
}

const emptyTally = (): Tally => ({
  requests: 0,
  seconds: 0,
  answered: 0,
  signed: 0,
  failures: {},
  leaks: 0,
  unexpected: 0,
  cacheable: 0,
  timedOut: false,
  latency: { p50Ms: 0, p99Ms: 0, maxMs: 0, over10s: 0 },
  examples: [],
});

function add(tally: Tally, result: CrossUserResult, seconds: number): void {
  tally.requests += result.totals.sent;
  tally.seconds += seconds;
  tally.answered += result.totals.answered;
  tally.signed += result.totals.signed;
  for (const [cause, n] of Object.entries(result.failures)) tally.failures[cause] = (tally.failures[cause] ?? 0) + n;
  tally.leaks += result.leaks.length;
  tally.unexpected += result.unexpected.length;
  tally.cacheable += result.cacheable.length;
  tally.timedOut ||= result.timedOut;
  tally.latency = {
    p50Ms: Math.max(tally.latency.p50Ms, result.latency.p50Ms),
    p99Ms: Math.max(tally.latency.p99Ms, result.latency.p99Ms),
    maxMs: Math.max(tally.latency.maxMs, result.latency.maxMs),
    over10s: tally.latency.over10s + result.latency.over10s,
  };
  for (const finding of [...result.leaks, ...result.unexpected, ...result.cacheable]) {
    if (tally.examples.length >= 5) break;
    tally.examples.push(`${finding.problem}: ${finding.detail} (status ${finding.status})`);
  }
}

const failed = (tally: Tally) => Object.values(tally.failures).reduce((sum, n) => sum + n, 0);
const passes = (tally: Tally) =>
  failed(tally) === 0 && tally.leaks === 0 && tally.unexpected === 0 && tally.cacheable === 0 && !tally.timedOut;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function describeTally(tally: Tally): string {
  const failures = failed(tally);
  const serverErrors = Object.entries(tally.failures)
    .filter(([cause]) => /^5\d\d$/.test(cause))
    .reduce((sum, [, n]) => sum + n, 0);
  const causes = Object.entries(tally.failures)
    .map(([cause, n]) => `${cause}: ${n}`)
    .join(', ');
  return (
    `${tally.requests} requests, ${(tally.requests / tally.seconds).toFixed(0)} req/s; ` +
    `failed ${failures}${failures > 0 ? ` (${causes})` : ''}, 5xx ${serverErrors}; ` +
    `leaks ${tally.leaks}, missing or invalid proofs ${tally.unexpected}, shared-cacheable ${tally.cacheable}; ` +
    `answer times p50 ${seconds(tally.latency.p50Ms)}, p99 ${seconds(tally.latency.p99Ms)}, slowest ${seconds(tally.latency.maxMs)}, ` +
    `${tally.latency.over10s} over 10 s` +
    `${tally.timedOut ? '; stopped at the time limit' : ''}`
  );
}

/** The resident memory of a process and every process below it, in kB (from `ps`, on Linux and macOS). */
function treeRssKb(root: number): number {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const line of table.split('\n')) {
    const [pid, ppid, kb] = line.trim().split(/\s+/).map(Number);
    if (pid === undefined || ppid === undefined || kb === undefined || Number.isNaN(kb)) continue;
    rss.set(pid, kb);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The slope of the least-squares line through the points, in y per x. */
function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const num = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const den = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

interface Memory {
  /** After `requests` requests of the memory part, the tree's RSS in MB. */
  samples: Array<{ requests: number; mb: number }>;
  /** The growth over the last half of the samples, in MB, from the line through them. */
  growthMb: number;
  flat: boolean;
}

function memoryVerdict(samples: Memory['samples']): Memory {
  const lastHalf = samples.slice(Math.floor((samples.length - 1) / 2)).map((s) => ({ x: s.requests, y: s.mb }));
  const span = (lastHalf.at(-1)?.x ?? 0) - (lastHalf[0]?.x ?? 0);
  const growthMb = slope(lastHalf) * span;
  return { samples, growthMb, flat: growthMb < FLAT_MB };
}

interface Outcome {
  name: string;
  load?: Tally;
  memoryLoad?: Tally;
  memory?: Memory;
  error?: string;
}

async function soak(example: ExampleDefinition): Promise<Outcome> {
  const secret = () => randomBytes(24).toString('base64url');
  const secrets = { web: secret(), ios: secret(), android: secret() };
  const fake = await startFakeMessenger({ appId: 'soak0001', secrets });
  const outcome: Outcome = { name: example.name };
  let server: Awaited<ReturnType<typeof startExample>> | undefined;
  try {
    server = await startExample({
      dir: example.dir,
      buildMarker: example.buildMarker,
      env: {
        INTERCOM_APP_ID: 'soak0001',
        INTERCOM_IDENTITY_SECRET: secrets.web,
        INTERCOM_WIDGET_URL: fake.widgetUrl,
        // The default mode, JWT; Bob, who has no user id, gets the user_hash of his email.
        INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash',
      },
      ...(example.command ? { command: example.command } : {}),
    });
    const { url, pid } = server;
    if (pid === undefined) throw new Error('the server started without a process id');
    const login = example.login ?? sessionCookie;
    const expected = example.name === 'wordpress' ? WORDPRESS_EXPECTED : EXPECTED;
    const sessions: CrossUserSession[] = [];
    for (const who of USERS) sessions.push({ label: who, cookie: await login(url, who), expect: expected[who] });
    const run = async (tally: Tally, requests: number) => {
      const started = performance.now();
      const result = await crossUserCheck({
        baseUrl: url,
        sessions,
        requests,
        concurrency: CONCURRENCY,
        secret: secrets.web,
        timeLimitMs: PART_LIMIT_MS,
        requestTimeoutMs: REQUEST_TIMEOUT_S * 1000,
      });
      add(tally, result, (performance.now() - started) / 1000);
    };

    outcome.load = emptyTally();
    await run(outcome.load, REQUESTS);
    console.log(`${example.name}: load: ${describeTally(outcome.load)}`);

    if (MEMORY_REQUESTS > 0) {
      outcome.memoryLoad = emptyTally();
      const samples: Memory['samples'] = [{ requests: 0, mb: treeRssKb(pid) / 1024 }];
      const part = Math.ceil(MEMORY_REQUESTS / SAMPLES);
      for (let sent = 0; sent < MEMORY_REQUESTS; ) {
        const requests = Math.min(part, MEMORY_REQUESTS - sent);
        await run(outcome.memoryLoad, requests);
        sent += requests;
        samples.push({ requests: sent, mb: treeRssKb(pid) / 1024 });
        console.log(`${example.name}: memory: ${sent} requests, RSS ${samples.at(-1)?.mb.toFixed(1)} MB`);
      }
      outcome.memory = memoryVerdict(samples);
    }
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  } finally {
    await server?.stop();
    await fake.stop();
  }
  return outcome;
}

const ok = (outcome: Outcome) =>
  outcome.error === undefined &&
  outcome.load !== undefined &&
  passes(outcome.load) &&
  (MEMORY_REQUESTS === 0 || (outcome.memoryLoad !== undefined && passes(outcome.memoryLoad) && outcome.memory?.flat === true));

function summary(outcome: Outcome): string {
  const lines = [`${outcome.name}: ${ok(outcome) ? 'PASS' : 'FAIL'}`];
  if (outcome.error !== undefined) lines.push(`  error: ${outcome.error}`);
  if (outcome.load !== undefined)
    lines.push(`  load (${CONCURRENCY} at once, ${USERS.length} users): ${describeTally(outcome.load)}`);
  if (outcome.memoryLoad !== undefined) lines.push(`  memory load: ${describeTally(outcome.memoryLoad)}`);
  for (const finding of [...(outcome.load?.examples ?? []), ...(outcome.memoryLoad?.examples ?? [])].slice(0, 5))
    lines.push(`  e.g. ${finding}`);
  if (outcome.memory !== undefined) {
    const { samples, growthMb, flat } = outcome.memory;
    lines.push(
      `  RSS of the server's process tree, MB, every ${samples[1]?.requests ?? 0} requests after the warm-up: ` +
        samples.map((s) => s.mb.toFixed(1)).join(', '),
      `  memory: ${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(1)} MB over the last half (flat below ${FLAT_MB} MB): ${flat ? 'flat' : 'GROWS'}`,
    );
  }
  return lines.join('\n');
}

const names = positionals.length > 0 ? positionals : Object.keys(EXAMPLES);
const known = EXAMPLES as Record<string, ExampleDefinition>;
for (const name of names)
  if (known[name] === undefined) throw new Error(`unknown example "${name}"; known: ${Object.keys(EXAMPLES).join(', ')}`);
const outcomes: Outcome[] = [];
for (const name of names) {
  const outcome = await soak(known[name] as ExampleDefinition);
  outcomes.push(outcome);
  console.log(summary(outcome));
}
console.log(
  `\nsoak, ${REQUESTS} requests at ${CONCURRENCY}, then ${MEMORY_REQUESTS} for memory; each request waits up to ${REQUEST_TIMEOUT_S} s:`,
);
for (const outcome of outcomes) console.log(summary(outcome));
if (!outcomes.every(ok)) process.exitCode = 1;
