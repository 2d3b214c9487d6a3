// The SvelteKit README, followed on a fresh `sv create --template minimal
// --types ts` with adapter-node (sv's own add-on, for a Node server). sv still
// picks SvelteKit 2; the same starter moved to SvelteKit 3 gets the same setup.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
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
import { describeFreshAppChecks, FRESH_USER } from '../support/fresh-app-checks.js';

const readme = join(repositoryRoot, 'packages', 'sveltekit', 'README.md');
const appId = 'fresh123';
const cookie = 'starter_user=alice';
// SvelteKit 3 as the example runs it.
const example = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'sveltekit-app', 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const kit3 = ['@sveltejs/kit', '@sveltejs/adapter-node'].map((name) => `${name}@${example.devDependencies[name]}`);

// The app's own authentication, which the README's hooks.server.ts imports
// (`sessionHandle` from src/lib/server/session.ts). A stand-in: a cookie names the user.
const session = (handleModule: string) => `import type { Handle } from '${handleModule}';

export const sessionHandle: Handle = ({ event, resolve }) => {
  event.locals.user =
    event.cookies.get('starter_user') === 'alice'
      ? ${JSON.stringify({ id: FRESH_USER.user_id, email: FRESH_USER.email, name: FRESH_USER.name })}
      : null;
  return resolve(event);
};
`;

const variants = [
  {
    label: `as sv ${lanes.starters.sv} makes it (SvelteKit 2)`,
    name: 'starter-sveltekit2',
    upgrade: [],
    handleModule: '@sveltejs/kit',
  },
  {
    label: `moved to SvelteKit 3 (${kit3.join(', ')})`,
    name: 'starter-sveltekit3',
    upgrade: kit3,
    handleModule: '@sveltejs/kit/hooks',
  },
];

for (const variant of variants) {
  describe(`the SvelteKit README on a fresh sv starter, ${variant.label}`, () => {
    const dir = join(freshAppsDir, variant.name);
    const secret = randomBytes(24).toString('base64url');
    let server: RunningExample;

    beforeAll(async () => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(freshAppsDir, { recursive: true });
      await mustRun(
        'npx',
        [
          '--yes',
          `sv@${lanes.starters.sv}`,
          'create',
          '--template',
          'minimal',
          '--types',
          'ts',
          '--add',
          'sveltekit-adapter=adapter:node',
          '--no-install',
          variant.name,
        ],
        { cwd: freshAppsDir },
      );
      await mkdir(join(dir, 'src', 'lib', 'server'), { recursive: true });
      await writeFile(join(dir, 'src', 'lib', 'server', 'session.ts'), session(variant.handleModule));
      await installReadmeSetup(dir, readme, new Map(Object.entries(inject('tarballs'))));
      if (variant.upgrade.length > 0) await npmInstall(dir, ['--save-dev', ...variant.upgrade]);
      await mustRun('npm', ['run', 'build'], { cwd: dir });
      server = await startServer('node', ['build'], {
        cwd: dir,
        port: await freePort(),
        env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret },
      });
    });

    afterAll(async () => {
      await server?.stop();
    });

    it("the README's code passes the starter's own type check (svelte-check)", async () => {
      await mustRun('npm', ['run', 'check'], { cwd: dir });
    });

    it('runs the SvelteKit major it says', () => {
      const kit = JSON.parse(readFileSync(join(dir, 'node_modules', '@sveltejs', 'kit', 'package.json'), 'utf8')).version;
      expect(kit.split('.')[0]).toBe(variant.upgrade.length > 0 ? '3' : '2');
    });

    describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [join(dir, 'build', 'client')] }));
  });
}
