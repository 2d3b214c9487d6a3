// Helpers shared by the root scripts (test and demo). Node built-ins only: these
// run before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PNPM_VERSION = '10.34.8';
/**
 * The project's Node: every build, check and test runs on it. Pinned like any
 * dependency; fetched from the npm registry (the `node-<os>-<arch>` packages
 * ship the official binaries) into `.tools/`, which git ignores.
 */
export const NODE_VERSION = '24.22.3';
/** Where pinned tools are cached between runs. */
export const toolsDir = join(root, '.tools');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) return { status: 1, error: result.error };
  return { status: result.status ?? 1 };
}

export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/**
 * The pinned pnpm, fetched with npm into `.tools/` when missing, and put first on
 * this process's PATH so that every child (the e2e suites start `pnpm start`)
 * finds the same one. Returns the command to run it.
 */
export function ensurePnpm() {
  const prefix = join(toolsDir, `pnpm-${PNPM_VERSION}`);
  const bin = join(prefix, 'node_modules', '.bin');
  if (installedVersion(join(prefix, 'node_modules', 'pnpm')) !== PNPM_VERSION) {
    console.log(`> fetching pnpm ${PNPM_VERSION} with npm into .tools/`);
    if (!installTool(prefix, `pnpm@${PNPM_VERSION}`)) {
      console.error(`Could not fetch pnpm ${PNPM_VERSION} (see above).`);
      process.exit(1);
    }
  }
  process.env.PATH = withPath(process.env, bin).PATH;
  return [join(bin, process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm')];
}

/** Installs the workspace's dependencies exactly as locked. */
export function installDependencies(pnpm) {
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  const [cmd, ...pre] = pnpm;
  return run(cmd, [...pre, 'install', ...frozen]);
}

/** The folder holding the `node` binary of a pinned Node version, fetched from the npm registry when missing. */
export function pinnedNodeBin(version) {
  const name = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = join(toolsDir, `node-${version}`);
  const bin = join(prefix, 'node_modules', name, 'bin');
  const binary = join(bin, process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(binary) || installedVersion(join(prefix, 'node_modules', name)) !== version) {
    console.log(`> fetching Node ${version} (${name}@${version} from the npm registry) into .tools/`);
    if (!installTool(prefix, `${name}@${version}`) || !existsSync(binary)) {
      console.error(`Could not fetch Node ${version}: npm install ${name}@${version} failed (see above).`);
      process.exit(1);
    }
  }
  return bin;
}

/** Installs one exact package into a folder of `.tools/` with npm; true when npm succeeded. */
function installTool(prefix, spec) {
  return (
    run('npm', ['install', '--prefix', prefix, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', spec]).status === 0
  );
}

function installedVersion(packageDir) {
  try {
    return String(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version).replace(/^v/, '');
  } catch {
    return undefined;
  }
}

/**
 * Runs the calling root script on the project's Node when this process runs on
 * an older one (a major below NODE_VERSION's): fetches the pinned NODE_VERSION
 * once, then starts the same script on it with its folder first on PATH, so
 * npm, pnpm and every tool they start run on it too. Returns when this process
 * already runs on a Node the project can use.
 */
export function onProjectNode(scriptUrl) {
  const major = (version) => Number(version.split('.')[0]);
  if (major(process.versions.node) >= major(NODE_VERSION)) return;
  const bin = pinnedNodeBin(NODE_VERSION);
  console.log(`> running on Node ${NODE_VERSION} (this shell has Node ${process.versions.node})`);
  const result = spawnSync(join(bin, 'node'), [fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: withPath(process.env, bin),
  });
  process.exit(result.status ?? 1);
}

/** The env with `dir` first on PATH. */
export function withPath(env, ...dirs) {
  return { ...env, PATH: [...dirs, env.PATH ?? ''].join(delimiter) };
}
