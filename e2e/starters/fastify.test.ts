// The Fastify README, followed on a fresh `fastify generate --lang=ts --esm`
// (fastify-cli's TypeScript ES-module starter, whose templates ship in its npm
// package). The README's src/server.ts is a server of its own (`Fastify()`,
// `listen`), beside the starter's plugin app: the starter's `npm run build:ts`
// (its tsc) compiles both, and `node dist/server.js` runs the README's.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks } from '../support/fresh-app-checks.js';
import { sessionCookie } from '../support/session.js';
import { fillReadmePlaceholder, LOGIN_USER } from '../support/starter-login.js';

const NAME = 'starter-fastify';
const dir = join(freshAppsDir, NAME);
const readme = join(repositoryRoot, 'packages', 'fastify', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');

// The app's own login, where the README's src/pages.ts leaves its place: it
// keeps the user in @fastify/session, as the README says.
const LOGIN_ROUTE = `// The app's own login, a stand-in: /demo/login?as=alice signs Alice in.
  app.get<{ Querystring: { as?: string } }>('/demo/login', async (request, reply) => {
    if (request.query.as === 'alice') request.session.user = ${JSON.stringify(LOGIN_USER)};
    return reply.redirect('/', 303);
  });`;

let server: RunningExample;
let cookie = '';

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(freshAppsDir, { recursive: true });
  await mustRun('npx', ['--yes', `fastify-cli@${lanes.starters['fastify-cli']}`, 'generate', NAME, '--lang=ts', '--esm'], {
    cwd: freshAppsDir,
  });
  // The starter's own fix before anything of ours: its tsconfig sets outDir without rootDir, which
  // the TypeScript 6 it installs refuses (TS5011). rootDir: 'src' is what TypeScript inferred before.
  const tsconfig = JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions.rootDir = 'src';
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
  await fillReadmePlaceholder(dir, 'src/pages.ts', '// ...your login route here: it sets request.session.user', LOGIN_ROUTE);
  await mustRun('npm', ['run', 'build:ts'], { cwd: dir });
  server = await startServer('node', ['dist/server.js'], {
    cwd: dir,
    port: await freePort(),
    env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret, SESSION_SECRET: randomBytes(24).toString('hex') },
  });
  cookie = await sessionCookie(server.url, 'alice');
});

afterAll(async () => {
  await server?.stop();
});

describe(`the Fastify README on a fresh fastify-cli ${lanes.starters['fastify-cli']} TypeScript starter`, () => {
  it('runs Fastify 5, the major the package supports', () => {
    const fastify = JSON.parse(readFileSync(join(dir, 'node_modules', 'fastify', 'package.json'), 'utf8')).version;
    expect(fastify.split('.')[0]).toBe('5');
  });

  describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [] }));
});
