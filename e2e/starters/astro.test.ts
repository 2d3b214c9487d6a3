// The Astro README, followed on an Astro app written by hand from
// create-astro's `minimal` template (create-astro downloads its templates from
// a host this machine cannot reach): the template's package.json,
// tsconfig.json, astro.config.mjs and src/pages/index.astro, with the Node
// adapter that the README's `npx astro add node` installs. Installed with npm,
// built with its `astro build` and served by the adapter's standalone server
// (`node ./dist/server/entry.mjs`), with the variables given when it starts.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks } from '../support/fresh-app-checks.js';
import { LOGIN_USER } from '../support/starter-login.js';

const dir = join(freshAppsDir, 'starter-astro');
const readme = join(repositoryRoot, 'packages', 'astro', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const cookie = 'starter_user=alice';
const versions = lanes.starters.astro;

const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify(
    {
      name: 'starter-astro',
      type: 'module',
      version: '0.0.1',
      engines: { node: '>=22.12.0' },
      scripts: { dev: 'astro dev', build: 'astro build', preview: 'astro preview', astro: 'astro' },
      // The template's astro, and the adapter `npx astro add node` adds.
      dependencies: { astro: versions.astro, '@astrojs/node': versions['@astrojs/node'] },
      devDependencies: { typescript: versions.typescript },
    },
    null,
    2,
  )}\n`,
  'tsconfig.json': `${JSON.stringify(
    { extends: 'astro/tsconfigs/strict', include: ['.astro/types.d.ts', '**/*'], exclude: ['dist'] },
    null,
    2,
  )}\n`,
  // The template's config, which the README's takes the place of.
  'astro.config.mjs': `// @ts-check
import { defineConfig } from 'astro/config';

// https://astro.build/config
export default defineConfig({});
`,
  'src/pages/index.astro': `---

---

<html lang="en">
	<head>
		<meta charset="utf-8" />
		<link rel="icon" type="image/svg+xml" href="/favicon.svg" />
		<meta name="viewport" content="width=device-width" />
		<meta name="generator" content={Astro.generator} />
		<title>Astro</title>
	</head>
	<body>
		<h1>Astro</h1>
	</body>
</html>
`,
  'public/favicon.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 128 128"><path fill="#000" d="M50 10h28l28 108H22z"/></svg>\n',
  // The app's own authentication, which the README's files import (`findUser`,
  // `endSession`). A stand-in: a cookie names the user.
  'src/session.ts': `import type { APIContext } from 'astro';

export type User = { id: string; email: string; name?: string };

export async function findUser(context: APIContext): Promise<User | null> {
  return context.cookies.get('starter_user')?.value === 'alice'
    ? ${JSON.stringify(LOGIN_USER)}
    : null;
}

export function endSession(context: APIContext): void {
  context.cookies.delete('starter_user', { path: '/' });
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
  // "Put <LogoutButton /> into your layout": the template's only page is its layout.
  const page = join(dir, 'src/pages/index.astro');
  const template = await readFile(page, 'utf8');
  await writeFile(
    page,
    template
      .replace('---\n\n---', "---\nimport LogoutButton from '../components/LogoutButton.astro';\n---")
      .replace('<h1>Astro</h1>', '<h1>Astro</h1>\n\t\t<LogoutButton />'),
  );
  await mustRun('npm', ['run', 'build'], { cwd: dir });
  server = await startServer('node', ['./dist/server/entry.mjs'], {
    cwd: dir,
    port: await freePort(),
    env: { INTERCOM_APP_ID: appId, INTERCOM_IDENTITY_SECRET: secret },
  });
});

afterAll(async () => {
  await server?.stop();
});

describe(`the Astro README on create-astro's minimal template, Astro ${versions.astro} on @astrojs/node ${versions['@astrojs/node']}`, () => {
  describeFreshAppChecks(() => ({ url: server.url, cookie, appId, secret, clientOutputDirs: [join(dir, 'dist', 'client')] }));

  it('the page has the log out control, and its logout route expires the Messenger’s session cookie', async () => {
    const html = await (await fetch(`${server.url}/`, { headers: { cookie } })).text();
    expect(html).toContain('data-logout');
    const logout = await fetch(`${server.url}/logout`, { headers: { cookie }, redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^intercom-session-${appId}=; .*Max-Age=0`)),
        expect.stringMatching(/^starter_user=/),
      ]),
    );
  });
});
