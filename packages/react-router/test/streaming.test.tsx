// The session changes while a document is still streaming: the page belongs to
// the user it started with, from the boot script to the root loader's data.
import { Suspense } from 'react';
import { Await, useLoaderData, useRouteLoaderData } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntercomScript } from '../src/index.js';
import { intercomMiddleware, intercomSettings, type RequestArgs } from '../src/server.js';
import { ALICE, BOB, bootSettings, Document, ENV, headOf, hmac, Outlet, requestHandler, SECRET } from './support.js';

beforeEach(() => {
  for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** An app whose session store the test changes; /account streams a deferred part that the test lets go. */
function streamingApp() {
  const session = { user: ALICE as object, lookups: 0 };
  let release: (text: string) => void = () => {};
  const handle = requestHandler([
    {
      id: 'root',
      path: '',
      module: {
        middleware: [
          intercomMiddleware({
            logger: { warn: () => {}, error: () => {} },
            getUser: () => {
              session.lookups++;
              return session.user;
            },
          }),
        ],
        loader: async ({ context }: RequestArgs) => ({ intercom: await intercomSettings(context) }),
        Layout({ children }: { children: React.ReactNode }) {
          const data = useRouteLoaderData('root') as { intercom?: Parameters<typeof IntercomScript>[0]['boot'] } | undefined;
          return <Document head={<IntercomScript boot={data?.intercom} />}>{children}</Document>;
        },
        default: () => <Outlet />,
      },
    },
    {
      id: 'routes/account',
      parentId: 'root',
      path: 'account',
      module: {
        loader: () => ({ greeting: new Promise<string>((resolve) => (release = resolve)) }),
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
  ]);
  return { handle, session, release: (text: string) => release(text) };
}

describe('the user changes while the document streams', () => {
  it('the boot script and the loader data are Alice’s only; the next document is Bob’s', async () => {
    const { handle, session, release } = streamingApp();
    const response = await handle(new Request('http://shop.example.test/account'));
    // The headers are out and the deferred part is still pending: now the session becomes Bob's.
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    session.user = BOB;
    release('Hello from later');
    const html = await response.text();
    expect(html).toContain('Hello from later');
    expect(bootSettings(headOf(html))).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    // Alice's proof in the boot script and in the root loader's data that hydrates it; nothing of Bob.
    expect(html.split(hmac(SECRET, 'u_1001')).length - 1).toBeGreaterThan(0);
    expect(html).not.toContain('bob@example.com');
    expect(html).not.toContain(hmac(SECRET, 'bob@example.com'));
    expect(session.lookups).toBe(1);

    const next = await handle(new Request('http://shop.example.test/account'));
    release('Hello again');
    const nextHtml = await next.text();
    expect(bootSettings(headOf(nextHtml))).toMatchObject({
      email: 'bob@example.com',
      user_hash: hmac(SECRET, 'bob@example.com'),
    });
    expect(nextHtml).not.toContain(hmac(SECRET, 'u_1001'));
  });
});
