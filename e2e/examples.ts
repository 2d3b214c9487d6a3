import { fileURLToPath } from 'node:url';
import { type DemoUserName, wordpressSessionCookie } from './support/session.js';

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
  /** The env that turns identity off for the throughput benchmark. Default: no INTERCOM_IDENTITY_SECRET. */
  offEnv?: Record<string, string>;
  /** A demo user's session cookie, Alice's by default. Default: the example contract's `/demo/login?as=<who>`. */
  login?: (base: string, who?: DemoUserName) => Promise<string>;
}

const dir = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export const EXAMPLES = {
  next: { name: 'next', dir: dir('next-app'), buildMarker: '.next/BUILD_ID', clientOutputDirs: ['.next/static'] },
  sveltekit: { name: 'sveltekit', dir: dir('sveltekit-app'), buildMarker: 'build/index.js', clientOutputDirs: ['build/client'] },
  nuxt: { name: 'nuxt', dir: dir('nuxt-app'), buildMarker: '.output/server/index.mjs', clientOutputDirs: ['.output/public'] },
  // Server-rendered pages (EJS), a bundled client script under dist/.
  express: { name: 'express', dir: dir('express-app'), buildMarker: 'dist/client.js', clientOutputDirs: ['dist', 'public'] },
  // Server-rendered pages (hono/jsx) on @hono/node-server, server and client bundled under dist/.
  hono: { name: 'hono', dir: dir('hono-app'), buildMarker: 'dist/server.js', clientOutputDirs: ['dist/public'] },
  // Server output on @astrojs/node (standalone), view transitions.
  astro: { name: 'astro', dir: dir('astro-app'), buildMarker: 'dist/server/entry.mjs', clientOutputDirs: ['dist/client'] },
  // Framework mode, server rendering with streaming, served by react-router-serve.
  reactRouter: {
    name: 'react-router',
    dir: dir('react-router-app'),
    buildMarker: 'build/server/index.js',
    clientOutputDirs: ['build/client'],
  },
  // Not an example-contract app (WordPress logs in with a password); "off" is the site without the plugin.
  // It runs the example's default core, WordPress 6.5 (WORDPRESS_CORE).
  wordpress: {
    name: 'wordpress',
    dir: dir('wordpress-site'),
    buildMarker: '../../packages/wordpress/build/index.js',
    clientOutputDirs: ['../../packages/wordpress/build'],
    offEnv: { WORDPRESS_WITHOUT_PLUGIN: '1' },
    login: (base, who = 'alice') => wordpressSessionCookie(base, who, `${who}-password`),
  },
} satisfies Record<string, ExampleDefinition>;

/** Single-page apps: the browser boots the Messenger from a client SDK with the proof its backend serves (not the example contract). */
export const SINGLE_PAGE_APPS = {
  reactSpa: { name: 'react-spa', dir: dir('react-spa'), buildMarker: 'dist/index.html', clientOutputDirs: ['dist'] },
} satisfies Record<string, ExampleDefinition>;

/**
 * Apps that exist only for the end-to-end suites (not examples to copy, not benchmarked):
 * setups the examples no longer show, built by the same build step.
 */
export const FIXTURES = {
  // The Next.js example's code without Cache Components, on the Node.js and the Edge runtime.
  nextRuntimes: {
    name: 'next-runtimes',
    dir: fixture('next-runtimes'),
    buildMarker: '.next/BUILD_ID',
    clientOutputDirs: ['.next/static'],
  },
} satisfies Record<string, ExampleDefinition>;
