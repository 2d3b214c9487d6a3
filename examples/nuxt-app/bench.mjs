// Throughput of `/` as Alice with identity on vs off: one production build,
// two servers that differ only in their env. "Off" means no
// INTERCOM_IDENTITY_SECRET: the module still finds Alice and renders the boot
// script, but signs nothing, so the ratio is the cost of signing (and of the
// private, no-store header). Prints the ratio; asserts nothing.
//
//   pnpm build && pnpm bench            (BENCH_SECONDS, BENCH_ROUNDS to change the run)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { compareThroughput } from '@intercom-identity/testing';

const SERVER = '.output/server/index.mjs';
if (!existsSync(SERVER)) {
  console.error(`No production build (${SERVER}). Run \`pnpm build\` first.`);
  process.exit(1);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function start(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await (await fetch(`${url}/`)).arrayBuffer();
      return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      if (tries > 150) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function aliceCookie(url) {
  const response = await fetch(`${url}/demo/login?as=alice`, { redirect: 'manual' });
  await response.arrayBuffer();
  return response.headers.getSetCookie()[0].split(';')[0];
}

const base = { INTERCOM_APP_ID: 'bench123', INTERCOM_IDENTITY_SECRET: '' };
const on = await start({ ...base, INTERCOM_IDENTITY_SECRET: randomBytes(24).toString('base64url') });
const off = await start(base);
try {
  const page = async (server) => ({ url: `${server.url}/`, headers: { cookie: await aliceCookie(server.url) } });
  const onPage = await page(on);
  const offPage = await page(off);
  // Warm both up before measuring.
  await compareThroughput({ a: onPage, b: offPage, seconds: 2, connections: 10, rounds: 1 });
  const result = await compareThroughput({
    a: onPage,
    b: offPage,
    seconds: Number(process.env.BENCH_SECONDS ?? 24),
    connections: 10,
    // Short alternating rounds: on a shared machine, load from elsewhere hits both sides alike.
    rounds: Number(process.env.BENCH_ROUNDS ?? 12),
  });
  for (const [i, round] of result.rounds.entries())
    console.log(
      `round ${i + 1}: on ${round.a.toFixed(0)} req/s, off ${round.b.toFixed(0)} req/s, ratio ${(round.a / round.b).toFixed(3)}`,
    );
  const ratios = result.rounds.map((round) => round.a / round.b).sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)];
  console.log(
    `identity on: ${result.a.toFixed(0)} req/s; off: ${result.b.toFixed(0)} req/s; ratio on/off ${result.ratio.toFixed(3)}`,
  );
  console.log(
    `median of the per-round ratios: ${median.toFixed(3)}; failed requests: on ${result.failed.a}, off ${result.failed.b}`,
  );
} finally {
  on.stop();
  off.stop();
}
