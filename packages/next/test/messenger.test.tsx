import { createIdentity, resolveConfig, verifyUserJwt } from '@intercom-identity/core';
import { type ReactElement, type ReactNode, Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IntercomSync } from '../src/client/index.js';
import { createIntercomIdentity, type NextIntercomIdentityOptions } from '../src/index.js';
import { ALICE, APP_ID, BOB, envWith, hmacHex, OTHER_SECRET, recordingLogger, SECRET } from './support.js';

const next = vi.hoisted(() => ({
  calls: [] as string[],
  requestHeaders: {} as Record<string, string>,
  headersError: null as Error | null,
}));

vi.mock('server-only', () => ({}));
vi.mock('next/headers.js', () => ({
  headers: async () => {
    next.calls.push('headers');
    // What Next.js does while prerendering a page at build time: the request-time API bails out.
    if (next.headersError) throw next.headersError;
    return new Headers(next.requestHeaders);
  },
}));
vi.mock('next/server.js', () => ({ connection: async () => next.calls.push('connection') }));
vi.mock('next/navigation.js', () => ({ usePathname: () => '/', useSearchParams: () => new URLSearchParams() }));

beforeEach(() => {
  next.calls = [];
  next.requestHeaders = {};
  next.headersError = null;
});

type Setup = Partial<NextIntercomIdentityOptions> & { env?: () => Record<string, string | undefined> };

function setup(user: unknown, options: Setup = {}) {
  const logger = recordingLogger();
  let env = envWith();
  const intercom = createIntercomIdentity({
    getUser: async () => {
      next.calls.push('getUser');
      return user as never;
    },
    env: () => {
      next.calls.push('env');
      return env;
    },
    logger,
    ...options,
  });
  return {
    intercom,
    logger,
    setEnv(extra: Record<string, string | undefined>) {
      env = envWith(extra);
    },
  };
}

type Intercom = ReturnType<typeof setup>['intercom'];
type AsyncComponent = (props: Record<string, unknown>) => Promise<ReactElement | null>;

/** The part of <IntercomMessenger /> that Next.js renders per request: the child of its Suspense boundary. */
function streamedPart(intercom: Intercom, props = {}): ReactElement<Record<string, unknown>> {
  const boundary = intercom.IntercomMessenger(props) as ReactElement<{ children: ReactElement<Record<string, unknown>> }>;
  return boundary.props.children;
}

/** Renders the server component to HTML, as the response streams it. */
async function render(intercom: Intercom, props = {}) {
  const part = streamedPart(intercom, props);
  const element = await (part.type as AsyncComponent)(part.props);
  const html = element === null ? '' : renderToStaticMarkup(element);
  return { element, html };
}

function bootScript(html: string): { attributes: string; body: string } {
  const match = /<script data-intercom-identity=""([^>]*)>([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error(`no boot script in ${html}`);
  return { attributes: match[1] as string, body: match[2] as string };
}

function settingsIn(html: string): Record<string, unknown> {
  const match = /^window\.intercomSettings=(.*?);\(function/.exec(bootScript(html).body);
  if (match === null) throw new Error('no settings in the boot script');
  return JSON.parse(match[1] as string) as Record<string, unknown>;
}

function findElement(node: ReactNode, type: unknown): ReactElement<Record<string, unknown>> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findElement(child, type);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null || !('props' in node)) return undefined;
  const element = node as ReactElement<Record<string, unknown>>;
  if (element.type === type) return element;
  return findElement(element.props.children as ReactNode, type);
}

describe('<IntercomMessenger /> (server component)', () => {
  it('brings its own Suspense boundary with an empty fallback, and reads nothing outside it', () => {
    const { intercom } = setup(ALICE);
    const boundary = intercom.IntercomMessenger({}) as ReactElement<{ fallback: unknown; children: ReactElement }>;
    // What a prerendered shell holds of it: the fallback, nothing of the user.
    expect(boundary.type).toBe(Suspense);
    expect(boundary.props.fallback).toBeNull();
    expect(next.calls).toEqual([]);
    expect(typeof boundary.props.children.type).toBe('function');
  });

  it('reads the request headers before the env and the user, so the page is rendered per request', async () => {
    const { intercom } = setup(ALICE);
    await render(intercom);
    expect(next.calls).toEqual(['headers', 'env', 'getUser']);
  });

  it('signs nothing and reads no env while Next.js prerenders (the request-time API bails out)', async () => {
    const { intercom } = setup(ALICE);
    next.headersError = new Error('Dynamic server usage: headers');
    const part = streamedPart(intercom);
    await expect((part.type as AsyncComponent)(part.props)).rejects.toBe(next.headersError);
    expect(next.calls).toEqual(['headers']);
  });

  it('creating the identity reads nothing: the env is read when a request arrives', () => {
    createIntercomIdentity({
      getUser: () => null,
      env: () => {
        throw new Error('read at import time');
      },
    });
  });

  it('renders exactly the core’s boot script for Alice, with her user_id and a valid user_hash', async () => {
    const { intercom } = setup(ALICE);
    const { html } = await render(intercom);
    const settings = settingsIn(html);
    expect(settings).toEqual({
      app_id: APP_ID,
      api_base: 'https://api-iam.intercom.io',
      user_id: 'u_1001',
      email: 'alice@example.com',
      user_hash: hmacHex(SECRET, 'u_1001'),
      name: 'Alice Example',
      created_at: 1700000000,
    });
    const identity = createIdentity(resolveConfig(envWith()));
    const expected = identity.renderScript(await identity.bootSettings(ALICE));
    expect(`<script data-intercom-identity="">${bootScript(html).body}</script>`).toBe(expected);
  });

  it('signs Bob, who has no user id, with the hash of his email', async () => {
    const { intercom } = setup(BOB);
    const settings = settingsIn((await render(intercom)).html);
    expect(settings.user_id).toBeUndefined();
    expect(settings.email).toBe('bob@example.com');
    expect(settings.user_hash).toBe(hmacHex(SECRET, 'bob@example.com'));
  });

  it('a session object with id (not user_id) is signed by that id, as in every adapter', async () => {
    const { intercom } = setup({ id: 'u_42', email: 'row@example.com', password_hash: 'never sent' });
    const settings = settingsIn((await render(intercom)).html);
    expect(settings.user_id).toBe('u_42');
    expect(settings.user_hash).toBe(hmacHex(SECRET, 'u_42'));
    expect(settings).not.toHaveProperty('password_hash');
  });

  it('a getUser that throws does not break the page: SESSION_LOOKUP_FAILED is logged and a visitor boots', async () => {
    const logger = recordingLogger();
    const intercom = createIntercomIdentity({
      getUser: async () => {
        throw new Error('session store down: token=abc');
      },
      env: () => envWith(),
      logger,
    });
    const { html } = await render(intercom);
    expect(settingsIn(html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('token=abc');
  });

  it('boots a visitor, with no proof, when getUser returns null', async () => {
    const { intercom, logger } = setup(null);
    expect(settingsIn((await render(intercom)).html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('a hostile display name cannot end the script, and comes back intact in the settings', async () => {
    const name = '</script><script>window.__pwned=1</script> & <!-- \u2028';
    const { intercom } = setup({ ...ALICE, name });
    const { html } = await render(intercom);
    const { body } = bootScript(html);
    expect(body).not.toMatch(/<\/script|<!--|<script/i);
    expect(settingsIn(html).name).toBe(name);
  });

  it('puts the nonce of the x-nonce request header on the script', async () => {
    next.requestHeaders = { 'x-nonce': 'bm9uY2UtZm9yLXRoaXMtcmVxdWVzdA==' };
    const { intercom } = setup(ALICE);
    expect(bootScript((await render(intercom)).html).attributes).toBe(' nonce="bm9uY2UtZm9yLXRoaXMtcmVxdWVzdA=="');
  });

  it('reads the nonce from a custom header, or else from the request’s Content-Security-Policy', async () => {
    next.requestHeaders = { 'x-csp-nonce': 'Y3VzdG9t' };
    const custom = setup(ALICE, { nonceHeader: 'x-csp-nonce' });
    expect(bootScript((await render(custom.intercom)).html).attributes).toBe(' nonce="Y3VzdG9t"');

    next.requestHeaders = { 'content-security-policy': "script-src 'self' 'nonce-ZnJvbS1wb2xpY3k=' 'strict-dynamic'" };
    const fromPolicy = setup(ALICE);
    expect(bootScript((await render(fromPolicy.intercom)).html).attributes).toBe(' nonce="ZnJvbS1wb2xpY3k="');
  });

  it('no nonce in the request: no nonce attribute', async () => {
    const { intercom } = setup(ALICE);
    expect(bootScript((await render(intercom)).html).attributes).toBe('');
  });

  it('a malformed nonce is left out with a log line; the user stays signed', async () => {
    next.requestHeaders = { 'x-nonce': '"><script>alert(1)</script>' };
    const { intercom, logger } = setup(ALICE);
    const { html } = await render(intercom);
    expect(bootScript(html).attributes).toBe('');
    expect(settingsIn(html).user_hash).toBe(hmacHex(SECRET, 'u_1001'));
    expect(logger.lines).toEqual([expect.stringMatching(/^error \[intercom-identity\] NONCE_INVALID: .*without a nonce/)]);
  });

  it('a bad user object boots a visitor and logs the code and message, never the secret', async () => {
    const { intercom, logger } = setup({ user_id: 'u_1001', created_at: 1700000000000 });
    const { html } = await render(intercom);
    const settings = settingsIn(html);
    expect(settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(html).not.toContain('user_hash');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^error \[intercom-identity\] CREATED_AT_INVALID: .*milliseconds.* boots as a visitor/);
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('JWT, the default mode: Alice is signed with a token, and nothing of her identity is sent in plain', async () => {
    const { intercom, setEnv } = setup(ALICE);
    setEnv({ INTERCOM_IDENTITY_MODE: undefined });
    const settings = settingsIn((await render(intercom)).html);
    expect(settings).not.toHaveProperty('user_hash');
    expect(settings).not.toHaveProperty('user_id');
    expect(settings).not.toHaveProperty('email');
    expect(await verifyUserJwt(SECRET, settings.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
  });

  it('JWT, the default mode, with a user that has no user_id: a visitor and a log line, never an unsigned user', async () => {
    const { intercom, logger, setEnv } = setup(BOB);
    setEnv({ INTERCOM_IDENTITY_MODE: undefined });
    const { html } = await render(intercom);
    expect(settingsIn(html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(html).not.toContain('bob@example.com');
    expect(logger.lines).toEqual([expect.stringMatching(/^error \[intercom-identity\] JWT_USER_ID_REQUIRED: /)]);
  });

  it('an error that is not an IntercomIdentityError is named, and its message (which could hold anything) is not logged', async () => {
    const user = {
      user_id: 'u_1001',
      get email(): string {
        throw new TypeError(`leaky message ${SECRET}`);
      },
    };
    const { intercom, logger } = setup(user);
    expect(settingsIn((await render(intercom)).html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines).toEqual([expect.stringContaining('unexpected TypeError')]);
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('reads the config per request: a rotated secret is used without a restart', async () => {
    const { intercom, setEnv } = setup(ALICE);
    expect(settingsIn((await render(intercom)).html).user_hash).toBe(hmacHex(SECRET, 'u_1001'));
    setEnv({ INTERCOM_IDENTITY_SECRET: OTHER_SECRET });
    expect(settingsIn((await render(intercom)).html).user_hash).toBe(hmacHex(OTHER_SECRET, 'u_1001'));
  });

  it('INTERCOM_CONSENT=required and INTERCOM_LOAD=interaction are read per request: the page gets the consent gate, then the plain loader again', async () => {
    const { intercom, setEnv } = setup(ALICE);
    setEnv({ INTERCOM_CONSENT: 'required', INTERCOM_LOAD: 'interaction' });
    const gated = bootScript((await render(intercom)).html).body;
    expect(gated).toContain('w.grantIntercomConsent=function');
    expect(gated).toContain('data-intercom-facade');
    // The signed settings are on the page before consent; only the loading waits.
    expect(settingsIn((await render(intercom)).html).user_hash).toBe(hmacHex(SECRET, 'u_1001'));
    setEnv({});
    const plain = bootScript((await render(intercom)).html).body;
    expect(plain).not.toContain('grantIntercomConsent');
    expect(plain).not.toContain('data-intercom-facade');
  });

  it('no secret configured: the signed-in user boots as a visitor, never unsigned', async () => {
    const { intercom, setEnv, logger } = setup(ALICE);
    setEnv({ INTERCOM_IDENTITY_SECRET: undefined });
    const { html } = await render(intercom);
    expect(settingsIn(html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines.some((line) => line.includes('SECRET_MISSING'))).toBe(true);
  });

  it('no app id: renders nothing and says why once, however many pages are rendered', async () => {
    const { intercom, setEnv, logger } = setup(ALICE);
    setEnv({ INTERCOM_APP_ID: undefined });
    expect((await render(intercom)).element).toBeNull();
    expect((await render(intercom)).element).toBeNull();
    expect(logger.lines).toEqual([expect.stringMatching(/^error \[intercom-identity\] APP_ID_MISSING: .*INTERCOM_APP_ID/)]);
  });

  it('passes extra settings through the core, and hands the client component the same settings', async () => {
    const { intercom } = setup(ALICE, { routePath: '/intercom/proof' });
    const { element, html } = await render(intercom, { settings: { alignment: 'left' } });
    const settings = settingsIn(html);
    expect(settings.alignment).toBe('left');
    const sync = findElement(element, IntercomSync);
    expect(sync?.props).toEqual({ settings, refreshUrl: '/intercom/proof' });
  });

  it('extra settings that try to set the proof are refused: a visitor without them, and a log line', async () => {
    const { intercom, logger } = setup(ALICE);
    const { html } = await render(intercom, { settings: { user_hash: 'forged' } });
    expect(settingsIn(html)).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
    expect(logger.lines[0]).toMatch(/^error \[intercom-identity\] ATTRIBUTE_RESERVED: .*visitor/);
  });

  it('refuses a setup without getUser, with a message that says what to pass', () => {
    expect(() => createIntercomIdentity({} as NextIntercomIdentityOptions)).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID', message: expect.stringContaining('getUser') }),
    );
    expect(() => createIntercomIdentity({ getUser: () => null, routePath: 'api/x' })).toThrow(
      expect.objectContaining({ code: 'HANDLER_OPTIONS_INVALID' }),
    );
  });
});
