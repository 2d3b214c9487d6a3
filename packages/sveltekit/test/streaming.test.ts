// The session changes while a page is still streaming: the page belongs to the
// user it started with, from the boot script to the settings a load ships.
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IntercomHandle, intercomHandle, intercomSettings } from '../src/lib/index.js';
import { setBuilding } from './stubs/app-env.js';
import { setDeclared } from './stubs/app-env-private.js';
import { ALICE, APP_ID, hmac, injectedSettings, makeEvent, pageHtml, recordingLogger, SECRET } from './support.js';

type ResolveOptions = Parameters<Parameters<IntercomHandle>[0]['resolve']>[1];

const BOB = { email: 'bob@example.com', name: 'Bob Example' };

beforeEach(() => {
  setBuilding(false);
  setDeclared({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET });
});
afterEach(() => setBuilding(false));

/** A session store that the test changes between two chunks of a page, as a login in another tab would. */
function sessionStore() {
  const store = { user: ALICE as object, lookups: 0 };
  const getUser = () => {
    store.lookups++;
    return store.user;
  };
  return { store, getUser };
}

/**
 * SvelteKit's resolve for a page that streams: the layout's load may ask for
 * the settings first (they go out in the page's data), then the page goes out
 * in chunks, and `between` runs after each chunk but the last.
 */
function streamingResolve(html: string, cuts: number[], between: () => void, load?: (event: RequestEvent) => Promise<unknown>) {
  return async (event: RequestEvent, options?: ResolveOptions): Promise<Response> => {
    const data = load === undefined ? undefined : await load(event);
    const ends = [...cuts, html.length];
    let out = '';
    let start = 0;
    for (const [index, end] of ends.entries()) {
      const chunk = { html: html.slice(start, end), done: index === ends.length - 1 };
      out += (await options?.transformPageChunk?.(chunk)) ?? chunk.html;
      if (!chunk.done) between();
      start = end;
    }
    if (data !== undefined)
      out = out.replace('</body>', `<script type="application/json">${JSON.stringify(data)}</script></body>`);
    return new Response(out, { headers: { 'content-type': 'text/html' } });
  };
}

describe('the user changes while the page streams', () => {
  it('the boot script is the first user’s, even when </head> comes in a chunk after the change; the next page is Bob’s', async () => {
    const { store, getUser } = sessionStore();
    const handle = intercomHandle({ getUser, mode: 'user_hash', logger: recordingLogger().logger });
    const page = pageHtml();
    const head = page.indexOf('</head>');
    const response = await handle({
      event: makeEvent(),
      resolve: streamingResolve(page, [20, head - 5, head + 20], () => {
        store.user = BOB;
      }),
    });
    const html = await response.text();
    expect(injectedSettings(html)).toMatchObject({
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(html).not.toContain('bob@example.com');
    expect(html).not.toContain(hmac(SECRET, 'bob@example.com'));
    expect(html.match(/data-intercom-identity/g)).toHaveLength(1);
    expect(store.lookups).toBe(1);

    const next = await (await handle({ event: makeEvent(), resolve: streamingResolve(page, [head + 3], () => {}) })).text();
    expect(injectedSettings(next)).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
    expect(next).not.toContain(hmac(SECRET, 'u_1001'));
  });

  it('the settings a load ships (a data request) and the page are of the same one user', async () => {
    const { store, getUser } = sessionStore();
    const handle = intercomHandle({ getUser, mode: 'user_hash', logger: recordingLogger().logger });
    const page = pageHtml();
    const event = makeEvent();
    (event as { isDataRequest: boolean }).isDataRequest = true;
    const response = await handle({
      event,
      resolve: streamingResolve(
        page,
        [page.indexOf('</head>') - 2],
        () => {
          store.user = BOB;
        },
        async (loadEvent) => {
          const settings = await intercomSettings(loadEvent);
          store.user = BOB;
          return { intercom: settings };
        },
      ),
    });
    const html = await response.text();
    const shipped = JSON.parse(/<script type="application\/json">(.*?)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(shipped.intercom).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    expect(injectedSettings(html)).toEqual(shipped.intercom);
    expect(html).not.toContain('bob@example.com');
    expect(store.lookups).toBe(1);
  });
});
