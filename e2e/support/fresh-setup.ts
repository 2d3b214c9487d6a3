/**
 * Global setup of the projects that install fresh apps (the oldest lane and the
 * starter tests): packs our packages once per run, and fetches the Node each
 * lane runs its apps on. Tests read both with `inject()`.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { artifactsDir, lanes, packTarballs, pinnedNode } from './fresh-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** npm name -> absolute path of its packed tarball. */
    tarballs: Record<string, string>;
    /** The `bin` folder of the oldest lane's Node. */
    oldestNodeBin: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const tarballs = await packTarballs(join(artifactsDir, `tarballs-${project.name}`));
  project.provide('tarballs', Object.fromEntries(tarballs));
  project.provide('oldestNodeBin', project.name === 'e2e-oldest' ? await pinnedNode(lanes.oldest.node) : '');
}
