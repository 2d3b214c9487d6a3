// The React README, followed on a fresh `create-vite --template react-ts`
// (Vite's starter, whose templates ship in its npm package), with the Express
// backend the README shows (express and express-session, the app's own). The
// starter's `npm run build` (tsc -b, then vite build) type-checks the README's
// code; the README's server.js serves the build and the proof endpoint, and
// Chromium loads the app with the fake Messenger.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FakeMessenger, launchChromium, startFakeMessenger } from '@intercom-identity/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshSpaChecks } from '../support/fresh-spa-checks.js';
import { sessionCookie } from '../support/session.js';
import { EXPRESS_LOGIN_PLACEHOLDER, EXPRESS_LOGIN_ROUTE, fillReadmePlaceholder } from '../support/starter-login.js';

const NAME = 'starter-react';
const dir = join(freshAppsDir, NAME);
const readme = join(repositoryRoot, 'packages', 'react', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const { express, 'express-session': expressSession } = lanes.starters.express;

let browser: Browser;
let fake: FakeMessenger;
let server: RunningExample;
let cookie = '';

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(freshAppsDir, { recursive: true });
  await mustRun(
    'npx',
    ['--yes', `create-vite@${lanes.starters['create-vite']}`, NAME, '--template', 'react-ts', '--no-interactive'],
    { cwd: freshAppsDir },
  );
  // The app's backend, before the README: Express with express-session, installed with the rest.
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  manifest.dependencies = { ...manifest.dependencies, express, 'express-session': expressSession };
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
  await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
  await fillReadmePlaceholder(dir, 'server.js', EXPRESS_LOGIN_PLACEHOLDER, EXPRESS_LOGIN_ROUTE);
  // Built where the server's variables are set, as a careless CI has them: the bundle must hold neither.
  await mustRun('npm', ['run', 'build'], { cwd: dir, env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret } });
  [browser, fake] = await Promise.all([launchChromium(), startFakeMessenger({ appId, secrets: { web: secret } })]);
  server = await startServer('node', ['server.js'], {
    cwd: dir,
    port: await freePort(),
    env: {
      INTERCOM_APP_ID: appId,
      INTERCOM_IDENTITY_SECRET: secret,
      INTERCOM_WIDGET_URL: fake.widgetUrl,
      SESSION_SECRET: randomBytes(24).toString('hex'),
    },
  });
  cookie = await sessionCookie(server.url, 'alice');
});

afterAll(async () => {
  await server?.stop();
  await fake?.stop();
  await browser?.close();
});

describe(`the React README on a fresh create-vite ${lanes.starters['create-vite']} react-ts app, with its Express backend`, () => {
  describeFreshSpaChecks(() => ({
    url: server.url,
    cookie,
    loginPath: '/demo/login?as=alice',
    appId,
    secret,
    clientOutputDirs: [join(dir, 'dist')],
    browser,
  }));
});
