import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const APP_ID = 'astroapp1';
export const SECRET = 'web-secret-for-astro-unit-tests-012345';
export const FIXTURE = fileURLToPath(new URL('./fixtures/app/', import.meta.url));
const ASTRO_BIN = fileURLToPath(new URL('../node_modules/astro/bin/astro.mjs', import.meta.url));

export const hmac = (secret: string, identifier: string) => createHmac('sha256', secret).update(identifier).digest('hex');

/** The boot script of a page: its content, its attributes and the settings it sets; null without one. */
export function bootScript(html: string): { tag: string; body: string; settings: Record<string, unknown> } | null {
  const match = /<script data-intercom-identity=""[^>]*>(window\.intercomSettings=(\{.*?\});\(function.*?)<\/script>/s.exec(html);
  if (match === null) return null;
  return {
    tag: match[0],
    body: match[1] as string,
    settings: JSON.parse(match[2] as string) as Record<string, unknown>,
  };
}

/** The CSP source that allows an inline script of this content. */
export const sha256Source = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

/** Builds the fixture app with `astro build`, as a user would; returns everything it printed. */
export function buildFixture(): string {
  const result = spawnSync(process.execPath, [ASTRO_BIN, 'build'], { cwd: FIXTURE, encoding: 'utf8', env: cleanEnv() });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`astro build failed:\n${output}`);
  return output;
}

/** The test process's env without any INTERCOM_* variable: the build must not need one. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('INTERCOM_')) env[name] = value;
  return { ...env, ...extra };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Served {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the built fixture's standalone Node server with this env, and waits until it answers. */
export async function serveFixture(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/server/entry.mjs'], {
    cwd: FIXTURE,
    env: cleanEnv({ ...env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`The fixture server exited:\n${output}`);
    try {
      await fetch(`${url}/api/data`);
      break;
    } catch {
      if (attempt > 200) throw new Error(`The fixture server did not answer:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
