import { isIntercomIdentityError } from '@intercom-identity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compareThroughput,
  type MeasureThroughputOptions,
  measureThroughput,
  medianCpu,
  medianDifference,
  medianRatio,
} from '../src/index.js';
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

describe('measureThroughput', () => {
  it('measures three variants in every round, in a rotating order, and gives the per-round median ratio', async () => {
    const result = await measureThroughput({
      targets: {
        on: { url: `${app.url}/`, headers: { cookie: 'session=alice' } },
        visitor: `${app.url}/`,
        bob: { url: `${app.url}/`, headers: { cookie: 'session=bob' } },
      },
      secondsPerRound: 0.5,
      rounds: 3,
      connections: 2,
    });
    expect(result.rounds).toHaveLength(3);
    for (const round of result.rounds) {
      expect(round.on).toBeGreaterThan(0);
      expect(round.visitor).toBeGreaterThan(0);
    }
    expect(result.rps.on).toBeGreaterThan(0);
    expect(result.failed.on).toBe(0);
    expect(result.failed.visitor).toBe(0);
    const ratios = result.rounds.map((round) => round.on / round.visitor).sort((x, y) => x - y);
    expect(medianRatio(result, 'on', 'visitor')).toBe(ratios[1]);
  });

  it("records each round's server CPU time per answer when given the servers' CPU clocks", async () => {
    // The test app runs in this process: its CPU clock is this process's (the load generator's too).
    const cpuSeconds = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    };
    const result = await measureThroughput({
      targets: { on: { url: `${app.url}/`, headers: { cookie: 'session=alice' } }, visitor: `${app.url}/` },
      secondsPerRound: 0.5,
      rounds: 3,
      connections: 2,
      cpuSeconds: { on: cpuSeconds, visitor: cpuSeconds },
    });
    expect(result.cpuRounds).toHaveLength(3);
    for (const round of result.cpuRounds ?? []) {
      expect(round.on).toBeGreaterThan(0);
      expect(round.visitor).toBeGreaterThan(0);
    }
    const differences = (result.cpuRounds ?? [])
      .map((round) => (round.on as number) - (round.visitor as number))
      .sort((x, y) => x - y);
    expect(medianDifference(result, 'on', 'visitor')).toBe(differences[1]);
    const onValues = (result.cpuRounds ?? []).map((round) => round.on as number).sort((x, y) => x - y);
    expect(medianCpu(result, 'on')).toBe(onValues[1]);

    const without = await measureThroughput({
      targets: { on: `${app.url}/`, visitor: `${app.url}/` },
      secondsPerRound: 0.5,
      rounds: 1,
      connections: 1,
    });
    expect(without.cpuRounds).toBeUndefined();
    expect(medianDifference(without, 'on', 'visitor')).toBeNaN();
    expect(medianCpu(without, 'on')).toBeNaN();
    await expect(
      measureThroughput({
        targets: { on: `${app.url}/`, visitor: `${app.url}/` },
        cpuSeconds: { on: 1 } as unknown as MeasureThroughputOptions<'on' | 'visitor'>['cpuSeconds'],
      }),
    ).rejects.toSatisfy((error) => isIntercomIdentityError(error, 'SETTINGS_INVALID'));
  });

  it('fails loudly for a variant that answers nothing with 2xx, and refuses bad options', async () => {
    await expect(
      measureThroughput({
        targets: { on: `${app.url}/`, off: 'http://127.0.0.1:9/' },
        secondsPerRound: 0.5,
        rounds: 1,
        connections: 1,
      }),
    ).rejects.toThrow(/off \(http:\/\/127\.0\.0\.1:9\/\) answered no request/);
    for (const options of [
      { targets: { on: `${app.url}/` } } as unknown as MeasureThroughputOptions<'on' | 'off'>,
      { targets: { on: `${app.url}/`, off: 'http://example.com/' } },
      { targets: { on: `${app.url}/`, off: `${app.url}/` }, rounds: 0 },
      { targets: { on: `${app.url}/`, off: `${app.url}/` }, secondsPerRound: 0.1 },
    ])
      await expect(measureThroughput(options)).rejects.toSatisfy((error) => isIntercomIdentityError(error, 'SETTINGS_INVALID'));
  });
});
