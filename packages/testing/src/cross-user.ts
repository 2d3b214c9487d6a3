import { Agent, request as httpRequest } from 'node:http';
import { IntercomIdentityError, verifyUserHash, verifyUserJwt } from '@intercom-identity/core';
import { loopbackUrl } from './loopback.js';
import { type PageIdentity, pageIdentity, parseIntercomSettings } from './settings.js';

/** One signed-in (or visitor) browser session to impersonate. */
export interface CrossUserSession {
  /** A name for reports, such as 'alice'. */
  label: string;
  /** The Cookie header of this session; '' for a visitor. */
  cookie: string;
  /** Who the page must identify for this session; `{}` for a visitor. */
  expect: { user_id?: string; email?: string };
}

/** Options of {@link crossUserCheck}. */
export interface CrossUserCheckOptions {
  /** The app, on this machine: http://127.0.0.1:3000 */
  baseUrl: string;
  /** At least two sessions; requests alternate between them. */
  sessions: readonly CrossUserSession[];
  /** Requests in all, 1 to 1 000 000. */
  requests: number;
  /** Requests in flight at once, 1 to 1 000. */
  concurrency: number;
  /** The page to load. Default '/'. */
  path?: string;
  /** Stop sending after this many milliseconds (answers already asked for are awaited). Default 30 000. */
  timeLimitMs?: number;
  /** The web secret: each proof is then also verified with the core. */
  secret?: string;
  /**
   * How long one request may go without an answer before it counts as failed
   * ('timeout'), in milliseconds, 1 000 to 600 000. Default 10 000. A soak that
   * overloads a slow server on purpose gives it longer: a late answer is still
   * checked, and {@link CrossUserResult.latency} shows how late it was.
   */
  requestTimeoutMs?: number;
}

/** How long the answers took, from sending the request to the end of the body, in milliseconds. */
export interface CrossUserLatency {
  /** Half of the answers took at most this long (within the histogram's 5%). */
  p50Ms: number;
  /** 99 in 100 answers took at most this long (within the histogram's 5%). */
  p99Ms: number;
  /** The slowest answer, exactly. */
  maxMs: number;
  /** Answers that took more than 10 s. */
  over10s: number;
}

/** What is wrong with one response. */
export type CrossUserProblem = 'other-user' | 'other-user-proof' | 'unsigned' | 'invalid-proof' | 'shared-cache';

/** One response that is wrong, and why. Never contains a secret; proofs are not copied. */
export interface CrossUserFinding {
  /** The request's number, from 0. */
  request: number;
  session: string;
  status: number;
  problem: CrossUserProblem;
  detail: string;
}

/** What {@link crossUserCheck} found. */
export interface CrossUserResult {
  /** Responses that identify (or carry the proof of) a user other than the session's. */
  leaks: CrossUserFinding[];
  /** Signed pages whose Cache-Control allows a shared cache to keep them. */
  cacheable: CrossUserFinding[];
  /** Sessions that expected a user and got no proof, or (with `secret`) a proof that does not verify. */
  unexpected: CrossUserFinding[];
  totals: {
    sent: number;
    /** Answers with a 2xx status. */
    answered: number;
    /** Network errors and non-2xx answers. */
    failed: number;
    /** Answers that carried a user_hash or a JWT. */
    signed: number;
  };
  /**
   * The failed requests by cause: the status of a non-2xx answer ('503'), or the
   * code of a network error ('ECONNRESET', 'ECONNREFUSED', 'timeout').
   */
  failures: Record<string, number>;
  /** The time limit stopped the run before every request was sent. */
  timedOut: boolean;
  /** How long the answers took (every answer, whatever its status); zeros when none came. */
  latency: CrossUserLatency;
  /** No leak, no cacheable signed page, nothing unexpected, no failed request. */
  ok: boolean;
}

const MAX_REQUESTS = 1_000_000;
const MAX_CONCURRENCY = 1000;
const MAX_BODY = 5 * 1024 * 1024;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Answer times in buckets that grow by 5% (from 0.1 ms to past 10 minutes in
 * 340 buckets), so that a run of a million requests keeps a few kilobytes, not
 * every time.
 */
class LatencyHistogram {
  private readonly counts = new Uint32Array(340);
  private total = 0;
  private max = 0;
  private slow = 0;
  private static readonly GROWTH = Math.log(1.05);

  add(ms: number): void {
    const bucket = Math.min(
      this.counts.length - 1,
      Math.max(0, Math.ceil(Math.log(Math.max(ms, 0.1) / 0.1) / LatencyHistogram.GROWTH)),
    );
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total++;
    if (ms > this.max) this.max = ms;
    if (ms > 10_000) this.slow++;
  }

  // The upper bound of the bucket that holds the q-th answer, never above the slowest answer.
  private quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(q * this.total);
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(this.max, 0.1 * 1.05 ** bucket);
    }
    return this.max;
  }

  summary(): CrossUserLatency {
    return { p50Ms: this.quantile(0.5), p99Ms: this.quantile(0.99), maxMs: this.max, over10s: this.slow };
  }
}

interface Answer {
  status: number;
  cacheControl: string;
  body: string;
}

function get(url: URL, cookie: string, agent: Agent, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { agent, headers: cookie === '' ? {} : { cookie }, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) {
          response.destroy(Object.assign(new Error('page larger than 5 MB'), { code: 'too-large' }));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const header = response.headers['cache-control'];
        resolve({
          status: response.statusCode ?? 0,
          cacheControl: Array.isArray(header) ? header.join(', ') : (header ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'timeout' })));
    request.on('error', reject);
    request.end();
  });
}

/** The first answer of one session that carried a given user_hash. */
interface HashSighting {
  request: number;
  session: CrossUserSession;
  status: number;
  /** Already listed as a leak. */
  reported: boolean;
}

function sharedHashFinding(
  request: number,
  session: CrossUserSession,
  status: number,
  other: CrossUserSession,
): CrossUserFinding {
  return {
    request,
    session: session.label,
    status,
    problem: 'other-user-proof',
    detail: `session ${session.label} got the same user_hash as session ${other.label}, who is another user`,
  };
}

function sameExpectation(a: CrossUserSession['expect'], b: CrossUserSession['expect']): boolean {
  return a.user_id === b.user_id && a.email === b.email;
}

function describeIdentity(identity: PageIdentity): string {
  const userIds = new Set([identity.user_id, identity.jwtClaims?.user_id].filter((v) => v !== undefined).map(String));
  const emails = new Set([identity.email, identity.jwtClaims?.email].filter((v) => v !== undefined).map(String));
  const parts = [...[...userIds].map((id) => `user_id ${id}`), ...[...emails].map((email) => `email ${email}`)];
  return parts.length === 0 ? 'no identity' : parts.join(', ');
}

// A Cache-Control that keeps shared caches (CDNs, proxies) from storing the page.
function forbidsSharedCaching(cacheControl: string): boolean {
  return cacheControl
    .toLowerCase()
    .split(',')
    .map((part) => part.trim().split('=')[0])
    .some((directive) => directive === 'private' || directive === 'no-store');
}

function checkOptions(options: CrossUserCheckOptions): URL {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'crossUserCheck needs { baseUrl, sessions, requests, concurrency }.');
  const base = loopbackUrl(options.baseUrl, 'baseUrl');
  const { sessions, requests, concurrency } = options;
  if (!Array.isArray(sessions) || sessions.length < 2)
    throw new IntercomIdentityError('SETTINGS_INVALID', 'crossUserCheck needs at least two sessions, such as alice and bob.');
  const labels = new Set<string>();
  for (const session of sessions) {
    if (typeof session?.label !== 'string' || session.label === '' || labels.has(session.label))
      throw new IntercomIdentityError('SETTINGS_INVALID', 'Each session needs its own label.');
    labels.add(session.label);
    if (typeof session.cookie !== 'string' || typeof session.expect !== 'object' || session.expect === null)
      throw new IntercomIdentityError(
        'SETTINGS_INVALID',
        `Session "${session.label}" needs a cookie string ('' for a visitor) and expect: { user_id?, email? }.`,
      );
  }
  if (!Number.isInteger(requests) || requests < 1 || requests > MAX_REQUESTS)
    throw new IntercomIdentityError('SETTINGS_INVALID', `requests must be a whole number from 1 to ${MAX_REQUESTS}.`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw new IntercomIdentityError('SETTINGS_INVALID', `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}.`);
  const timeout = options.requestTimeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1000 && timeout <= 600_000))
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      'requestTimeoutMs must be a whole number of milliseconds from 1000 to 600000.',
    );
  const path = options.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw new IntercomIdentityError('SETTINGS_INVALID', 'path must start with "/".');
  return new URL(path, base);
}

/**
 * Loads one page many times, concurrently, as several users in turn, and reports
 * every answer that carries another user's identity or proof (a page cache or a
 * shared variable that mixes users up), and every signed page that a shared cache
 * may keep. Runs only against this machine, bounded in count and time. It keeps
 * what it finds, never the answers themselves, so a long run holds little memory.
 *
 * @example
 * ```ts
 * import { crossUserCheck } from '@intercom-identity/testing';
 * const result = await crossUserCheck({
 *   baseUrl: 'http://127.0.0.1:3000',
 *   sessions: [
 *     { label: 'alice', cookie: 'session=alice', expect: { user_id: 'u_1001' } },
 *     { label: 'bob', cookie: 'session=bob', expect: { user_id: 'u_1002' } },
 *     { label: 'visitor', cookie: '', expect: {} },
 *   ],
 *   requests: 300,
 *   concurrency: 16,
 * });
 * if (!result.ok) console.error(result.leaks, result.cacheable, result.unexpected);
 * ```
 */
export async function crossUserCheck(options: CrossUserCheckOptions): Promise<CrossUserResult> {
  const target = checkOptions(options);
  const { sessions, requests, concurrency, secret } = options;
  const timeLimit = options.timeLimitMs ?? 30_000;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const latency = new LatencyHistogram();
  const deadline = Date.now() + timeLimit;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

  const leaks: CrossUserFinding[] = [];
  const cacheable: CrossUserFinding[] = [];
  const unexpected: CrossUserFinding[] = [];
  const totals = { sent: 0, answered: 0, failed: 0, signed: 0 };
  const failures: Record<string, number> = {};
  // A user_hash belongs to one identifier: sessions of different users must never get the same one.
  // Kept per distinct user_hash (one per user in a correct app), never per answer, so that the
  // memory of a long run holds only what it found: each session's first answer with that hash.
  const hashOwners = new Map<string, Map<string, HashSighting>>();
  let next = 0;
  let timedOut = false;

  function fail(cause: string): void {
    totals.failed++;
    failures[cause] = (failures[cause] ?? 0) + 1;
  }

  function sharedHash(index: number, session: CrossUserSession, hash: string, status: number): void {
    const owners = hashOwners.get(hash) ?? new Map<string, HashSighting>();
    hashOwners.set(hash, owners);
    const mine = owners.get(session.label) ?? { request: index, session, status, reported: false };
    owners.set(session.label, mine);
    let reported = false;
    for (const other of owners.values()) {
      if (other.session.label === session.label || sameExpectation(other.session.expect, session.expect)) continue;
      // Both sides are listed (without the secret, which one is right cannot be told): this
      // answer, and the first answer of the other session with this hash if not listed yet.
      if (!reported) {
        leaks.push(sharedHashFinding(index, session, status, other.session));
        reported = true;
        mine.reported ||= mine.request === index;
      }
      if (!other.reported) {
        leaks.push(sharedHashFinding(other.request, other.session, other.status, session));
        other.reported = true;
      }
    }
  }

  async function one(index: number, session: CrossUserSession): Promise<void> {
    let answer: Answer;
    const sentAt = performance.now();
    try {
      answer = await get(target, session.cookie, agent, Math.max(1000, Math.min(requestTimeout, deadline - Date.now() + 1000)));
      latency.add(performance.now() - sentAt);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      fail(typeof code === 'string' && code !== '' ? code : 'network error');
      return;
    }
    if (answer.status < 200 || answer.status > 299) {
      fail(String(answer.status));
      return;
    }
    totals.answered++;
    const identity = pageIdentity(parseIntercomSettings(answer.body));
    const finding = (problem: CrossUserProblem, detail: string): CrossUserFinding => ({
      request: index,
      session: session.label,
      status: answer.status,
      problem,
      detail,
    });
    const signed = identity.user_hash !== undefined || identity.intercom_user_jwt !== undefined;
    if (signed) totals.signed++;
    if (signed && !forbidsSharedCaching(answer.cacheControl))
      cacheable.push(
        finding(
          'shared-cache',
          `a signed page was sent with Cache-Control "${answer.cacheControl || '(none)'}"; it must say private or no-store`,
        ),
      );

    const { expect } = session;
    const userIds = [identity.user_id, identity.jwtClaims?.user_id].filter((v) => v !== undefined).map(String);
    const emails = [identity.email, identity.jwtClaims?.email].filter((v) => v !== undefined).map(String);
    const visitor = expect.user_id === undefined && expect.email === undefined;
    const wrong = visitor
      ? userIds.length > 0 || emails.length > 0 || signed
      : userIds.some((id) => expect.user_id !== undefined && id !== expect.user_id) ||
        emails.some((email) => expect.email !== undefined && email !== expect.email);
    if (wrong) {
      leaks.push(finding('other-user', `session ${session.label} got a page for ${describeIdentity(identity)}`));
      return;
    }
    if (visitor) return;
    const identified = expect.user_id !== undefined ? userIds.length > 0 : emails.length > 0;
    if (!signed || !identified) {
      unexpected.push(
        finding(
          'unsigned',
          `session ${session.label} expected a signed page for ${expect.user_id ?? expect.email}, got ${describeIdentity(identity)} ${signed ? 'with' : 'without'} a proof`,
        ),
      );
      return;
    }
    if (identity.user_hash !== undefined) sharedHash(index, session, identity.user_hash, answer.status);
    if (secret !== undefined) {
      const valid =
        identity.intercom_user_jwt !== undefined
          ? (await verifyUserJwt(secret, identity.intercom_user_jwt)).valid
          : await verifyUserHash(secret, (identity.user_id ?? identity.email) as string, identity.user_hash as string).catch(
              () => false,
            );
      if (!valid) unexpected.push(finding('invalid-proof', `session ${session.label} got a proof that does not verify`));
    }
  }

  async function worker(): Promise<void> {
    while (next < requests) {
      if (Date.now() > deadline) {
        timedOut = true;
        return;
      }
      const index = next++;
      totals.sent++;
      await one(index, sessions[index % sessions.length] as CrossUserSession);
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  } finally {
    agent.destroy();
  }

  const byRequest = (a: CrossUserFinding, b: CrossUserFinding) => a.request - b.request;
  leaks.sort(byRequest);
  cacheable.sort(byRequest);
  unexpected.sort(byRequest);
  return {
    leaks,
    cacheable,
    unexpected,
    totals,
    failures,
    timedOut,
    latency: latency.summary(),
    ok: leaks.length === 0 && cacheable.length === 0 && unexpected.length === 0 && totals.failed === 0 && !timedOut,
  };
}
