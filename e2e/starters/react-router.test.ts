// The React Router README, followed on a React Router app written by hand from
// create-react-router's default template (create-react-router downloads its
// templates from a host this machine cannot reach): the template's
// package.json, tsconfig.json, react-router.config.ts, vite.config.ts,
// app/root.tsx, app/routes.ts and app/routes/home.tsx, without Tailwind and
// the welcome page's assets. Installed with npm, type-checked with its
// `typecheck` script, built with `react-router build` and served with
// `react-router-serve`, as its `npm start` does.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, type RunningExample } from '../support/example-server.js';
import { freshAppsDir, installReadmeSetup, lanes, mustRun, repositoryRoot, startServer } from '../support/fresh-app.js';
import { describeFreshAppChecks } from '../support/fresh-app-checks.js';
import { LOGIN_USER } from '../support/starter-login.js';

const dir = join(freshAppsDir, 'starter-react-router');
const readme = join(repositoryRoot, 'packages', 'react-router', 'README.md');
const appId = 'fresh123';
const secret = randomBytes(24).toString('base64url');
const cookie = 'starter_user=alice';
const versions = lanes.starters['react-router'];
const pick = (...names: string[]) => Object.fromEntries(names.map((name) => [name, versions[name] as string]));

const FILES: Record<string, string> = {
  'package.json': `${JSON.stringify(
    {
      name: 'starter-react-router',
      private: true,
      type: 'module',
      scripts: {
        build: 'react-router build',
        dev: 'react-router dev',
        start: 'react-router-serve ./build/server/index.js',
        typecheck: 'react-router typegen && tsc',
      },
      dependencies: pick('@react-router/node', '@react-router/serve', 'isbot', 'react', 'react-dom', 'react-router'),
      devDependencies: pick('@react-router/dev', '@types/node', '@types/react', '@types/react-dom', 'typescript', 'vite'),
    },
    null,
    2,
  )}\n`,
  // The template's, without the `~/*` path alias (it needs vite-tsconfig-paths, and TypeScript 6 refuses baseUrl).
  'tsconfig.json': `${JSON.stringify(
    {
      include: ['**/*', '**/.server/**/*', '**/.client/**/*', '.react-router/types/**/*'],
      compilerOptions: {
        lib: ['DOM', 'DOM.Iterable', 'ES2022'],
        types: ['node', 'vite/client'],
        target: 'ES2022',
        module: 'ES2022',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        rootDirs: ['.', './.react-router/types'],
        esModuleInterop: true,
        verbatimModuleSyntax: true,
        noEmit: true,
        resolveJsonModule: true,
        skipLibCheck: true,
        strict: true,
      },
    },
    null,
    2,
  )}\n`,
  'react-router.config.ts': `import type { Config } from '@react-router/dev/config';

export default {
  // Server-side render by default, to enable SPA mode set this to \`false\`
  ssr: true,
} satisfies Config;
`,
  'vite.config.ts': `import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
});
`,
  // The template's root route, less its font links and stylesheet; the README's replaces it.
  'app/root.tsx': `import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration } from 'react-router';
import type { Route } from './+types/root';

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let message = 'Oops!';
  let details = 'An unexpected error occurred.';
  if (isRouteErrorResponse(error)) {
    message = error.status === 404 ? '404' : 'Error';
    details = error.status === 404 ? 'The requested page could not be found.' : error.statusText || details;
  }
  return (
    <main>
      <h1>{message}</h1>
      <p>{details}</p>
    </main>
  );
}
`,
  'app/routes.ts': `import { index, type RouteConfig } from '@react-router/dev/routes';

export default [index('routes/home.tsx')] satisfies RouteConfig;
`,
  'app/routes/home.tsx': `import type { Route } from './+types/home';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'New React Router App' }, { name: 'description', content: 'Welcome to React Router!' }];
}

export default function Home() {
  return <main>Welcome to React Router</main>;
}
`,
  // The app's own authentication, which the README's files import
  // (\`userFromSession\`, \`endSession\`). A stand-in: a cookie names the user.
  'app/session.server.ts': `export type User = { id: string; email: string; name?: string };

export async function userFromSession(request: Request): Promise<User | null> {
  const signedIn = /(?:^|;\\s*)starter_user=alice(?:;|$)/.test(request.headers.get('cookie') ?? '');
  return signedIn ? ${JSON.stringify(LOGIN_USER)} : null;
}

export async function endSession(_request: Request): Promise<string> {
  return 'starter_user=; Path=/; Max-Age=0';
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
  // The README's files type-check in the app, with the route types React Router generates.
  await mustRun('npm', ['run', 'typecheck'], { cwd: dir });
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

describe(`the React Router README on create-react-router's default template, React Router ${versions['react-router']}`, () => {
  describeFreshAppChecks(() => ({
    url: server.url,
    cookie,
    appId,
    secret,
    clientOutputDirs: [join(dir, 'build', 'client')],
  }));

  it("the .data response of a client navigation carries the user's proof and is sent private, no-store", async () => {
    const response = await fetch(`${server.url}/_.data`, { headers: { cookie } });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(body).toContain('intercom_user_jwt');
    const directives = (response.headers.get('cache-control') ?? '').split(',').map((part) => part.trim());
    expect(directives).toEqual(expect.arrayContaining(['private', 'no-store']));
  });

  it('the browser bundle has none of the server entry: root.tsx imports it for its middleware and loader only', () => {
    const assets = join(dir, 'build', 'client', 'assets');
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
    const code = scripts.map((file) => readFileSync(join(assets, file), 'utf8')).join('\n');
    // The browser sync is there; messages that only the server entry and the core's server side hold are not.
    expect(code).toContain('intercom_user_jwt');
    expect(code).not.toContain('found no intercomMiddleware()');
    expect(code).not.toContain("carries a signed-in user's proof");
  });

  it("the logout route expires the Messenger's session cookie and redirects home", async () => {
    const response = await fetch(`${server.url}/logout`, { headers: { cookie }, redirect: 'manual' });
    await response.arrayBuffer();
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((line) => line.startsWith('starter_user=;'))).toBe(true);
    expect(cookies.some((line) => line.startsWith(`intercom-session-${appId}=;`) && /max-age=0/i.test(line))).toBe(true);
  });
});
