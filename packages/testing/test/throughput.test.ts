import { isIntercomIdentityError } from '@intercom-identity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareThroughput } from '../src/index.js';
import { type AppServer, startApp } from './app-server.js';

let app: AppServer;
beforeAll(async () => {
  app = await startApp('correct');
});
afterAll(() => app.close());

describe('compareThroughput', () => {
  it('measures a signed page and a visitor page in alternating rounds and returns a positive ratio', async () => {
    const result = await compareThroughput({
      a: { url: `${app.url}/`, headers: { cookie: 'session=alice' } },
      b: `${app.url}/`,
      seconds: 1,
      rounds: 2,
      connections: 2,
    });
    expect(result.rounds).toHaveLength(2);
    for (const round of result.rounds) {
      expect(round.a).toBeGreaterThan(0);
      expect(round.b).toBeGreaterThan(0);
    }
    expect(result.a).toBeGreaterThan(0);
    expect(result.b).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.a / result.b, 10);
    expect(result.failed).toEqual({ a: 0, b: 0 });
    console.log(`signed page / visitor page throughput: ${result.ratio.toFixed(3)}`);
  });

  it('fails loudly when a side answers no request with 2xx', async () => {
    await expect(
      compareThroughput({ a: `${app.url}/`, b: 'http://127.0.0.1:9/', seconds: 1, rounds: 1, connections: 1 }),
    ).rejects.toThrow(/b \(http:\/\/127\.0\.0\.1:9\/\) answered no request/);
  });

  it('refuses remote hosts and out-of-range options', async () => {
    for (const options of [
      { a: 'http://example.com/', b: `${app.url}/` },
      { a: `${app.url}/`, b: `${app.url}/`, connections: 0 },
      { a: `${app.url}/`, b: `${app.url}/`, seconds: 0.1 },
    ])
      await expect(compareThroughput(options)).rejects.toSatisfy((error) => isIntercomIdentityError(error, 'SETTINGS_INVALID'));
  });
});
