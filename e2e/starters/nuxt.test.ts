// The Nuxt README, followed on a minimal Nuxt app written by hand (`nuxi init`
// downloads its template from a host this machine cannot reach): the files of
// Nuxt's minimal template, installed with npm.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks, FRESH_USER } from '../support/fresh-app-checks.js';

const dir = join(freshAppsDir, 'starter-nuxt');
const readme = join(repositoryRoot, 'packages', 'nuxt', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const cookie = 'starter_user=alice';

// The versions a new app gets today: the example's (Nuxt's builder needs Vite 8.3.8, see the README).
const example = JSON.parse(readFileSync(join(repositoryRoot, 'examples', 'nuxt-app', 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const pick = (name: string) => example.dependencies[name] as string;

const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify(
    {
      name: 'starter-nuxt',
      private: true,
      type: 'module',
      scripts: { build: 'nuxt build', dev: 'nuxt dev', start: 'node .output/server/index.mjs', postinstall: 'nuxt prepare' },
      dependencies: { nuxt: lanes.starters.nuxt, vue: pick('vue'), 'vue-router': pick('vue-router'), vite: pick('vite') },
    },
    null,
    2,
  )}\n`,
  'nuxt.config.ts':
    "export default defineNuxtConfig({\n  compatibilityDate: '2025-07-15',\n  devtools: { enabled: true },\n});\n",
  'tsconfig.json': `${JSON.stringify(
    {
      files: [],
      references: ['app', 'server', 'shared', 'node'].map((part) => ({ path: `./.nuxt/tsconfig.${part}.json` })),
    },
    null,
    2,
  )}\n`,
  'app/app.vue': '<template>\n  <div>\n    <NuxtRouteAnnouncer />\n    <NuxtWelcome />\n  </div>\n</template>\n',
  // The app's own authentication, which the README's server/intercom-user.ts
  // imports. A stand-in: a cookie names the user.
  'server/utils/session.ts': `import { getCookie, type H3Event } from 'h3';

export function getSessionUser(event: H3Event) {
  return getCookie(event, 'starter_user') === 'alice'
    ? ${JSON.stringify({ id: FRESH_USER.user_id, email: FRESH_USER.email, name: FRESH_USER.name })}
    : null;
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

describe(`the Nuxt README on a minimal Nuxt ${lanes.starters.nuxt} app`, () => {
  it('the module brings no @nuxt/kit of its own: it shares one that Nuxt’s own packages install', async () => {
    const top = JSON.parse(readFileSync(join(dir, 'node_modules', '@nuxt', 'kit', 'package.json'), 'utf8')).version;
    expect(existsSync(join(dir, 'node_modules', '@intercom-identity', 'nuxt', 'node_modules', '@nuxt', 'kit'))).toBe(false);
    // Who else depends on that very version: without our module, npm would install it anyway.
    const tree = JSON.parse(await mustRun('npm', ['ls', '@nuxt/kit', '--all', '--json'], { cwd: dir }));
    const users: string[] = [];
    const walk = (node: { dependencies?: Record<string, { version?: string; dependencies?: unknown }> }, parent: string) => {
      for (const [name, child] of Object.entries(node.dependencies ?? {})) {
        if (name === '@nuxt/kit' && child.version === top) users.push(parent);
        walk(child as typeof node, name);
      }
    };
    walk(tree, '(app)');
    expect(users.filter((user) => !user.startsWith('@intercom-identity/')).length).toBeGreaterThan(0);
  });

  describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [join(dir, '.output', 'public')] }));
});
