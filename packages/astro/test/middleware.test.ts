// The middleware called as Astro calls it, with a context of the parts it
// reads: what it does to a response, before the fixture app shows it in a real build.
import type { APIContext } from 'astro';
import { describe, expect, it } from 'vitest';
import { intercomIdentity, intercomMiddleware } from '../src/index.js';
import { APP_ID, bootScript, hmac, SECRET } from './support.js';

const ENV = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' };
const ALICE = { id: 'u_1001', email: 'alice@example.com' };
const PAGE = '<html><head><title>Hi</title></head><body>Hi</body></html>';

function recordingLogger() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      warn: (line: string) => void lines.push(`warn ${line}`),
      error: (line: string) => void lines.push(`error ${line}`),
    },
  };
}

function contextFor(options: { user?: unknown; method?: string; prerendered?: boolean; locals?: Record<string, unknown> } = {}) {
  return {
    locals: { user: options.user ?? null, ...options.locals },
    request: new Request('http://localhost/', { method: options.method ?? 'GET' }),
    url: new URL('http://localhost/'),
    isPrerendered: options.prerendered ?? false,
    routePattern: '/',
  } as unknown as APIContext;
}

function html(body = PAGE, headers: Record<string, string> = {}) {
  return () =>
    Promise.resolve(
      new Response(body, { headers: { 'content-type': 'text/html', 'content-length': String(body.length), ...headers } }),
    );
}

describe('intercomMiddleware', () => {
  it('signs for locals.user and puts the script into the head; the length of the old body goes', async () => {
    const middleware = intercomMiddleware({ env: () => ENV });
    const response = (await middleware(contextFor({ user: ALICE }), html())) as Response;
    const page = await response.text();
    expect(bootScript(page)?.settings.user_hash).toBe(hmac(SECRET, 'u_1001'));
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('gives a HEAD response without a body the headers of the signed page', async () => {
    const head = () =>
      Promise.resolve(new Response(null, { headers: { 'content-type': 'text/html', 'cache-control': 'public, max-age=60' } }));
    const response = (await intercomMiddleware({ env: () => ENV })(
      contextFor({ user: ALICE, method: 'HEAD' }),
      head,
    )) as Response;
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.body).toBeNull();
  });

  it('puts locals.cspNonce on the script, or the nonce the nonce option returns', async () => {
    const fromLocals = (await intercomMiddleware({ env: () => ENV })(
      contextFor({ locals: { cspNonce: 'bm9uY2Ux' } }),
      html(),
    )) as Response;
    expect(bootScript(await fromLocals.text())?.tag).toMatch(/^<script data-intercom-identity="" nonce="bm9uY2Ux">/);
    const fromOption = (await intercomMiddleware({ env: () => ENV, nonce: () => 'b3duMg==' })(contextFor(), html())) as Response;
    expect(bootScript(await fromOption.text())?.tag).toMatch(/ nonce="b3duMg=="/);
  });

  it('a nonce that is not base64 is logged and left out; the page still boots', async () => {
    const { lines, logger } = recordingLogger();
    const response = (await intercomMiddleware({ env: () => ENV, logger, nonce: () => '"><script>' })(
      contextFor(),
      html(),
    )) as Response;
    const page = await response.text();
    expect(bootScript(page)?.tag).toMatch(/^<script data-intercom-identity="">window/);
    expect(page).not.toContain('"><script>');
    expect(lines.join('\n')).toMatch(/NONCE_INVALID|nonce/i);
  });

  it('leaves alone what is not a GET or HEAD page: a POST, JSON, a prerendered page (with one warning)', async () => {
    const { lines, logger } = recordingLogger();
    const middleware = intercomMiddleware({ env: () => ENV, logger });
    const post = (await middleware(contextFor({ user: ALICE, method: 'POST' }), html())) as Response;
    expect(await post.text()).toBe(PAGE);
    const json = (await middleware(contextFor({ user: ALICE }), () => Promise.resolve(Response.json({ ok: 1 })))) as Response;
    expect(await json.json()).toEqual({ ok: 1 });
    for (let i = 0; i < 2; i++) {
      const built = (await middleware(contextFor({ user: ALICE, prerendered: true }), html())) as Response;
      expect(await built.text()).toBe(PAGE);
    }
    expect(lines).toEqual([expect.stringMatching(/^warn .*\/ is prerendered, so it gets no Messenger boot script/)]);
  });

  it('a broken setup boots nothing and says so once; the page is sent as it was', async () => {
    const { lines, logger } = recordingLogger();
    const middleware = intercomMiddleware({ env: () => ({ INTERCOM_APP_ID: 'not an app id!' }), logger });
    for (let i = 0; i < 2; i++) {
      const response = (await middleware(contextFor({ user: ALICE }), html())) as Response;
      expect(await response.text()).toBe(PAGE);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error /);
    expect(lines[0]).not.toContain('not an app id!');
  });

  it('a failing getUser is logged and boots a visitor', async () => {
    const { lines, logger } = recordingLogger();
    const middleware = intercomMiddleware({
      env: () => ENV,
      logger,
      getUser: () => {
        throw new Error('session store down');
      },
    });
    const response = (await middleware(contextFor(), html())) as Response;
    const settings = bootScript(await response.text())?.settings;
    expect(settings).toMatchObject({ app_id: APP_ID });
    expect(settings).not.toHaveProperty('user_hash');
    expect(lines.join('\n')).toMatch(/SESSION_LOOKUP_FAILED/);
  });

  it('refuses options it cannot use, with a stable code', () => {
    expect(() => intercomMiddleware({ nonce: 'abc' as never })).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }),
    );
    expect(() => intercomMiddleware('yes' as never)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
  });
});

describe('intercomIdentity (the integration) refuses options it cannot use', () => {
  it.each([
    ['a proof route that is not a path', { proofRoute: 'api/x' }],
    ['middleware that is not a boolean', { middleware: 'yes' }],
    ['settings that are not an object', { settings: [1] }],
    ['settings without its middleware, where they would be lost', { middleware: false, settings: { alignment: 'left' } }],
    ['no options object', 'server'],
  ])('%s', (_, options) => {
    expect(() => intercomIdentity(options as never)).toThrow(expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }));
  });
});
