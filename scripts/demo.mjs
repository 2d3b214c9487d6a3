#!/usr/bin/env node
// `npm run demo`: from a fresh clone with only Node and npm, installs pnpm and the
// dependencies, builds the packages and the Next.js example, then starts the
// local fake Messenger and the example (production build) with demo secrets, and
// prints where to go and what to look for. Ctrl-C stops both.
//
// DEMO_EXIT_AFTER_READY=1: exit 0 as soon as both servers answer (a smoke test).
// PORT: the example's port (default 3000, or a free one when 3000 is taken).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePnpm, installDependencies, onProjectNode, root, run } from './lib.mjs';

onProjectNode(import.meta.url);

const HOST = '127.0.0.1';
const EXAMPLE = join(root, 'examples', 'next-app');
const APP_ID = 'demo1234';
// Demo-only secrets: each platform has its own, as in Intercom. Never use them for a real workspace.
const SECRETS = {
  web: 'demo-web-secret-for-local-use-only-0001',
  ios: 'demo-ios-secret-for-local-use-only-0002',
  android: 'demo-android-secret-for-local-use-only-03',
};
const READY_TIMEOUT_MS = 120_000;
const exitAfterReady = process.env.DEMO_EXIT_AFTER_READY === '1';

const pnpm = ensurePnpm();
const [cmd, ...pre] = pnpm;
const quiet = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
step('installing dependencies', () => installDependencies(pnpm));
// Only what the demo runs: the core, the Next.js adapter and the fake Messenger.
step('building the packages', () =>
  run(cmd, [...pre, '--filter', 'next-app^...', '--filter', '@intercom-identity/testing...', 'build'], { env: quiet }),
);
step('building the Next.js example (next build)', () => run(cmd, [...pre, '--filter', 'next-app', 'build'], { env: quiet }));

const { startFakeMessenger } = await import(pathToFileURL(join(root, 'packages', 'testing', 'dist', 'index.js')).href);
// JWT is the example's default mode: the fake Messenger stands for a workspace with JWT Messenger security.
const fake = await startFakeMessenger({ appId: APP_ID, secrets: SECRETS, mode: 'jwt' });
const port = await choosePort(process.env.PORT);
const base = `http://${HOST}:${port}`;

const nextBin = join(EXAMPLE, 'node_modules', 'next', 'dist', 'bin', 'next');
if (!existsSync(nextBin)) fail(`Next.js is not installed in ${EXAMPLE}; run pnpm install.`);
const app = spawn(process.execPath, [nextBin, 'start', '--hostname', HOST, '--port', String(port)], {
  cwd: EXAMPLE,
  // Its own process group, so stopping the demo stops every process Next.js starts.
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...quiet,
    PORT: String(port),
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: SECRETS.web,
    INTERCOM_IDENTITY_SECRET_IOS: SECRETS.ios,
    INTERCOM_IDENTITY_SECRET_ANDROID: SECRETS.android,
    INTERCOM_WIDGET_URL: fake.widgetUrl,
    // Bob has no user id, which a JWT needs: his email gets a user_hash (as the example's env.example sets it).
    INTERCOM_IDENTITY_JWT_FALLBACK: 'user_hash',
    // A new session key per run: demo sessions end with the demo.
    DEMO_SESSION_SECRET: randomBytes(32).toString('hex'),
  },
});

let stopping = false;
app.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`\nThe Next.js example stopped (${signal ?? `exit code ${code}`}).`);
  void stop(1);
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  await waitForOk(`${fake.url}/`, 'the fake Messenger');
  await waitForOk(`${base}/`, 'the Next.js example');
} catch (error) {
  console.error(`\n${error.message}`);
  await stop(1);
}

if (!stopping)
  console.log(`
──────────────────────────────────────────────────────────────────────────────
 intercom-identity demo: a Next.js app whose server signs the Messenger's boot
 payload, with a local fake Messenger that enforces Identity Verification.

   Open            ${base}/
   Sign in: Alice  ${base}/demo/login?as=alice   (user_id u_1001: signed into a JWT)
            Bob    ${base}/demo/login?as=bob     (no user id: his email gets a user_hash)
   Log out         the "Log out" link on the page (it shuts the Messenger down first)
   Mobile proof    ${base}/api/intercom-identity?platform=ios   (for the signed-in user)
   Report          ${fake.url}/__report.html   (what the fake Messenger checked)

 What to look for: the launcher in the bottom-right corner. A visitor sees
 "Chat"; after signing in it reads "Chat (u_1001)" for Alice or
 "Chat (bob@example.com)" for Bob: the fake Messenger booted and verified the
 proof. A wrong proof would read "Messenger: rejected", with Intercom's error
 and the fake's reason in the browser console. View the page source to see
 window.intercomSettings with the proof (user_hash or intercom_user_jwt); the
 secret itself is never in the page. The report page lists the users seen per
 platform, valid and invalid proofs with their reasons, updates dropped by the
 update budget, and whether each platform is safe to enforce (JSON: /__report).

 The fake Messenger runs at ${fake.url}. Ctrl-C stops both servers.
──────────────────────────────────────────────────────────────────────────────
`);

if (exitAfterReady) await stop(0);

function step(title, fn) {
  console.log(`\n> ${title}`);
  if (fn().status !== 0) fail(`${title} failed; see the output above.`);
}

function fail(message) {
  console.error(`\nnpm run demo: ${message}`);
  process.exit(1);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null && app.signalCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    try {
      process.kill(-app.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-app.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
  await fake.stop();
  process.exit(code);
}

async function waitForOk(url, name) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s (${last}).`);
}

/** PORT when given; else 3000 when free; else any free port. */
async function choosePort(given) {
  if (given !== undefined && given !== '') {
    const number = Number(given);
    if (!Number.isInteger(number) || number < 1 || number > 65535) fail(`PORT must be a port number, got "${given}".`);
    return number;
  }
  return (await isFree(3000)) ? 3000 : await freePort();
}

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
