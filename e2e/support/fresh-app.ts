/**
 * Apps outside the workspace, installed as a user installs them: with npm, from
 * the packed tarballs of our packages (what `npm publish` would upload), on a
 * chosen Node. The starter tests and the oldest lane of the version matrix use
 * them; nothing here knows a framework.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningExample, startServerProcess, stopProcess } from './example-server.js';
import { applySetup, readSetup } from './readme-setup.js';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where tarballs are packed; git ignores it. */
export const artifactsDir = join(repositoryRoot, '.test-artifacts');
/**
 * Where fresh apps are made: outside the repository, so that nothing in them
 * resolves from the workspace's node_modules or lockfile (Node and bundlers
 * look in parent folders), exactly as on a user's machine.
 */
export const freshAppsDir = join(tmpdir(), 'intercom-identity-fresh-apps');

/** The version matrix: e2e/lanes.json. */
export interface Lanes {
  current: { wordpress: string };
  oldest: {
    node: string;
    wordpress: { version: string; source: string };
    next: Record<string, string>;
    sveltekit: Record<string, string>;
    nuxt: Record<string, string>;
  };
  starters: {
    'create-next-app': string;
    sv: string;
    nuxt: string;
    /** What the Express app made by hand installs (its framework, session, views and bundler). */
    express: { express: string; 'express-session': string; ejs: string; esbuild: string };
    /** The Express 4 the same app is moved to. */
    express4: string;
    /** What the Hono app written from create-hono's nodejs template installs. */
    hono: { hono: string; '@hono/node-server': string; '@types/node': string; tsx: string; typescript: string };
    'fastify-cli': string;
    'create-vite': string;
    /** What the Astro app written from create-astro's minimal template installs. */
    astro: { astro: string; '@astrojs/node': string; typescript: string };
    /** What the React Router app written from create-react-router's default template installs. */
    'react-router': Record<string, string>;
  };
}

export const lanes: Lanes = JSON.parse(readFileSync(join(repositoryRoot, 'e2e', 'lanes.json'), 'utf8'));

export interface CommandResult {
  code: number | null;
  output: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** A folder to put first on PATH: the `bin` folder of the Node to run on. */
  nodeBin?: string;
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
}

function envFor(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // A fresh app is not part of this workspace: no workspace npm config leaks in.
  for (const key of Object.keys(env)) if (key.startsWith('npm_') || key.startsWith('PNPM_')) delete env[key];
  env.NEXT_TELEMETRY_DISABLED = '1';
  env.NUXT_TELEMETRY_DISABLED = '1';
  env.SVELTE_TELEMETRY_DISABLED = '1';
  env.CI = 'true';
  if (options.nodeBin !== undefined) env.PATH = [options.nodeBin, env.PATH ?? ''].join(delimiter);
  return env;
}

/** Runs a command to its end and returns what it printed. */
export function runCommand(command: string, args: string[], options: RunOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: envFor(options),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${(options.timeoutMs ?? 600_000) / 1000} s]`;
      stopProcess(child);
    }, options.timeoutMs ?? 600_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a command and fails with its output when it does not exit 0. */
export async function mustRun(command: string, args: string[], options: RunOptions): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0)
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${result.code}:\n${result.output.slice(-8000)}`,
    );
  return result.output;
}

/** The `bin` folder of a pinned Node, fetched into .tools/ by scripts/pinned-node.mjs when missing. */
export async function pinnedNode(version: string): Promise<string> {
  const output = await mustRun(process.execPath, [join(repositoryRoot, 'scripts', 'pinned-node.mjs'), version], {
    cwd: repositoryRoot,
  });
  const bin = output.trim().split('\n').at(-1) ?? '';
  if (!existsSync(join(bin, 'node'))) throw new Error(`scripts/pinned-node.mjs ${version} gave no Node:\n${output}`);
  return bin;
}

/** The published packages (packages/* that are not private), by npm name. */
function publishedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(join(repositoryRoot, 'packages'))) {
    const file = join(repositoryRoot, 'packages', name, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name: string; private?: boolean };
    if (manifest.private !== true) found.set(manifest.name, join(repositoryRoot, 'packages', name));
  }
  return found;
}

/**
 * Packs every published package with `pnpm pack` (workspace versions become
 * real ones, as on publish) into one folder, and returns the tarball of each.
 * The packages must be built (`pnpm build`).
 */
export async function packTarballs(into: string): Promise<Map<string, string>> {
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  const tarballs = new Map<string, string>();
  for (const [name, dir] of publishedPackages()) {
    if (!existsSync(join(dir, 'dist')))
      throw new Error(`${name} is not built (${dir}/dist is missing): run \`pnpm build\` first.`);
    const output = await mustRun('pnpm', ['pack', '--pack-destination', into], { cwd: dir });
    const file = output
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .reverse()
      .find((line) => line.endsWith('.tgz'));
    if (file === undefined) throw new Error(`pnpm pack printed no tarball for ${name}:\n${output}`);
    tarballs.set(name, file.startsWith('/') ? file : join(into, file));
  }
  return tarballs;
}

/**
 * Makes an app's package.json take our packages from the tarballs, including
 * the ones they depend on (an npm override), never from the registry.
 */
export async function useTarballs(appDir: string, tarballs: Map<string, string>): Promise<void> {
  const file = join(appDir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
  manifest.overrides = { ...manifest.overrides };
  for (const [name, tarball] of tarballs) {
    manifest.overrides[name] = `file:${tarball}`;
    // npm wants a direct dependency and its override to be the same spec.
    for (const section of ['dependencies', 'devDependencies'] as const) {
      const deps = manifest[section];
      if (deps?.[name] !== undefined) deps[name] = `file:${tarball}`;
    }
  }
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Adds the packages of a README's `npm install` line to an app's dependencies:
 * ours as their tarballs, anything else as the README wrote it.
 */
async function addDependencies(appDir: string, names: string[], tarballs: Map<string, string>): Promise<void> {
  const file = join(appDir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { dependencies?: Record<string, string> };
  manifest.dependencies = { ...manifest.dependencies };
  for (const spec of names) {
    const at = spec.lastIndexOf('@');
    const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, 'latest'];
    manifest.dependencies[name] = tarballs.has(name) ? `file:${tarballs.get(name)}` : version;
  }
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Follows a package README's Setup in an app, as a user would: writes its
 * files, adds its `npm install` packages (ours as tarballs) and installs.
 */
export async function installReadmeSetup(appDir: string, readmeFile: string, tarballs: Map<string, string>): Promise<void> {
  const setup = readSetup(readmeFile);
  await applySetup(appDir, setup);
  await addDependencies(appDir, setup.install, tarballs);
  await useTarballs(appDir, tarballs);
  await npmInstall(appDir, []);
}

/** `npm install` in an app, quietly, on the given Node. */
export async function npmInstall(appDir: string, args: string[], options: { nodeBin?: string } = {}): Promise<string> {
  return mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], {
    cwd: appDir,
    ...(options.nodeBin === undefined ? {} : { nodeBin: options.nodeBin }),
  });
}

/** Starts a fresh app's production server with its own command and waits until it answers at `/`. */
export function startServer(command: string, args: string[], options: RunOptions & { port: number }): Promise<RunningExample> {
  return startServerProcess(command, args, {
    cwd: options.cwd,
    env: { ...envFor(options), NODE_ENV: 'production', PORT: String(options.port), HOST: '127.0.0.1', HOSTNAME: '127.0.0.1' },
    url: `http://127.0.0.1:${options.port}`,
    timeoutMs: options.timeoutMs ?? 90_000,
  });
}
