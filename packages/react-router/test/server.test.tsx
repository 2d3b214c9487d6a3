import { Suspense } from 'react';
import { Await, RouterContextProvider, redirect, useLoaderData, useRouteLoaderData } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntercomScript } from '../src/index.js';
import {
  expireIntercomSession,
  type IntercomMiddlewareOptions,
  intercomMiddleware,
  intercomProofEndpoint,
  intercomSettings,
  isIntercomIdentityError,
  type RequestArgs,
  userContext,
} from '../src/server.js';
import {
  ALICE,
  ANDROID_SECRET,
  APP_ID,
  BOB,
  bootSettings,
  Document,
  ENV,
  headOf,
  hmac,
  NONCE,
  Outlet,
  recordingLogger,
  requestHandler,
  SECRET,
  type TestRoute,
} from './support.js';

const USERS: Record<string, object> = { alice: ALICE, bob: BOB };

function sessionOf(request: Request): object | null {
  const name = /(?:^|;\s*)user=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return name === undefined ? null : (USERS[name] ?? null);
}

interface Demo {
  handle: (request: Request) => Promise<Response>;
  lines: string[];
  later: { promise: Promise<string>; resolve(value: string): void };
}

/**
 * A small React Router app as a user writes one: an auth middleware that sets
 * `userContext`, this package's middleware and loader settings in the root
 * route, `<IntercomScript>` in the root Layout's head, pages (one streams
 * deferred data), the proof endpoint and a logout route as resource routes.
 */
function demo(options: { middleware?: IntercomMiddlewareOptions; rootLoader?: TestRoute['module']['loader'] } = {}): Demo {
  const { lines, logger } = recordingLogger();
  let resolve: (value: string) => void = () => {};
  const later = { promise: new Promise<string>((done) => (resolve = done)), resolve: (value: string) => resolve(value) };
  const routes: TestRoute[] = [
    {
      id: 'root',
      path: '',
      module: {
        middleware: [
          ({ request, context }: RequestArgs) => {
            context.set(userContext, sessionOf(request));
          },
          intercomMiddleware({ logger, ...options.middleware }),
        ],
        loader:
          options.rootLoader ??
          (async ({ context }: RequestArgs) => ({ intercom: await intercomSettings(context), title: 'Test app' })),
        Layout({ children }: { children: React.ReactNode }) {
          const data = useRouteLoaderData('root') as { intercom?: Parameters<typeof IntercomScript>[0]['boot'] } | undefined;
          // No nonce prop: the script takes the one of <ServerRouter nonce> (see support.tsx), as React Router's own scripts do.
          return <Document head={<IntercomScript boot={data?.intercom} />}>{children}</Document>;
        },
        default: () => <Outlet />,
      },
    },
    {
      id: 'routes/home',
      parentId: 'root',
      index: true,
      module: {
        headers: () => ({ 'Cache-Control': 'public, max-age=60', 'CDN-Cache-Control': 'max-age=600' }),
        default: () => <h1>Home</h1>,
      },
    },
    {
      id: 'routes/account',
      parentId: 'root',
      path: 'account',
      module: {
        loader: () => ({ greeting: later.promise }),
        default: function Account() {
          const data = useLoaderData() as { greeting: Promise<string> };
          return (
            <Suspense fallback={<p>Loading</p>}>
              <Await resolve={data.greeting}>{(greeting: string) => <p>{greeting}</p>}</Await>
            </Suspense>
          );
        },
      },
    },
    {
      id: 'routes/api.intercom-identity',
      parentId: 'root',
      path: 'api/intercom-identity',
      module: { ...intercomProofEndpoint({ logger }) },
    },
    {
      id: 'routes/feed',
      parentId: 'root',
      path: 'feed',
      module: { loader: () => new Response('news', { headers: { 'cache-control': 'public, max-age=300' } }) },
    },
    {
      id: 'routes/logout',
      parentId: 'root',
      path: 'logout',
      module: {
        loader: (args: RequestArgs) => {
          const headers = new Headers({ 'set-cookie': 'user=; Path=/; Max-Age=0' });
          expireIntercomSession(args, headers);
          return redirect('/', { headers });
        },
      },
    },
  ];
  return { handle: requestHandler(routes), lines, later };
}

const ORIGIN = 'http://shop.example.test';

function get(path: string, as?: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (as !== undefined) headers.set('cookie', `user=${as}`);
  return new Request(`${ORIGIN}${path}`, { ...init, headers });
}

beforeEach(() => {
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a page load (document request)', () => {
  it('puts the signed boot script with the nonce into the head, and makes the page private and uncacheable', async () => {
    const { handle, lines } = demo();
    const response = await handle(get('/', 'alice'));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(headOf(html)).toContain(`<script data-intercom-identity="" nonce="${NONCE}">window.intercomSettings=`);
    expect(bootSettings(headOf(html))).toMatchObject({
      app_id: APP_ID,
      user_id: 'u_1001',
      email: 'alice@example.com',
      name: 'Alice Example',
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('cdn-cache-control')).toBeNull();
    expect(lines.filter((line) => line.includes('public, max-age=60'))).toHaveLength(1);
    expect(html).not.toContain(SECRET);
    // The proof is in the boot script and in the loader data that hydrates it, and nowhere else.
    expect(html.split(hmac(SECRET, 'u_1001')).length - 1).toBe(2);
  });

  it('signs the email of a user without an id', async () => {
    const { handle } = demo();
    const html = await (await handle(get('/', 'bob'))).text();
    expect(bootSettings(html)).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
    expect(bootSettings(html)).not.toHaveProperty('user_id');
  });

  it('boots a visitor without a proof, and leaves the cache headers of a visitor page as the route set them', async () => {
    const { handle } = demo();
    const response = await handle(get('/'));
    const settings = bootSettings(await response.text());

    expect(settings).toMatchObject({ app_id: APP_ID });
    for (const field of ['user_id', 'email', 'user_hash']) expect(settings).not.toHaveProperty(field);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('cdn-cache-control')).toBe('max-age=600');
  });

  it('sends the headers of a streamed page before its deferred part, already private and uncacheable', async () => {
    const { handle, later } = demo();
    // The response arrives while the page's deferred data is still pending: the page streams.
    const response = await handle(get('/account', 'alice'));
    expect(response.headers.get('cache-control')).toBe('private, no-store');

    later.resolve('Hello from later');
    const html = await response.text();
    expect(html).toContain('Hello from later');
    expect(bootSettings(headOf(html))).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
  });

  it('applies the rule to a HEAD request too', async () => {
    const { handle } = demo();
    const response = await handle(get('/', 'alice', { method: 'HEAD' }));
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('cdn-cache-control')).toBeNull();
  });

  it('reads the env per request: a new app id takes effect without a new build', async () => {
    const { handle } = demo();
    expect(bootSettings(await (await handle(get('/'))).text())?.app_id).toBe(APP_ID);
    vi.stubEnv('INTERCOM_APP_ID', 'other123');
    expect(bootSettings(await (await handle(get('/'))).text())?.app_id).toBe('other123');
  });

  it('takes getUser and env from the options', async () => {
    const { handle } = demo({
      middleware: {
        getUser: ({ request }) => (new URL(request.url).searchParams.has('me') ? { user_id: 'opt-1' } : null),
        env: () => ({ ...ENV, INTERCOM_APP_ID: 'fromopts' }),
      },
    });
    const settings = bootSettings(await (await handle(get('/?me'))).text());
    expect(settings).toMatchObject({ app_id: 'fromopts', user_id: 'opt-1', user_hash: hmac(SECRET, 'opt-1') });
  });

  it('boots a visitor and logs the code when getUser fails', async () => {
    const { handle, lines } = demo({
      middleware: {
        getUser: () => {
          throw new Error('session store down');
        },
      },
    });
    const response = await handle(get('/', 'alice'));
    const settings = bootSettings(await response.text());
    expect(settings).toMatchObject({ app_id: APP_ID });
    expect(settings).not.toHaveProperty('user_hash');
    expect(lines.some((line) => line.startsWith('error') && line.includes('SESSION_LOOKUP_FAILED'))).toBe(true);
  });

  it('renders no boot script and logs once when the setup is broken, never an unsigned user', async () => {
    vi.stubEnv('INTERCOM_APP_ID', '');
    const { handle, lines } = demo();
    for (let i = 0; i < 2; i++) {
      const response = await handle(get('/', 'alice'));
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain('<h1>Home</h1>');
      expect(html).not.toContain('data-intercom-identity');
      expect(html).not.toContain('alice@example.com');
    }
    expect(lines.filter((line) => line.startsWith('error') && line.includes('APP_ID_MISSING'))).toHaveLength(1);
  });

  it('signs nothing while react-router build prerenders, and warns once per page', async () => {
    vi.stubEnv('IS_RR_BUILD_REQUEST', 'yes');
    const { handle, lines } = demo();
    for (let i = 0; i < 2; i++) {
      const html = await (await handle(get('/', 'alice'))).text();
      expect(html).not.toContain('data-intercom-identity');
      expect(html).not.toContain('u_1001');
    }
    expect(lines.filter((line) => line.startsWith('warn') && line.includes('/ is prerendered'))).toHaveLength(1);
    const proof = await handle(get('/api/intercom-identity?platform=android', 'alice'));
    expect(proof.status).toBe(401);
  });
});

describe('client navigation and revalidation (.data requests)', () => {
  it('makes the .data response that carries the root loader data private and uncacheable', async () => {
    const { handle, later } = demo();
    later.resolve('Hello');
    const response = await handle(get('/account.data', 'alice'));
    const body = await response.text();

    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(body).toContain(hmac(SECRET, 'u_1001'));
    // Once: in the boot script the browser reads the settings from, not again beside it.
    expect(body.split(hmac(SECRET, 'u_1001')).length - 1).toBe(1);
  });

  it('leaves a .data response alone when the root loader did not run in it', async () => {
    const { handle, later } = demo();
    later.resolve('Hello');
    const response = await handle(get('/account.data?_routes=routes%2Faccount', 'alice'));
    const body = await response.text();

    expect(body).toContain('Hello');
    expect(body).not.toContain(hmac(SECRET, 'u_1001'));
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('refuses a boot asked for after the response was made, and says how to fix it', async () => {
    const { handle, lines } = demo({
      rootLoader: ({ context }: RequestArgs) => ({
        intercom: new Promise((resolve) => setTimeout(resolve, 10)).then(() => intercomSettings(context)),
      }),
    });
    const response = await handle(get('/_.data', 'alice'));
    const body = await response.text();

    expect(body).not.toContain(hmac(SECRET, 'u_1001'));
    expect(body).not.toContain('alice@example.com');
    expect(lines.filter((line) => line.startsWith('error') && line.includes('deferred promise'))).toHaveLength(1);
  });
});

describe('resource routes', () => {
  it('serves the proof endpoint for the user of the session only, never cacheable', async () => {
    const { handle } = demo();
    const response = await handle(get('/api/intercom-identity?platform=android&user_id=u_9999', 'alice'));
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ user_id: 'u_1001', user_hash: hmac(ANDROID_SECRET, 'u_1001') });
    expect(JSON.stringify(body)).not.toContain('u_9999');
  });

  it('answers 401 without a session, on GET and POST', async () => {
    const { handle } = demo();
    expect((await handle(get('/api/intercom-identity?platform=android'))).status).toBe(401);
    const post = await handle(
      get('/api/intercom-identity', undefined, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'web' }),
      }),
    );
    expect(post.status).toBe(401);
  });

  it('answers the CORS preflight of an allowed origin (React Router sends OPTIONS to the loader)', async () => {
    vi.stubEnv('INTERCOM_IDENTITY_ALLOWED_ORIGINS', 'https://app.example.test');
    const { handle } = demo();
    const response = await handle(
      get('/api/intercom-identity', undefined, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.test', 'access-control-request-method': 'POST' },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
  });

  it('leaves the cache headers of a resource route that carries no proof', async () => {
    const { handle } = demo();
    const response = await handle(get('/feed', 'alice'));
    expect(await response.text()).toBe('news');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  });
});

describe('expireIntercomSession (logout)', () => {
  it("expires the Messenger's session cookie on the logout redirect", async () => {
    const { handle } = demo();
    const response = await handle(get('/logout', 'alice'));
    const cookies = response.headers.getSetCookie();

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect(cookies).toContain('user=; Path=/; Max-Age=0');
    expect(cookies.some((line) => line.startsWith(`intercom-session-${APP_ID}=;`) && /max-age=0/i.test(line))).toBe(true);
  });

  it('makes the client navigation to the logout route revalidate, with the cookies', async () => {
    const { handle } = demo();
    const response = await handle(get('/logout.data', 'alice'));
    expect(response.status).toBe(202);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`intercom-session-${APP_ID}=;`))).toBe(true);
  });

  it('adds the cookies to a Response, or to new headers without a target', () => {
    const args = { request: get('/logout'), context: new RouterContextProvider() };
    const response = expireIntercomSession(args, new Response(null, { status: 204 }));
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`intercom-session-${APP_ID}=;`))).toBe(true);
    const headers = expireIntercomSession(args);
    expect(headers.getSetCookie().some((line) => line.startsWith(`intercom-session-${APP_ID}=;`))).toBe(true);
    const other = expireIntercomSession(args, undefined, { appId: 'given123' });
    expect(other.getSetCookie().some((line) => line.startsWith('intercom-session-given123=;'))).toBe(true);
  });
});

describe('intercomSettings(context)', () => {
  it('says what to add when the root route has no intercomMiddleware()', async () => {
    const error = await intercomSettings(new RouterContextProvider()).catch((caught: unknown) => caught);
    expect(isIntercomIdentityError(error) && error.code).toBe('HANDLER_OPTIONS_INVALID');
    expect((error as Error).message).toContain('middleware');
  });

  it('refuses options that are not an object, with a code', () => {
    expect(() => intercomMiddleware('nope' as never)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
    expect(() => intercomProofEndpoint({ env: 'process.env' } as never)).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }),
    );
  });
});
