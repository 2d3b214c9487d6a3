/**
 * What signing costs a page inside a real request loop, with no framework:
 * three node:http servers that render the same small page with the core alone,
 * `on` (a JWT signed for the user of each request, through 64 users), `visitor`
 * (the visitor Messenger) and `none` (no Messenger), measured side by side in
 * rotating rounds. The figure is each server's own CPU time per page (Linux,
 * from /proc), so the load generator on the same cores does not blur it. A hot
 * loop of renderBoot (`pnpm bench`) keeps the code and its data in the CPU's
 * caches; between two requests of a server they are not, which is why a page
 * pays several times the hot loop's figure. Prints the figures; asserts nothing.
 *
 *   pnpm bench:in-server [--seconds 2] [--rounds 8] [--connections 10]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureThroughput, medianCpu, medianDifference, medianRatio } from '@intercom-identity/testing';
import { treeCpuSeconds } from './support/process-cpu.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
  },
});
if (process.platform !== 'linux') throw new Error('bench:in-server reads CPU times from /proc: it runs on Linux only');

const VARIANTS = ['on', 'visitor', 'none'] as const;
type Variant = (typeof VARIANTS)[number];
const child = fileURLToPath(new URL('./support/in-server-child.mjs', import.meta.url));
const secret = randomBytes(24).toString('base64url');

function start(variant: Variant): Promise<{ process: ChildProcess; url: string }> {
  const server = spawn(process.execPath, [child], {
    env: { ...process.env, VARIANT: variant, BENCH_SECRET: secret, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`the ${variant} server exited with ${code}`)));
    server.stdout?.once('data', (chunk: Buffer) =>
      resolve({ process: server, url: `http://127.0.0.1:${String(chunk).trim()}/` }),
    );
  });
}

const servers = {} as Record<Variant, { process: ChildProcess; url: string }>;
try {
  for (const variant of VARIANTS) servers[variant] = await start(variant);
  const cpuSeconds = {} as Record<Variant, () => number>;
  for (const variant of VARIANTS) {
    const pid = servers[variant].process.pid;
    if (pid === undefined) throw new Error(`the ${variant} server has no process id`);
    cpuSeconds[variant] = () => treeCpuSeconds(pid);
  }
  const result = await measureThroughput({
    targets: { on: servers.on.url, visitor: servers.visitor.url, none: servers.none.url },
    secondsPerRound: Number(values.seconds),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    cpuSeconds,
  });
  const us = (value: number) => value.toFixed(1);
  console.log(
    `server CPU per page, median of ${values.rounds} rounds: on ${us(medianCpu(result, 'on'))} µs, ` +
      `visitor ${us(medianCpu(result, 'visitor'))} µs, none ${us(medianCpu(result, 'none'))} µs; ` +
      `on − visitor ${us(medianDifference(result, 'on', 'visitor'))} µs, visitor − none ${us(medianDifference(result, 'visitor', 'none'))} µs; ` +
      `req/s on/visitor ${medianRatio(result, 'on', 'visitor').toFixed(3)}, on/none ${medianRatio(result, 'on', 'none').toFixed(3)}; ` +
      `failed answers ${result.failed.on}/${result.failed.visitor}/${result.failed.none}`,
  );
  const rounds = (result.cpuRounds ?? []).map((round) => VARIANTS.map((v) => us(round[v] ?? Number.NaN)).join('/'));
  console.log(`per round, on/visitor/none µs: ${rounds.join(', ')}`);
} finally {
  for (const server of Object.values(servers)) server.process.kill();
}
