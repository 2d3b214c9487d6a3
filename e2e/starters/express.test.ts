// The Express README, followed on a new app made by hand as Express's own
// guide starts one (`npm init -y`, then `npm install express`), with the app's
// own express-session and EJS. express-generator, Express's starter, still makes
// an Express 4.16 CommonJS app whose entry (bin/www, app.js) the README's
// server does not build on. The same app moved to Express 4 gets the same setup.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import {
  freshAppsDir,
  installReadmeSetup,
  lanes,
  mustRun,
  npmInstall,
  repositoryRoot,
  startServer,
} from '../support/fresh-app.js';
import { describeFreshAppChecks } from '../support/fresh-app-checks.js';
import { sessionCookie } from '../support/session.js';
import { EXPRESS_LOGIN_PLACEHOLDER, EXPRESS_LOGIN_ROUTE, fillReadmePlaceholder } from '../support/starter-login.js';

const NAME = 'starter-express';
const dir = join(freshAppsDir, NAME);
const readme = join(repositoryRoot, 'packages', 'express', 'README.md');
const appId = 'fresh123';
const { esbuild, ...stack } = lanes.starters.express;

/** What the app is before the README: npm's own package.json, with Express and the app's session and views. */
async function newApp(): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await mustRun('npm', ['init', '-y'], { cwd: dir });
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.dependencies = stack;
  // The README bundles its browser side "with your bundler (esbuild, Vite, ...) into public/intercom.js".
  manifest.devDependencies = { esbuild };
  manifest.scripts = { build: 'esbuild src/intercom.ts --bundle --format=esm --outfile=public/intercom.js' };
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

const variants = [
  { label: `Express ${stack.express}`, major: '5', upgrade: [] },
  {
    label: `the same app moved to Express ${lanes.starters.express4}`,
    major: '4',
    upgrade: [`express@${lanes.starters.express4}`],
  },
];

for (const variant of variants) {
  describe(`the Express README on a new npm app, ${variant.label}`, () => {
    const secret = randomBytes(24).toString('base64url');
    let server: RunningExample;
    let cookie = '';

    beforeAll(async () => {
      if (variant.upgrade.length === 0) {
        await newApp();
        await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
        await fillReadmePlaceholder(dir, 'server.mjs', EXPRESS_LOGIN_PLACEHOLDER, EXPRESS_LOGIN_ROUTE);
        await mustRun('npm', ['run', 'build'], { cwd: dir });
      } else {
        // The app the first variant made, its README setup included: one install, then the move.
        await npmInstall(dir, variant.upgrade);
      }
      server = await startServer('node', ['server.mjs'], {
        cwd: dir,
        port: await freePort(),
        env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret, SESSION_SECRET: randomBytes(24).toString('hex') },
      });
      cookie = await sessionCookie(server.url, 'alice');
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('runs the Express major it says', () => {
      const express = JSON.parse(readFileSync(join(dir, 'node_modules', 'express', 'package.json'), 'utf8')).version;
      expect(express.split('.')[0]).toBe(variant.major);
    });

    it("serves the README's browser side, bundled into public/, beside the page", async () => {
      const response = await fetch(`${server.url}/intercom.js`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/javascript/);
      // The bundle of the README's src/intercom.ts: the sync, which asks the proof endpoint for fresh JWTs.
      expect(await response.text()).toContain('/api/intercom-identity');
    });

    describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [join(dir, 'public')] }));
  });
}
