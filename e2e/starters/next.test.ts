// The Next.js README, followed on a fresh `create-next-app` (its defaults:
// TypeScript, ESLint, Tailwind, App Router, Turbopack, Cache Components).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks, FRESH_USER } from '../support/fresh-app-checks.js';

const NAME = 'starter-next';
const dir = join(freshAppsDir, NAME);
const readme = join(repositoryRoot, 'packages', 'next', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const cookie = 'starter_user=alice';

// The app's own authentication, which the README's lib/intercom.ts imports
// (`getSession` from lib/session.ts). A stand-in: a cookie names the user.
const SESSION = `import { cookies } from 'next/headers';

export async function getSession() {
  const who = (await cookies()).get('starter_user')?.value;
  return who === 'alice' ? ${JSON.stringify({ userId: FRESH_USER.user_id, email: FRESH_USER.email, name: FRESH_USER.name })} : null;
}
`;

let server: RunningExample;
let buildOutput = '';

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(freshAppsDir, { recursive: true });
  await mustRun(
    'npx',
    [
      '--yes',
      `create-next-app@${lanes.starters['create-next-app']}`,
      NAME,
      '--yes',
      '--use-npm',
      '--disable-git',
      '--skip-install',
    ],
    { cwd: freshAppsDir },
  );
  await mkdir(join(dir, 'lib'), { recursive: true });
  await writeFile(join(dir, 'lib', 'session.ts'), SESSION);
  await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
  buildOutput = await mustRun('npm', ['run', 'build'], { cwd: dir });
  server = await startServer('npm', ['start', '--', '-H', '127.0.0.1'], {
    cwd: dir,
    port: await freePort(),
    env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret },
  });
});

afterAll(async () => {
  await server?.stop();
});

describe(`the Next.js README on a fresh create-next-app ${lanes.starters['create-next-app']}`, () => {
  it('the starter has Cache Components on, as create-next-app writes it today', async () => {
    expect(buildOutput).toContain('Cache Components enabled');
  });

  it("`next build` lists the routes exactly as the README's route table shows them", async () => {
    const table = /```\n(Route \(app\)\n[\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1];
    expect(table, 'the README shows the route table').toBeDefined();
    const routes = (table as string).split('\n').filter((line) => /^[┌├└]/.test(line));
    expect(routes.length).toBeGreaterThan(0);
    // Next prints sizes after each route in some versions: compare the marks and the paths.
    const built = buildOutput.split('\n').map((line) => line.trim().split(/\s+/).slice(0, 3).join(' '));
    for (const route of routes) expect(built).toContain(route.trim().split(/\s+/).slice(0, 3).join(' '));
  });

  it("the README's code passes the starter's own ESLint (eslint-config-next)", async () => {
    await mustRun('npm', ['run', 'lint'], { cwd: dir });
  });

  describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [join(dir, '.next', 'static')] }));
});
