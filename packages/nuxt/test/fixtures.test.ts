// Two small Nuxt apps built with the module: the user sources that only a real
// build can wire (the resolver file, nuxt-auth-utils' session) sign the right person.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'fixture-web-secret-0123456789abcdef';
const NUXT = fileURLToPath(new URL('../node_modules/nuxt/bin/nuxt.mjs', import.meta.url));
const hmac = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');

function run(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NUXT, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`nuxt ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function serve(dir: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await (await fetch(url)).arrayBuffer();
      return { url, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${dir} did not start`);
}

async function settingsAt(url: string, cookie?: string): Promise<Record<string, unknown>> {
  const html = await (await fetch(url, { headers: cookie ? { cookie } : {} })).text();
  const match = /window\.intercomSettings=(\{.*?\});/.exec(html);
  if (!match) throw new Error('no boot script in the page');
  return JSON.parse(match[1] as string) as Record<string, unknown>;
}

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
// user_hash mode (not the default, JWT): who is signed shows in the plain settings, with a hash computed here.
const env = { INTERCOM_APP_ID: 'fixture1', INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' };

describe('built apps', () => {
  const servers: ChildProcess[] = [];
  let authUtils: string;
  let resolver: string;

  beforeAll(async () => {
    await run(['build'], fixture('auth-utils'));
    await run(['build'], fixture('resolver'));
    const a = await serve(fixture('auth-utils'), {
      ...env,
      NUXT_SESSION_PASSWORD: 'a-session-password-of-at-least-32-characters',
    });
    const r = await serve(fixture('resolver'), env);
    servers.push(a.child, r.child);
    authUtils = a.url;
    resolver = r.url;
  }, 300_000);

  afterAll(() => {
    for (const child of servers) child.kill('SIGTERM');
  });

  it('with nuxt-auth-utils installed, the user of its session is signed', async () => {
    const login = await fetch(`${authUtils}/login`);
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    expect(cookie).not.toBe('');
    expect(await settingsAt(authUtils, cookie)).toMatchObject({ user_id: 'u_7007', user_hash: hmac('u_7007') });
    expect(await settingsAt(authUtils)).not.toHaveProperty('user_hash');
    const proof = await fetch(`${authUtils}/api/intercom-identity`, { headers: { cookie } });
    expect(await proof.json()).toMatchObject({ user_id: 'u_7007', user_hash: hmac('u_7007') });
  });

  it('the app’s resolver file decides, over event.context.user', async () => {
    expect(await settingsAt(resolver, 'who=dana')).toMatchObject({ user_id: 'u_dana', user_hash: hmac('u_dana') });
    // The resolver found nobody: a visitor, although a middleware set event.context.user.
    const visitor = await settingsAt(resolver);
    expect(visitor).not.toHaveProperty('user_hash');
    expect(visitor).not.toHaveProperty('user_id');
  });
});
