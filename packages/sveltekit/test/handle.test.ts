import { verifyUserJwt } from '@intercom-identity/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromAuthJs, intercomHandle, intercomSettings } from '../src/lib/index.js';
import { findScriptNonce } from '../src/lib/inject.js';
import { setBuilding } from './stubs/app-env.js';
import { setDeclared } from './stubs/app-env-private.js';
import { ALICE, APP_ID, hmac, injectedSettings, makeEvent, pageHtml, pageResolve, recordingLogger, SECRET } from './support.js';

// The tests that compare a user_hash choose that mode; JWT is the default.
const USER_HASH = { mode: 'user_hash' } as const;

beforeEach(() => {
  setBuilding(false);
  setDeclared({
    INTERCOM_APP_ID: APP_ID,
    INTERCOM_IDENTITY_SECRET: SECRET,
    INTERCOM_WIDGET_URL: 'http://127.0.0.1:9/widget/{app_id}',
  });
});
afterEach(() => setBuilding(false));

describe('intercomHandle', () => {
  it('signs event.locals.user into a boot script in the head, and makes the page private, no-store', async () => {
    const { logger } = recordingLogger();
    const handle = intercomHandle({ ...USER_HASH, logger });
    const { resolve } = pageResolve(pageHtml());
    const response = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve });
    const html = await response.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(injectedSettings(head)).toMatchObject({
      app_id: APP_ID,
      user_id: 'u_1001',
      email: 'alice@example.com',
      name: 'Alice Example',
      created_at: 1700000000,
      user_hash: hmac(SECRET, 'u_1001'),
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(html).not.toContain(SECRET);
  });

  it('signs with a JWT when no mode is set (the default), leaving the signed email out of the plain settings', async () => {
    const handle = intercomHandle({ logger: recordingLogger().logger });
    const response = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve: pageResolve(pageHtml()).resolve });
    const settings = injectedSettings(await response.text());
    expect(settings).not.toHaveProperty('user_hash');
    expect(settings).not.toHaveProperty('email');
    expect(await verifyUserJwt(SECRET, settings?.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('boots a visitor without a proof, and leaves the caching of a visitor page to the app', async () => {
    const handle = intercomHandle({ logger: recordingLogger().logger });
    const response = await handle({ event: makeEvent(), resolve: pageResolve(pageHtml()).resolve });
    const settings = injectedSettings(await response.text());
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(response.headers.get('cache-control')).toBeNull();
  });

  it('replaces a cacheable Cache-Control on a signed page, and says so once', async () => {
    const { lines, logger } = recordingLogger();
    const handle = intercomHandle({ logger });
    for (let i = 0; i < 2; i++) {
      const { resolve } = pageResolve(pageHtml(), { 'cache-control': 'public, max-age=600' });
      const response = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve });
      expect(response.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(lines.filter((line) => line.includes('public, max-age=600'))).toHaveLength(1);
  });

  it('strips CDN cache headers (CDN-Cache-Control, Surrogate-Control, vendor ones) from a signed page', async () => {
    const handle = intercomHandle({ logger: recordingLogger().logger });
    const cdn = {
      'cache-control': 'public, max-age=60',
      'cdn-cache-control': 'max-age=600',
      'surrogate-control': 'max-age=600',
      'vercel-cdn-cache-control': 'max-age=600',
      'cloudflare-cdn-cache-control': 'max-age=600',
      'netlify-cdn-cache-control': 'public, durable',
    };
    const signed = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve: pageResolve(pageHtml(), cdn).resolve });
    expect([...signed.headers.keys()].filter((name) => name.includes('cache') || name.includes('surrogate'))).toEqual([
      'cache-control',
    ]);
    expect(signed.headers.get('cache-control')).toBe('private, no-store');
    // A visitor page carries no proof: its caching stays the app's.
    const visitor = await handle({ event: makeEvent(), resolve: pageResolve(pageHtml(), cdn).resolve });
    expect(visitor.headers.get('cdn-cache-control')).toBe('max-age=600');
  });

  it('keeps an app header that is already private and no-store', async () => {
    const handle = intercomHandle({ logger: recordingLogger().logger });
    const { resolve } = pageResolve(pageHtml(), { 'cache-control': 'no-store, no-cache, private' });
    const response = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve });
    expect(response.headers.get('cache-control')).toBe('no-store, no-cache, private');
  });

  it("puts SvelteKit's CSP nonce of the response on the boot script", async () => {
    const handle = intercomHandle({ logger: recordingLogger().logger });
    const response = await handle({
      event: makeEvent({ locals: { user: ALICE } }),
      resolve: pageResolve(pageHtml('rAnd0mN0nce+/=')).resolve,
    });
    const html = await response.text();
    expect(html).toContain('<script data-intercom-identity="" nonce="rAnd0mN0nce+/=">window.intercomSettings=');
  });

  it('finds the nonce in the head too when the page comes in chunks: </head> in one, the nonced script in a later one', async () => {
    const page = pageHtml('cHunk3dN0nce');
    const head = page.indexOf('</head>');
    const script = page.indexOf('<script');
    const handle = intercomHandle({ logger: recordingLogger().logger });
    for (const cuts of [[head + 3], [head + 10, script + 12], [...page].map((_, i) => i + 1).slice(0, -1)]) {
      const response = await handle({
        event: makeEvent({ locals: { user: ALICE } }),
        resolve: pageResolve(page, {}, cuts).resolve,
      });
      const html = await response.text();
      const boot = html.indexOf('<script data-intercom-identity="" nonce="cHunk3dN0nce">');
      expect(boot, `cut at ${cuts.slice(0, 2).join(', ')}`).toBeGreaterThan(-1);
      // In the head, just before </head>.
      expect(html.indexOf('</script>', boot) + '</script>'.length).toBe(html.indexOf('</head>'));
      // Nothing of the page is lost or doubled.
      expect(html.replace(/<script data-intercom-identity[\s\S]*?<\/script>/, '')).toBe(page);
    }
  });

  it('says once, as an error, when the CSP allows scripts by a nonce the boot script could not carry', async () => {
    const { lines, logger } = recordingLogger();
    const handle = intercomHandle({ logger });
    const policy = { 'content-security-policy': "script-src 'self' 'nonce-fromTheHeader' 'strict-dynamic'; style-src 'self'" };
    for (let i = 0; i < 2; i++) {
      const { resolve } = pageResolve(pageHtml(), policy);
      await (await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve })).text();
    }
    expect(lines.filter((line) => line.startsWith('error') && line.includes('nonce'))).toHaveLength(1);
    // The nonce on the page matches the header's (enforced or report-only): nothing to say.
    const quiet = recordingLogger();
    const matching = intercomHandle({ logger: quiet.logger });
    const reportOnly = { 'content-security-policy-report-only': "script-src 'nonce-same' 'strict-dynamic'" };
    await (await matching({ event: makeEvent(), resolve: pageResolve(pageHtml('same'), reportOnly).resolve })).text();
    // A nonce for styles only says nothing about scripts.
    const styles = { 'content-security-policy': "style-src 'nonce-styleOnly'; script-src 'self'" };
    await (await matching({ event: makeEvent(), resolve: pageResolve(pageHtml(), styles).resolve })).text();
    expect(quiet.lines).toEqual([]);
  });

  it('signs nothing while prerendering: no getUser call, no script, a warning', async () => {
    setBuilding(true);
    const { lines, logger } = recordingLogger();
    let asked = 0;
    const handle = intercomHandle({
      logger,
      getUser: () => {
        asked++;
        return { user_id: 'u_1001' };
      },
    });
    const page = pageHtml();
    const response = await handle({ event: makeEvent({ path: '/about' }), resolve: pageResolve(page).resolve });
    expect(await response.text()).toBe(page);
    expect(asked).toBe(0);
    expect(lines.join('\n')).toContain('/about is prerendered');
  });

  it('reads the env per request: the variables of src/env.ts first, process.env as fallback, a new secret without a rebuild', async () => {
    const handle = intercomHandle({ ...USER_HASH, logger: recordingLogger().logger });
    const render = async () =>
      injectedSettings(
        await (await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve: pageResolve(pageHtml()).resolve })).text(),
      );
    expect((await render())?.user_hash).toBe(hmac(SECRET, 'u_1001'));
    const rotated = 'rotated-web-secret-0123456789abcdef';
    setDeclared({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: rotated,
      INTERCOM_WIDGET_URL: 'http://127.0.0.1:9/widget/{app_id}',
    });
    expect((await render())?.user_hash).toBe(hmac(rotated, 'u_1001'));
    // Not declared in src/env.ts: process.env is used.
    setDeclared({ INTERCOM_WIDGET_URL: 'http://127.0.0.1:9/widget/{app_id}' });
    process.env.INTERCOM_APP_ID = 'fromproc1';
    process.env.INTERCOM_IDENTITY_SECRET = SECRET;
    try {
      expect(await render()).toMatchObject({ app_id: 'fromproc1', user_hash: hmac(SECRET, 'u_1001') });
    } finally {
      delete process.env.INTERCOM_APP_ID;
      delete process.env.INTERCOM_IDENTITY_SECRET;
    }
  });

  it('without an app id, pages render without the Messenger and the setup error is logged once', async () => {
    setDeclared({ INTERCOM_IDENTITY_SECRET: SECRET });
    const { lines, logger } = recordingLogger();
    const handle = intercomHandle({ logger });
    for (let i = 0; i < 3; i++) {
      const response = await handle({ event: makeEvent({ locals: { user: ALICE } }), resolve: pageResolve(pageHtml()).resolve });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(pageHtml());
    }
    expect(lines.filter((line) => line.includes('APP_ID_MISSING'))).toHaveLength(1);
  });

  it('a getUser that throws boots a visitor and logs no message of the error', async () => {
    const { lines, logger } = recordingLogger();
    const handle = intercomHandle({
      logger,
      getUser: () => {
        throw new Error('db password hunter2 rejected');
      },
    });
    const response = await handle({ event: makeEvent(), resolve: pageResolve(pageHtml()).resolve });
    const settings = injectedSettings(await response.text());
    expect(settings).not.toHaveProperty('user_hash');
    expect(lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('a bad user object boots a visitor, never an unsigned identified user, and logs the code', async () => {
    const { lines, logger } = recordingLogger();
    const handle = intercomHandle({ logger, getUser: () => ({ user_id: 'u_1', created_at: 1700000000000 }) });
    const response = await handle({ event: makeEvent(), resolve: pageResolve(pageHtml()).resolve });
    const settings = injectedSettings(await response.text());
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(lines.join('\n')).toContain('[intercom-identity] CREATED_AT_INVALID');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it("runs after a session handle, beside another handle's transformPageChunk (as sequence() chains them)", async () => {
    const intercom = intercomHandle({ ...USER_HASH, logger: recordingLogger().logger });
    const event = makeEvent();
    // What sequence(session, intercom) does, by hand: kit's sequence() needs a running server.
    const page = pageResolve(pageHtml().replace('lang="en"', 'lang="%lang%"'));
    const response = await (async () => {
      Object.assign(event.locals, { user: { email: 'bob@example.com', name: 'Bob Example' } });
      return intercom({
        event,
        resolve: (e, options) =>
          page.resolve(e, {
            transformPageChunk: async (chunk) => {
              const html = (await options?.transformPageChunk?.(chunk)) ?? chunk.html;
              return html.replace('%lang%', 'de');
            },
          }),
      });
    })();
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    const settings = injectedSettings(html);
    expect(settings).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
    expect(settings).not.toHaveProperty('user_id');
  });

  it('intercomSettings(event) gives a load function the settings the page carries, and a data response is no-store', async () => {
    const handle = intercomHandle({ ...USER_HASH, logger: recordingLogger().logger });
    const event = makeEvent({ locals: { user: ALICE } });
    let fromLoad: unknown;
    // A __data.json request: no HTML, only the load function's data.
    const response = await handle({
      event,
      resolve: async () => {
        fromLoad = await intercomSettings({ locals: event.locals });
        return new Response(JSON.stringify(fromLoad), { headers: { 'content-type': 'application/json' } });
      },
    });
    expect(fromLoad).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    await expect(intercomSettings({ locals: {} })).rejects.toMatchObject({ code: 'HANDLER_OPTIONS_INVALID' });
  });

  it('on the page request itself, intercomSettings(event) gives undefined: the settings go out once, in the boot script', async () => {
    const handle = intercomHandle({ ...USER_HASH, logger: recordingLogger().logger });
    const event = makeEvent({ locals: { user: ALICE } });
    let fromLoad: unknown = 'not called';
    const response = await handle({
      event,
      resolve: async (_event, options) => {
        fromLoad = await intercomSettings({ locals: event.locals, isDataRequest: false });
        const page = '<html><head></head><body><script>kit.start()</script></body></html>';
        return new Response((await options?.transformPageChunk?.({ html: page, done: true })) ?? page, {
          headers: { 'content-type': 'text/html' },
        });
      },
    });
    expect(fromLoad).toBeUndefined();
    const html = await response.text();
    expect(html.split(hmac(SECRET, 'u_1001')).length - 1).toBe(1);
    expect(injectedSettings(html)).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    // A client-side navigation's data request gets them.
    const dataEvent = makeEvent({ locals: { user: ALICE } });
    let fromData: unknown;
    await handle({
      event: dataEvent,
      resolve: async () => {
        fromData = await intercomSettings({ locals: dataEvent.locals, isDataRequest: true });
        return new Response('{}', { headers: { 'content-type': 'application/json' } });
      },
    });
    expect(fromData).toMatchObject({ user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
  });

  it('signs nothing for a response that neither renders a page nor asks for the settings (a +server.ts route)', async () => {
    let asked = 0;
    const handle = intercomHandle({
      logger: recordingLogger().logger,
      getUser: () => {
        asked++;
        return { user_id: 'u_1001' };
      },
    });
    const response = await handle({
      event: makeEvent({ path: '/api/items' }),
      resolve: async () => new Response('[]', { headers: { 'content-type': 'application/json', 'cache-control': 'max-age=60' } }),
    });
    expect(asked).toBe(0);
    expect(response.headers.get('cache-control')).toBe('max-age=60');
  });

  it('fromAuthJs() reads the @auth/sveltekit session from event.locals.auth()', async () => {
    const handle = intercomHandle({ ...USER_HASH, logger: recordingLogger().logger, getUser: fromAuthJs() });
    const auth = async () => ({ user: { id: 'u_42', email: 'carol@example.com', name: 'Carol' }, expires: '2030-01-01' });
    const response = await handle({ event: makeEvent({ locals: { auth } }), resolve: pageResolve(pageHtml()).resolve });
    expect(injectedSettings(await response.text())).toMatchObject({ user_id: 'u_42', user_hash: hmac(SECRET, 'u_42') });
    const signedOut = await handle({
      event: makeEvent({ locals: { auth: async () => null } }),
      resolve: pageResolve(pageHtml()).resolve,
    });
    expect(injectedSettings(await signedOut.text())).not.toHaveProperty('user_hash');
  });

  it('refuses options it cannot use, with a stable code', () => {
    expect(() => intercomHandle({ getUser: 'locals.user' as never })).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }),
    );
  });
});

describe('findScriptNonce', () => {
  it("finds the nonce of SvelteKit's init script, near the end, and nothing on a page without one", () => {
    expect(findScriptNonce(pageHtml('k1tN0nce'))).toBe('k1tN0nce');
    expect(findScriptNonce(pageHtml())).toBeUndefined();
    expect(
      findScriptNonce('<script data-nonce="no">1</script><script type="module" nonce="yes">2</script><script>3</script>'),
    ).toBe('yes');
    expect(findScriptNonce('<p>nonce="text"</p><script src="/a.js"></script>')).toBeUndefined();
  });
});
