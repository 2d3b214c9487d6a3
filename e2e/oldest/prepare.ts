/**
 * The oldest lane of the version matrix: an example app, copied out of the
 * workspace, moved to the oldest framework versions we claim (the config files
 * those versions need instead of today's), installed with npm from our packed
 * tarballs, and built on the oldest Node we support.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freshAppsDir, lanes, mustRun, npmInstall, repositoryRoot, useTarballs } from '../support/fresh-app.js';

export interface OldestApp {
  /** Where the app is copied to and built. */
  dir: string;
  /** The oldest lane's Node binary, to start the server with. */
  node: string;
  /** Copies, installs and builds the app (the contract's `prepare`). */
  prepare(): Promise<void>;
}

/** Build output and installs that are never copied. */
const NOT_COPIED = new Set(['node_modules', '.next', '.svelte-kit', 'build', '.nuxt', '.output', '.env']);

export function oldestApp(options: {
  /** The folder under examples/. */
  example: string;
  /** Package versions of this lane (e2e/lanes.json), set in dependencies or devDependencies. */
  versions: Record<string, string>;
  /** Replaces today's config with what the older versions need. */
  adapt(dir: string): Promise<void>;
}): OldestApp {
  const dir = join(freshAppsDir, `oldest-${options.example}`);
  const nodeBin = inject('oldestNodeBin');
  return {
    dir,
    node: join(nodeBin, 'node'),
    async prepare() {
      await rm(dir, { recursive: true, force: true });
      await cp(join(repositoryRoot, 'examples', options.example), dir, {
        recursive: true,
        filter: (source) => !NOT_COPIED.has(source.split('/').at(-1) ?? ''),
      });
      await options.adapt(dir);
      const file = join(dir, 'package.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
        scripts?: Record<string, string>;
      };
      for (const [name, version] of Object.entries(options.versions)) {
        if (manifest.devDependencies?.[name] !== undefined) manifest.devDependencies[name] = version;
        else manifest.dependencies = { ...manifest.dependencies, [name]: version };
      }
      await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
      await useTarballs(dir, new Map(Object.entries(inject('tarballs'))));
      await npmInstall(dir, [], { nodeBin });
      // The lane tests what it says: exactly these versions were installed, and this Node builds.
      for (const [name, version] of Object.entries(options.versions)) {
        const installed = JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
        if (installed !== version) throw new Error(`The oldest lane wants ${name} ${version}, but npm installed ${installed}.`);
      }
      const node = (await mustRun(join(nodeBin, 'node'), ['--version'], { cwd: dir })).trim();
      if (node !== `v${lanes.oldest.node}`) throw new Error(`The oldest lane runs on Node ${lanes.oldest.node}, not ${node}.`);
      await mustRun('npm', ['run', 'build'], { cwd: dir, nodeBin });
    },
  };
}

/** Rewrites a file of the copied app; fails when the change changes nothing (the example moved on). */
export async function rewrite(dir: string, path: string, change: (text: string) => string): Promise<void> {
  const file = join(dir, path);
  const before = await readFile(file, 'utf8');
  const after = change(before);
  if (after === before)
    throw new Error(`The oldest lane's change of ${path} no longer applies: update e2e/oldest for the example.`);
  await writeFile(file, after);
}
