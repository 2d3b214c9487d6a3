import { fileURLToPath } from 'node:url';

/** Where each framework example's production build lives, for the e2e suites and the throughput benchmark. */
export interface ExampleDefinition {
  name: string;
  dir: string;
  /** A file the production build leaves, relative to dir. */
  buildMarker: string;
  /** Folders of client-side build output, relative to dir. */
  clientOutputDirs: string[];
  /** How to start the production server (default `pnpm start`). */
  command?: string[];
}

const dir = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

export const EXAMPLES = {
  next: { name: 'next', dir: dir('next-app'), buildMarker: '.next/BUILD_ID', clientOutputDirs: ['.next/static'] },
  sveltekit: { name: 'sveltekit', dir: dir('sveltekit-app'), buildMarker: 'build/index.js', clientOutputDirs: ['build/client'] },
  nuxt: { name: 'nuxt', dir: dir('nuxt-app'), buildMarker: '.output/server/index.mjs', clientOutputDirs: ['.output/public'] },
} satisfies Record<string, ExampleDefinition>;
