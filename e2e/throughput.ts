/**
 * Throughput benchmark of the example apps: `/` as Alice, the same production
 * build started three times and measured side by side in one run:
 *
 * - `on`: identity on (the secret set: her proof is signed on every request);
 * - `visitor`: the Messenger without the secret (the same page boots a visitor);
 * - `none`: no Messenger at all (no INTERCOM_APP_ID; for WordPress, the site without the plugin).
 *
 * `on / visitor` is the cost of verification alone; `on / none` the cost of the
 * whole integration on the server (signing, the boot script, the larger page).
 * Ratios are medians of per-round ratios. Each round also reads the CPU time of each
 * server's process tree (Linux), so the figures include what a page costs the server
 * alone, in microseconds, without the load generator that shares the machine: `on − visitor`
 * is what signing adds to a page, `on − none` what the whole integration adds. Prints the
 * figures; asserts nothing. Usage:
 *
 *   pnpm bench:examples [next] [sveltekit] ... [--seconds 3] [--connections 10] [--rounds 8] [--json out.json]
 *
 * `--seconds` is per variant and round.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { measureThroughput, medianCpu, medianDifference, medianRatio, startFakeMessenger } from '@intercom-identity/testing';
import { EXAMPLES, type ExampleDefinition } from './examples.js';
import { startExample } from './support/example-server.js';
import { treeCpuSeconds } from './support/process-cpu.js';
import { sessionCookie } from './support/session.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '8' },
    json: { type: 'string' },
  },
});
const names = positionals.length > 0 ? positionals : Object.keys(EXAMPLES);
const secret = () => randomBytes(24).toString('base64url');
const VARIANTS = ['on', 'visitor', 'none'] as const;
type Variant = (typeof VARIANTS)[number];

/** The env of each variant: WordPress has no Messenger without its plugin; the others, without an app id. */
function envs(example: ExampleDefinition, widgetUrl: string, web: string): Record<Variant, Record<string, string>> {
  const base = { INTERCOM_WIDGET_URL: widgetUrl, NODE_ENV: 'production' };
  const withApp = { ...base, INTERCOM_APP_ID: 'bench001' };
  return {
    on: { ...withApp, INTERCOM_IDENTITY_SECRET: web },
    visitor: withApp,
    none: example.name === 'wordpress' ? { ...withApp, ...(example.offEnv ?? {}) } : base,
  };
}

async function measure(example: ExampleDefinition) {
  const secrets = { web: secret(), ios: secret(), android: secret() };
  const fake = await startFakeMessenger({ appId: 'bench001', secrets });
  const env = envs(example, fake.widgetUrl, secrets.web);
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const targets = {} as Record<Variant, { url: string; headers: Record<string, string> }>;
    const cpuSeconds = {} as Record<Variant, () => number>;
    const login = example.login ?? ((url: string) => sessionCookie(url, 'alice'));
    for (const variant of VARIANTS) {
      const server = await startExample({
        dir: example.dir,
        buildMarker: example.buildMarker,
        env: env[variant],
        ...(example.command ? { command: example.command } : {}),
      });
      started.push(server);
      const { pid } = server;
      if (pid !== undefined && process.platform === 'linux') cpuSeconds[variant] = () => treeCpuSeconds(pid);
      targets[variant] = { url: `${server.url}/`, headers: { cookie: await login(server.url) } };
    }
    return await measureThroughput({
      targets,
      secondsPerRound: Number(values.seconds),
      connections: Number(values.connections),
      rounds: Number(values.rounds),
      ...(Object.keys(cpuSeconds).length === VARIANTS.length ? { cpuSeconds } : {}),
    });
  } finally {
    for (const server of started) await server.stop();
    await fake.stop();
  }
}

const report: Record<string, unknown> = {};
for (const name of names) {
  const example = (EXAMPLES as Record<string, ExampleDefinition>)[name];
  if (example === undefined) throw new Error(`unknown example "${name}"; known: ${Object.keys(EXAMPLES).join(', ')}`);
  const result = await measure(example);
  const vsVisitor = medianRatio(result, 'on', 'visitor');
  const vsNone = medianRatio(result, 'on', 'none');
  const rounds = result.rounds.map((r) => `${r.on.toFixed(0)}/${r.visitor.toFixed(0)}/${r.none.toFixed(0)}`).join(', ');
  const cpu = {
    on: medianCpu(result, 'on'),
    visitor: medianCpu(result, 'visitor'),
    none: medianCpu(result, 'none'),
    onMinusVisitor: medianDifference(result, 'on', 'visitor'),
    onMinusNone: medianDifference(result, 'on', 'none'),
  };
  const us = (value: number) => (Number.isNaN(value) ? '?' : value.toFixed(1));
  console.log(
    `${name}: on ${result.rps.on.toFixed(0)}, visitor ${result.rps.visitor.toFixed(0)}, none ${result.rps.none.toFixed(0)} req/s; ` +
      `on/visitor ${vsVisitor.toFixed(3)}, on/none ${vsNone.toFixed(3)}; rounds on/visitor/none: ${rounds}; ` +
      `failed answers: ${result.failed.on}/${result.failed.visitor}/${result.failed.none}; ` +
      `server CPU per page ${us(cpu.on)}/${us(cpu.visitor)}/${us(cpu.none)} µs, on − visitor ${us(cpu.onMinusVisitor)} µs, on − none ${us(cpu.onMinusNone)} µs`,
  );
  report[name] = { ...result, ratios: { onVsVisitor: vsVisitor, onVsNone: vsNone }, cpuMicroseconds: cpu };
}
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
