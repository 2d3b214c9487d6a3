// Helpers shared by the root scripts (test and demo). Node built-ins only: these
// run before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PNPM_VERSION = '10.34.8';

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) return { status: 1, error: result.error };
  return { status: result.status ?? 1 };
}

export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The pnpm to use: the pinned version, installed globally with npm when missing. */
export function ensurePnpm() {
  const current = capture('pnpm', ['--version']);
  if (current.status === 0 && current.stdout.trim().startsWith('10.')) return ['pnpm'];
  console.log(`> installing pnpm ${PNPM_VERSION} with npm`);
  if (run('npm', ['install', '--global', `pnpm@${PNPM_VERSION}`]).status === 0 && capture('pnpm', ['--version']).status === 0) {
    return ['pnpm'];
  }
  // No permission for a global install: run the pinned pnpm through npx.
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

/** Installs the workspace's dependencies exactly as locked. */
export function installDependencies(pnpm) {
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  const [cmd, ...pre] = pnpm;
  return run(cmd, [...pre, 'install', ...frozen]);
}
