import { createHmac } from 'node:crypto';
import { type IntercomUser, type Logger, verifyUserJwt } from '@intercom-identity/core';
import { describe, expect, it } from 'vitest';
import { createNuxtIntercom, type EventLike, findUser, type SkipReason, type UserSources } from '../src/runtime/server/logic.js';

const SECRET = 'web-secret-0123456789abcdefghijklmnop';
const IOS_SECRET = 'ios-secret-0123456789abcdefghijklmnop';
const ALICE: IntercomUser = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };
const BOB: IntercomUser = { email: 'bob@example.com', name: 'Bob Example' };
const CAROL: IntercomUser = { user_id: 'u_3003', email: 'carol@example.com' };
const hmac = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');

// The default mode, JWT, and the compatible one, user_hash, whose proofs these tests compute independently.
const DEFAULT_ENV = { INTERCOM_APP_ID: 'abc123', INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_SECRET_IOS: IOS_SECRET };
const ENV = { ...DEFAULT_ENV, INTERCOM_IDENTITY_MODE: 'user_hash' };

interface FakeEvent extends EventLike {
  headersSet: Record<string, string>;
}

/** An H3 event's few parts, with response headers the app (or a route rule) may have set already. */
function fakeEvent(context: Record<string, unknown> = {}, headers: Record<string, string> = {}): FakeEvent {
  const headersSet: Record<string, string> = { ...headers };
  return {
    context,
    headersSet,
    node: {
      req: { headers: {}, url: '/account?tab=1' },
      res: {
        getHeader: (name: string) => headersSet[name],
        setHeader: (name: string, value: string) => (headersSet[name] = value),
        removeHeader: (name: string) => delete headersSet[name],
      },
    },
  };
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (line) => lines.push(line), error: (line) => lines.push(line) };
}

function settingsIn(script: string): Record<string, unknown> {
  const match = /window\.intercomSettings=(\{.*?\});/.exec(script);
  if (!match) throw new Error(`no settings in ${script.slice(0, 80)}`);
  return JSON.parse(match[1] as string) as Record<string, unknown>;
}

async function render(event: FakeEvent, sources: UserSources = {}, skip: SkipReason | null = null) {
  const logger = recordingLogger();
  const script = await createNuxtIntercom(sources, () => ENV, logger).render(event, skip);
  if (script === null) throw new Error('no boot script');
  const settings = settingsIn(script);
  const signed = typeof settings.user_hash === 'string' || typeof settings.intercom_user_jwt === 'string';
  return { script, settings, signed, logger };
}

describe('where the user comes from', () => {
  const session = async () => ({ user: CAROL });

  it('the app’s resolver comes first, even when a middleware set event.context.user and a session exists', async () => {
    const event = fakeEvent({ user: BOB });
    expect(await findUser(event, { resolveUser: () => ALICE, getUserSession: session })).toEqual(ALICE);
  });

  it('a resolver that answers null means a visitor: nothing else is asked', async () => {
    const event = fakeEvent({ user: BOB });
    expect(await findUser(event, { resolveUser: async () => null, getUserSession: session })).toBeNull();
  });

  it('without a resolver, event.context.user, before the nuxt-auth-utils session', async () => {
    expect(await findUser(fakeEvent({ user: BOB }), { getUserSession: session })).toEqual(BOB);
    // A middleware that found nobody sets null: a visitor, not somebody else's session.
    expect(await findUser(fakeEvent({ user: null }), { getUserSession: session })).toBeNull();
  });

  it('without a resolver or a context user, the nuxt-auth-utils session user', async () => {
    expect(await findUser(fakeEvent(), { getUserSession: session })).toEqual(CAROL);
    expect(await findUser(fakeEvent(), { getUserSession: async () => ({}) })).toBeNull();
  });

  it('a nuxt-auth-utils session user with an email but no id: signed by its email in user_hash mode, with one USER_ID_MISSING warning', async () => {
    const event = () => fakeEvent();
    const sources = { getUserSession: async () => ({ user: { email: 'bob@example.com', name: 'Bob' } }) };
    const logger = recordingLogger();
    const logged = createNuxtIntercom(sources, () => ENV, logger);
    for (let i = 0; i < 3; i++) {
      const script = await logged.render(event(), null);
      expect(settingsIn(script as string)).toMatchObject({
        email: 'bob@example.com',
        user_hash: hmac(SECRET, 'bob@example.com'),
      });
    }
    const warnings = logger.lines.filter((line) => line.includes('USER_ID_MISSING'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^\[intercom-identity\] USER_ID_MISSING: .*In JWT mode \(the default\) this user boots the Messenger as a visitor/,
    );
    expect(warnings[0]).not.toContain('bob@example.com');
  });

  it('the same session user in JWT, the default mode: a visitor, with the USER_ID_MISSING warning and JWT_USER_ID_REQUIRED once', async () => {
    const sources = { getUserSession: async () => ({ user: { email: 'bob@example.com', name: 'Bob' } }) };
    const logger = recordingLogger();
    const intercom = createNuxtIntercom(sources, () => DEFAULT_ENV, logger);
    for (let i = 0; i < 3; i++) {
      const script = await intercom.render(fakeEvent(), null);
      expect(settingsIn(script as string)).toEqual({ app_id: 'abc123', api_base: 'https://api-iam.intercom.io' });
    }
    expect(logger.lines.filter((line) => line.startsWith('[intercom-identity] USER_ID_MISSING: '))).toHaveLength(1);
    expect(logger.lines.filter((line) => line.startsWith('[intercom-identity] JWT_USER_ID_REQUIRED: '))).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toContain('bob@example.com');
  });

  it('a session user with an id, or a context user without one (the app chose it), is not warned about', async () => {
    const lines: string[] = [];
    await findUser(fakeEvent(), { getUserSession: async () => ({ user: { id: 7, email: 'c@example.com' } }) }, (line) =>
      lines.push(line),
    );
    await findUser(fakeEvent({ user: BOB }), { getUserSession: session }, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it('with no source at all, a visitor', async () => {
    expect(await findUser(fakeEvent(), {})).toBeNull();
  });

  it('the resolver receives the event of the request', async () => {
    const event = fakeEvent({ tenant: 't1' });
    let seen: unknown;
    await findUser(event, {
      resolveUser: (e) => {
        seen = e;
        return null;
      },
    });
    expect(seen).toBe(event);
  });
});

describe('the boot script of a rendered page', () => {
  it('is signed for the request’s user and sent with Cache-Control: private, no-store', async () => {
    const event = fakeEvent({ user: ALICE });
    const { signed, settings } = await render(event);
    expect(signed).toBe(true);
    expect(settings).toMatchObject({ app_id: 'abc123', user_id: 'u_1001', user_hash: hmac(SECRET, 'u_1001') });
    expect(event.headersSet).toEqual({ 'cache-control': 'private, no-store' });
  });

  it('is signed with a JWT when no mode is set (the default)', async () => {
    const event = fakeEvent({ user: ALICE });
    const script = await createNuxtIntercom({}, () => DEFAULT_ENV, recordingLogger()).render(event, null);
    const settings = settingsIn(script as string);
    expect(settings).not.toHaveProperty('user_hash');
    expect(await verifyUserJwt(SECRET, settings.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
    expect(event.headersSet).toEqual({ 'cache-control': 'private, no-store' });
  });

  it('Bob, who has no user id, gets the hash of his email', async () => {
    const { settings } = await render(fakeEvent({ user: BOB }));
    expect(settings).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
  });

  it('a visitor page carries no proof and its caching is left to the app', async () => {
    const event = fakeEvent({ user: null });
    const { signed, settings } = await render(event);
    expect(signed).toBe(false);
    expect(settings).toEqual({ app_id: 'abc123', api_base: 'https://api-iam.intercom.io' });
    expect(event.headersSet).toEqual({});
  });

  it.each(['swr', 'isr', 'cache', 'prerender'] as const)(
    'on a %s route Alice gets the visitor boot: the user is not even looked up',
    async (kind) => {
      const event = fakeEvent({ user: ALICE });
      let asked = false;
      const { signed, settings, script } = await render(
        event,
        {
          resolveUser: () => {
            asked = true;
            return ALICE;
          },
        },
        kind,
      );
      expect(asked).toBe(false);
      expect(signed).toBe(false);
      expect(settings).not.toHaveProperty('user_hash');
      expect(script).not.toContain('u_1001');
      expect(script).not.toContain('alice@example.com');
      // The cache keeps the response as it is: no private header to fight it.
      expect(event.headersSet).toEqual({});
    },
  );

  it('a bad user object is logged with its code and the page boots a visitor', async () => {
    const { signed, settings, logger } = await render(
      fakeEvent({ user: { user_id: '', email: 'eve@example.com', name: 'Eve' } }),
    );
    expect(signed).toBe(false);
    expect(settings).not.toHaveProperty('user_hash');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^\[intercom-identity\] [A-Z_]+: .*visitor/);
    expect(logger.lines[0]).not.toContain(SECRET);
  });

  it('a resolver that throws does not break the page, and its message is not logged', async () => {
    const { signed, logger } = await render(fakeEvent(), {
      resolveUser: () => {
        throw new Error(`db password is ${SECRET}`);
      },
    });
    expect(signed).toBe(false);
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('carries the nuxt-security nonce of the request', async () => {
    const { script } = await render(fakeEvent({ user: ALICE, security: { nonce: 'r4nd0mN0nce+/=' } }));
    expect(script.startsWith('<script data-intercom-identity="" nonce="r4nd0mN0nce+/=">')).toBe(true);
  });

  it('a malformed nonce is logged and the script is rendered without it', async () => {
    const { script, logger } = await render(fakeEvent({ user: ALICE, security: { nonce: '"><b>' } }));
    expect(script.startsWith('<script data-intercom-identity="">')).toBe(true);
    expect(logger.lines.join('\n')).toContain('NONCE_INVALID');
  });

  it('renders nothing while the setup is broken', async () => {
    const logger = recordingLogger();
    const broken = createNuxtIntercom({}, () => ({ INTERCOM_IDENTITY_SECRET: SECRET }), logger);
    expect(await broken.render(fakeEvent({ user: ALICE }), null)).toBeNull();
    expect(logger.lines.join('\n')).toContain('APP_ID_MISSING');
  });

  it('a session object with id (not user_id) is signed by that id, as in every adapter', async () => {
    const { settings } = await render(fakeEvent({ user: { id: 'u_77', email: 'row@example.com', password_hash: 'x' } }));
    expect(settings).toMatchObject({ user_id: 'u_77', user_hash: hmac(SECRET, 'u_77') });
    expect(settings).not.toHaveProperty('password_hash');
  });

  it('strips CDN cache headers a route rule set, and replaces a public Cache-Control, on a signed page only', async () => {
    const cdn = {
      'cache-control': 'public, max-age=60',
      'cdn-cache-control': 'max-age=600',
      'surrogate-control': 'max-age=600',
      'netlify-cdn-cache-control': 'public, durable',
    };
    const signed = fakeEvent({ user: ALICE }, cdn);
    const { logger } = await render(signed);
    expect(signed.headersSet).toEqual({ 'cache-control': 'private, no-store' });
    expect(logger.lines.join('\n')).toContain('/account sent Cache-Control "public, max-age=60"');
    const visitor = fakeEvent({ user: null }, cdn);
    await render(visitor);
    expect(visitor.headersSet).toEqual(cdn);
  });
});

describe('the proof endpoint', () => {
  const endpoint = (sources: UserSources = {}, logger = recordingLogger()) => createNuxtIntercom(sources, () => ENV, logger);
  const request = (query: string, init?: RequestInit) => new Request(`http://localhost/api/intercom-identity${query}`, init);

  it('signs the event’s user with the platform’s secret, ignoring identifiers in the query', async () => {
    const response = await endpoint().endpoint(fakeEvent({ user: ALICE }), request('?platform=ios&user_id=u_2002'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ platform: 'ios', user_id: 'u_1001', user_hash: hmac(IOS_SECRET, 'u_1001') });
  });

  it('answers 401 for a visitor', async () => {
    const response = await endpoint().endpoint(fakeEvent({ user: null }), request('?user_id=u_1001'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'NO_SESSION' } });
  });

  it('a resolver that throws: 500 SESSION_LOOKUP_FAILED, logged by code, never its message', async () => {
    const logger = recordingLogger();
    const failing = endpoint(
      {
        resolveUser: () => {
          throw new Error('db host 10.0.0.9');
        },
      },
      logger,
    );
    const response = await failing.endpoint(fakeEvent(), request(''));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: { code: 'SESSION_LOOKUP_FAILED' } });
    expect(logger.lines.join('\n')).toContain('SESSION_LOOKUP_FAILED');
    expect(logger.lines.join('\n')).not.toContain('10.0.0.9');
  });

  it('two requests in flight each get their own user', async () => {
    const slow = endpoint({
      resolveUser: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, event.context.user === ALICE ? 30 : 0));
        return event.context.user as IntercomUser;
      },
    });
    const [alice, bob] = await Promise.all([
      slow.endpoint(fakeEvent({ user: ALICE }), request('')),
      slow.endpoint(fakeEvent({ user: BOB }), request('')),
    ]);
    expect(await alice.json()).toMatchObject({ user_id: 'u_1001' });
    expect(await bob.json()).toMatchObject({ email: 'bob@example.com', user_hash: hmac(SECRET, 'bob@example.com') });
  });
});
