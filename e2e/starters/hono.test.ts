// The Hono README, followed on a Hono app written by hand from create-hono's
// `nodejs` template (create-hono downloads its templates from a host this
// machine cannot reach): the template's package.json, tsconfig.json and
// src/index.ts, installed with npm, built with its `tsc` (NodeNext modules)
// and started with its `npm start`.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks } from '../support/fresh-app-checks.js';
import { LOGIN_USER } from '../support/starter-login.js';

const dir = join(freshAppsDir, 'starter-hono');
const readme = join(repositoryRoot, 'packages', 'hono', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const cookie = 'starter_user=alice';
const versions = lanes.starters.hono;

const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify(
    {
      name: 'starter-hono',
      type: 'module',
      scripts: { dev: 'tsx watch src/index.ts', build: 'tsc', start: 'node dist/index.js' },
      dependencies: { '@hono/node-server': versions['@hono/node-server'], hono: versions.hono },
      devDependencies: { '@types/node': versions['@types/node'], tsx: versions.tsx, typescript: versions.typescript },
    },
    null,
    2,
  )}\n`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ESNext',
        module: 'NodeNext',
        strict: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        types: ['node'],
        jsx: 'react-jsx',
        jsxImportSource: 'hono/jsx',
        rootDir: './src',
        outDir: './dist',
      },
      exclude: ['node_modules'],
    },
    null,
    2,
  )}\n`,
  // The template's entry, a hello-world server on port 3000.
  'src/index.ts': `import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
serve({ fetch: app.fetch, port: 3000 });
`,
  // The app's own authentication, which the README's src/index.tsx imports
  // (`session`, `endSession`, `User`). A stand-in: a cookie names the user.
  'src/session.ts': `import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';

export type User = { id: string; email: string; name?: string };

export const session: MiddlewareHandler<{ Variables: { user: User | null } }> = async (c, next) => {
  c.set(
    'user',
    getCookie(c, 'starter_user') === 'alice'
      ? ${JSON.stringify(LOGIN_USER)}
      : null,
  );
  await next();
};

export function endSession(c: Context): void {
  deleteCookie(c, 'starter_user', { path: '/' });
}
`,
};

let server: RunningExample;

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
  // The README's src/index.tsx takes the template's place, as it says: delete src/index.ts.
  await rm(join(dir, 'src', 'index.ts'));
  await mustRun('npm', ['run', 'build'], { cwd: dir });
  server = await startServer('npm', ['start'], {
    cwd: dir,
    port: await freePort(),
    env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret },
  });
});

afterAll(async () => {
  await server?.stop();
});

describe(`the Hono README on create-hono's nodejs template, Hono ${versions.hono} on @hono/node-server ${versions['@hono/node-server']}`, () => {
  describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [] }));
});
