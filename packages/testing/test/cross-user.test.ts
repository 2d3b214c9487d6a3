import { isIntercomIdentityError } from '@intercom-identity/core';
import { afterEach, describe, expect, it } from 'vitest';
import { crossUserCheck, parseIntercomSettings } from '../src/index.js';
import { type AppServer, SESSIONS, startApp } from './app-server.js';
import { SECRETS } from './helpers.js';

let app: AppServer | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('crossUserCheck', () => {
  it('finds nothing wrong with an app that signs per request and forbids shared caching', async () => {
    app = await startApp('correct');
    const result = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 90,
      concurrency: 8,
      secret: SECRETS.web,
    });
    expect(result).toMatchObject({ ok: true, leaks: [], cacheable: [], unexpected: [], failures: {}, timedOut: false });
    expect(result.totals).toEqual({ sent: 90, answered: 90, failed: 0, signed: 60 });
  });

  it('also understands JWT pages, whose identity is in the token', async () => {
    app = await startApp('correct', { mode: 'jwt' });
    const result = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 30,
      concurrency: 4,
      secret: SECRETS.web,
    });
    expect(result.ok).toBe(true);
    expect(result.totals.signed).toBe(20);
  });

  it("reports the leak of an app that caches the first user's page for everyone", async () => {
    app = await startApp('cache-first-page');
    const result = await crossUserCheck({ baseUrl: app.url, sessions: SESSIONS, requests: 60, concurrency: 1 });
    expect(result.ok).toBe(false);
    // Request 0 is Alice's, rendered for her; Bob and the visitor then get her page.
    expect(result.leaks.length).toBe(40);
    expect(new Set(result.leaks.map((leak) => leak.session))).toEqual(new Set(['bob', 'visitor']));
    expect(result.leaks[0]).toMatchObject({ request: 1, session: 'bob', problem: 'other-user', status: 200 });
    expect(result.leaks[0]?.detail).toContain('u_1001');
    expect(result.cacheable.length).toBe(60);
    expect(result.cacheable.at(-1)?.detail).toContain('Cache-Control "public, max-age=60"');
  });

  it('reports a page that names the right user but carries the user_hash another session gets', async () => {
    app = await startApp('shared-hash');
    const result = await crossUserCheck({ baseUrl: app.url, sessions: SESSIONS, requests: 30, concurrency: 3 });
    expect(result.leaks.length).toBeGreaterThan(0);
    expect(result.leaks.every((leak) => leak.problem === 'other-user-proof')).toBe(true);
    expect(result.leaks.map((leak) => leak.session)).toContain('bob');
    expect(result.cacheable).toEqual([]);
    // With the secret, the wrong proof is also named as one that does not verify.
    const verified = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 30,
      concurrency: 3,
      secret: SECRETS.web,
    });
    expect(verified.unexpected.some((finding) => finding.problem === 'invalid-proof')).toBe(true);
  });

  it('lists both sides of a shared user_hash, each answer once', async () => {
    app = await startApp('shared-hash');
    // One at a time: Alice's first answer sets the shared hash, so every answer of Alice and Bob carries it.
    const result = await crossUserCheck({ baseUrl: app.url, sessions: SESSIONS, requests: 30, concurrency: 1 });
    const everyAliceAndBob = Array.from({ length: 30 }, (_, request) => request).filter((request) => request % 3 !== 2);
    expect(result.leaks.map((leak) => leak.request)).toEqual(everyAliceAndBob);
    expect(result.leaks.slice(0, 2)).toEqual([
      {
        request: 0,
        session: 'alice',
        status: 200,
        problem: 'other-user-proof',
        detail: 'session alice got the same user_hash as session bob, who is another user',
      },
      {
        request: 1,
        session: 'bob',
        status: 200,
        problem: 'other-user-proof',
        detail: 'session bob got the same user_hash as session alice, who is another user',
      },
    ]);
  });

  it('reports signed pages whose Cache-Control lets a shared cache keep them', async () => {
    app = await startApp('public-cache-control');
    const result = await crossUserCheck({ baseUrl: app.url, sessions: SESSIONS, requests: 9, concurrency: 3 });
    expect(result.leaks).toEqual([]);
    expect(result.cacheable.map((finding) => finding.session).sort()).toEqual(['alice', 'alice', 'alice', 'bob', 'bob', 'bob']);
  });

  it('reports a session that expected a user and got an unsigned page', async () => {
    app = await startApp('correct');
    const result = await crossUserCheck({
      baseUrl: app.url,
      sessions: [...SESSIONS, { label: 'carol', cookie: 'session=carol', expect: { user_id: 'u_1003' } }],
      requests: 8,
      concurrency: 2,
    });
    expect(result.unexpected.map((finding) => [finding.session, finding.problem])).toEqual([
      ['carol', 'unsigned'],
      ['carol', 'unsigned'],
    ]);
  });

  it('counts failed requests', async () => {
    app = await startApp('correct');
    const result = await crossUserCheck({ baseUrl: app.url, path: '/', sessions: SESSIONS, requests: 3, concurrency: 1 });
    await app.close();
    const down = await crossUserCheck({ baseUrl: app.url, sessions: SESSIONS, requests: 3, concurrency: 1 });
    app = undefined;
    expect(result.ok).toBe(true);
    expect(down).toMatchObject({ ok: false, totals: { sent: 3, answered: 0, failed: 3 }, failures: { ECONNREFUSED: 3 } });
  });

  it('counts the answers that are not 2xx by status', async () => {
    app = await startApp('fails-for-bob');
    const result = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 12,
      concurrency: 3,
      secret: SECRETS.web,
    });
    expect(result).toMatchObject({ ok: false, leaks: [], unexpected: [], failures: { '503': 4 } });
    expect(result.totals).toEqual({ sent: 12, answered: 8, failed: 4, signed: 4 });
  });

  it('waits for a late answer as long as requestTimeoutMs says, and reports how late it was', async () => {
    app = await startApp('slow-for-bob');
    // Alice, Bob, the visitor: Bob's page comes 1.5 s late.
    const impatient = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 3,
      concurrency: 3,
      requestTimeoutMs: 1000,
    });
    expect(impatient).toMatchObject({ ok: false, totals: { sent: 3, answered: 2, failed: 1 }, failures: { timeout: 1 } });
    expect(impatient.latency.maxMs).toBeLessThan(1000);

    const patient = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 3,
      concurrency: 3,
      requestTimeoutMs: 5000,
      secret: SECRETS.web,
    });
    expect(patient).toMatchObject({ ok: true, failures: {}, totals: { sent: 3, answered: 3, failed: 0, signed: 2 } });
    expect(patient.latency.maxMs).toBeGreaterThanOrEqual(1500);
    expect(patient.latency.p99Ms).toBe(patient.latency.maxMs);
    // Two of the three answers came at once.
    expect(patient.latency.p50Ms).toBeLessThan(1000);
    expect(patient.latency.over10s).toBe(0);
  });

  it('stops at the time limit, even at the largest count and concurrency', async () => {
    app = await startApp('correct');
    const result = await crossUserCheck({
      baseUrl: app.url,
      sessions: SESSIONS,
      requests: 1_000_000,
      concurrency: 1000,
      timeLimitMs: 0,
    });
    expect(result.timedOut).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.totals.sent).toBeLessThan(1_000_000);
  });

  it('refuses other hosts and unbounded runs', async () => {
    const base = { sessions: SESSIONS, requests: 10, concurrency: 2 };
    for (const options of [
      { ...base, baseUrl: 'http://example.com' },
      { ...base, baseUrl: 'https://127.0.0.1:3000' },
      { ...base, baseUrl: 'http://127.0.0.1:3000', requests: 1_000_001 },
      { ...base, baseUrl: 'http://127.0.0.1:3000', requests: 0 },
      { ...base, baseUrl: 'http://127.0.0.1:3000', concurrency: 1001 },
      { ...base, baseUrl: 'http://127.0.0.1:3000', concurrency: 0 },
      { ...base, baseUrl: 'http://127.0.0.1:3000', sessions: SESSIONS.slice(0, 1) },
      { ...base, baseUrl: 'http://127.0.0.1:3000', requestTimeoutMs: 999 },
      { ...base, baseUrl: 'http://127.0.0.1:3000', requestTimeoutMs: 600_001 },
    ])
      await expect(crossUserCheck(options)).rejects.toSatisfy((error) => isIntercomIdentityError(error, 'SETTINGS_INVALID'));
  });
});

describe('parseIntercomSettings', () => {
  it('reads the settings the core renders, even when a value contains braces, quotes and </script>', () => {
    const html = '<script>window.intercomSettings={"app_id":"a","name":"}{\\"\\u003c/script\\u003e"};(function(){})()</script>';
    expect(parseIntercomSettings(html)).toEqual({ app_id: 'a', name: '}{"</script>' });
    expect(parseIntercomSettings('<p>no settings</p>')).toBeNull();
  });

  it('reads the boot script, not an escaped copy that a framework payload quotes before it', () => {
    // The shape of a Next.js page with Cache Components: the RSC payload quotes the script first.
    const quoted = JSON.stringify('window.intercomSettings={"app_id":"a","user_id":"u_1"};(function(){})()');
    const html = `<script>self.__next_f.push([1,${quoted}])</script><div hidden><script data-intercom-identity="">window.intercomSettings={"app_id":"a","user_id":"u_1"};</script></div>`;
    expect(parseIntercomSettings(html)).toEqual({ app_id: 'a', user_id: 'u_1' });
  });
});
