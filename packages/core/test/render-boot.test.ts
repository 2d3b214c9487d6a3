import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEnvIdentity,
  createIdentity,
  describeError,
  IntercomIdentityError,
  personMarker,
  personMarkerKey,
  resolveConfig,
  setupErrorResponse,
  verifyUserJwt,
} from '../src/index.js';
import { ALICE, APP_ID, recordingLogger, SECRET } from './support.js';

const env = { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET };

describe('identity.renderBoot', () => {
  it('renders Alice signed with a JWT by default, and says the page must be private', async () => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig(env, { logger }));
    const boot = await identity.renderBoot(ALICE, { nonce: 'abc123==' });
    expect(boot.signed).toBe(true);
    expect(boot.settings).not.toHaveProperty('user_hash');
    expect(await verifyUserJwt(SECRET, boot.settings.intercom_user_jwt as string)).toMatchObject({
      valid: true,
      claims: { user_id: 'u_1001', email: 'alice@example.com' },
    });
    expect(boot.html).toBe(identity.renderScript(boot.settings, { nonce: 'abc123==' }));
    expect(logger.lines).toEqual([]);
  });

  it('extra Messenger settings are named settings, as in every adapter; extra stays as a deprecated alias', async () => {
    const identity = createIdentity(resolveConfig(env, { logger: recordingLogger() }));
    expect((await identity.renderBoot(null, { settings: { alignment: 'left' } })).settings.alignment).toBe('left');
    expect((await identity.renderBoot(null, { extra: { alignment: 'right' } })).settings.alignment).toBe('right');
  });

  it('a visitor is not signed', async () => {
    const boot = await createIdentity(resolveConfig(env, { logger: recordingLogger() })).renderBoot(null);
    expect(boot.signed).toBe(false);
    expect(boot.settings).toEqual({ app_id: APP_ID, api_base: 'https://api-iam.intercom.io' });
  });

  it('a user the core refuses boots a visitor, with one log line that names the code and not the secret', async () => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig(env, { logger }));
    const boot = await identity.renderBoot({ user_id: '   ', email: 'alice@example.com' });
    expect(boot.signed).toBe(false);
    expect(boot.settings).not.toHaveProperty('email');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^error \[intercom-identity\] IDENTIFIER_EMPTY: .*visitor/);
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });

  it('extra settings that touch identity make a visitor; a bad nonce is dropped; each with a log line', async () => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig(env, { logger }));
    const boot = await identity.renderBoot(ALICE, { extra: { user_id: 'u_2002' }, nonce: '"><script>' });
    // Extra settings that try to change the identity make the whole user unsafe: visitor.
    expect(boot.signed).toBe(false);
    expect(boot.settings).not.toHaveProperty('intercom_user_jwt');
    expect(boot.settings.user_id).toBeUndefined();
    expect(boot.html.startsWith('<script data-intercom-identity="">')).toBe(true);
    expect(logger.lines.map((l) => l.split(':')[0])).toEqual([
      'error [intercom-identity] ATTRIBUTE_RESERVED',
      'error [intercom-identity] ATTRIBUTE_RESERVED',
      'error [intercom-identity] NONCE_INVALID',
    ]);
  });
});

describe('identity.renderBoot in JWT mode, for users without a user_id', () => {
  const jwtEnv = { ...env, INTERCOM_IDENTITY_MODE: 'jwt' };

  it('logs JWT_USER_ID_REQUIRED once per user, not on every page; the line holds no email', async () => {
    const logger = recordingLogger();
    const identity = createIdentity(resolveConfig(jwtEnv, { logger }));
    for (let page = 0; page < 20; page++) {
      const boot = await identity.renderBoot({ email: 'bob@example.com', name: 'Bob' });
      expect(boot.signed).toBe(false);
      await identity.renderBoot({ email: 'carol@example.com' });
    }
    expect(logger.lines).toHaveLength(2);
    for (const line of logger.lines) {
      expect(line).toMatch(/^error \[intercom-identity\] JWT_USER_ID_REQUIRED: .*visitor/);
      expect(line).not.toMatch(/bob@|carol@/);
    }
  });

  it('a new setup (a changed env) says it again; other failures are still logged on every page', async () => {
    const logger = recordingLogger();
    await createIdentity(resolveConfig(jwtEnv, { logger })).renderBoot({ email: 'bob@example.com' });
    await createIdentity(resolveConfig(jwtEnv, { logger })).renderBoot({ email: 'bob@example.com' });
    expect(logger.lines).toHaveLength(2);
    const other = recordingLogger();
    const identity = createIdentity(resolveConfig(env, { logger: other }));
    await identity.renderBoot({ user_id: '   ' });
    await identity.renderBoot({ user_id: '   ' });
    expect(other.lines.filter((line) => line.includes('IDENTIFIER_EMPTY'))).toHaveLength(2);
  });
});

describe('createEnvIdentity', () => {
  it('reads the env when asked, not before, and keeps the identity while the env stays the same', () => {
    let reads = 0;
    const current = createEnvIdentity(() => {
      reads++;
      return env;
    });
    expect(reads).toBe(0);
    const first = current();
    const second = current();
    expect(first.ok && second.ok && first.identity === second.identity).toBe(true);
    expect(reads).toBe(2);
  });

  it('takes a rotated secret without a restart', async () => {
    const live: Record<string, string> = { ...env, INTERCOM_IDENTITY_MODE: 'user_hash' };
    const current = createEnvIdentity(() => live, { logger: recordingLogger() });
    const before = current();
    live.INTERCOM_IDENTITY_SECRET = `${SECRET}-rotated`;
    const after = current();
    if (!before.ok || !after.ok) throw new Error('expected a valid setup');
    expect(before.identity).not.toBe(after.identity);
    const hash = (await after.identity.bootSettings(ALICE)).user_hash;
    expect(hash).toBe(createHmac('sha256', `${SECRET}-rotated`).update('u_1001').digest('hex'));
  });

  it('reads options given as a function per request, and follows their changes', () => {
    let appId = APP_ID;
    const current = createEnvIdentity(
      () => ({ INTERCOM_IDENTITY_SECRET: SECRET }),
      () => ({ appId, logger: recordingLogger() }),
    );
    const first = current();
    expect(first.ok && first.identity.config.appId).toBe(APP_ID);
    expect(current()).toBe(first);
    appId = 'other123';
    const second = current();
    expect(second.ok && second.identity.config.appId).toBe('other123');
  });

  describe('on process.env', () => {
    const names = ['INTERCOM_APP_ID', 'INTERCOM_IDENTITY_SECRET', 'INTERCOM_IDENTITY_MODE'] as const;
    let saved: Record<string, string | undefined>;
    beforeEach(() => {
      saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
      process.env.INTERCOM_APP_ID = APP_ID;
      process.env.INTERCOM_IDENTITY_SECRET = SECRET;
      process.env.INTERCOM_IDENTITY_MODE = 'user_hash';
    });
    afterEach(() => {
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    const hashOf = async (setup: ReturnType<ReturnType<typeof createEnvIdentity>>) => {
      if (!setup.ok) throw new Error('expected a valid setup');
      return (await setup.identity.bootSettings(ALICE)).user_hash;
    };

    it('a secret the app rotates in process.env signs the very next request, without a restart', async () => {
      const current = createEnvIdentity(() => process.env, { logger: recordingLogger() });
      expect(await hashOf(current())).toBe(createHmac('sha256', SECRET).update('u_1001').digest('hex'));
      process.env.INTERCOM_IDENTITY_SECRET = `${SECRET}-rotated`;
      expect(await hashOf(current())).toBe(createHmac('sha256', `${SECRET}-rotated`).update('u_1001').digest('hex'));
    });

    it('an app id removed from process.env turns the Messenger off on the very next request', () => {
      const current = createEnvIdentity(() => process.env, { logger: recordingLogger() });
      expect(current().ok).toBe(true);
      delete process.env.INTERCOM_APP_ID;
      expect(current()).toMatchObject({ ok: false, error: { code: 'APP_ID_MISSING' } });
    });
  });

  it('logs a bad setup once and reports it', () => {
    const logger = recordingLogger();
    const current = createEnvIdentity(() => ({ INTERCOM_IDENTITY_SECRET: SECRET }), { logger });
    const first = current();
    current();
    expect(first).toMatchObject({ ok: false, error: { code: 'APP_ID_MISSING' } });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('APP_ID_MISSING');
  });
});

describe('describeError and setupErrorResponse', () => {
  it('logs the code and message of our errors, only the name of others', () => {
    expect(describeError(new IntercomIdentityError('SECRET_MISSING', 'Set it.'))).toBe('SECRET_MISSING: Set it.');
    expect(describeError(new TypeError(`db password ${SECRET}`))).not.toContain(SECRET);
    expect(describeError('x')).toContain('string');
  });

  it('answers 500, never cacheable, with the code and a generic sentence (the message stays in the server log)', async () => {
    const response = setupErrorResponse(new IntercomIdentityError('APP_ID_MISSING', 'Set INTERCOM_APP_ID.'));
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'APP_ID_MISSING', message: 'The Intercom identity setup is incomplete; the server log says why.' },
    });
    expect(await setupErrorResponse(new Error(SECRET)).text()).not.toContain(SECRET);
  });
});

describe('the person marker of a rendered boot', () => {
  // The boot script's arguments end with (..., "<storage key>", "<marker>", "<cookie name>").
  const markerIn = (body: string) => /"intercom-identity:last-person:[^"]+","([^"]+)"/.exec(body)?.[1];
  const users = [
    ['a JWT user', {}, ALICE],
    ['a JWT user with a numeric id', {}, { ...ALICE, user_id: 1001 }],
    ['a user_hash user', { mode: 'user_hash' as const }, ALICE],
    ['an email-only user in user_hash mode', { mode: 'user_hash' as const }, { email: 'bob@example.com', name: 'Bob' }],
    [
      'an email-only user in JWT mode, falling back to user_hash',
      { jwt: { fallbackToUserHash: true } },
      { email: 'bob@example.com', name: 'Bob' },
    ],
    ['a visitor', {}, null],
  ] as const;

  it.each(users)('is the one personMarker gives for the settings, for %s', async (_label, options, user) => {
    const identity = createIdentity({ appId: APP_ID, secret: SECRET, logger: recordingLogger(), ...options });
    const boot = await identity.renderBoot(user);
    const marker = markerIn(boot.body);
    expect(marker).toBeDefined();
    expect(marker).toBe(personMarker(boot.settings, personMarkerKey(SECRET)));
    if (user !== null) expect(marker).toMatch(/^[0-9a-f]{32}$/);
    // The same settings through renderScript, which cannot know the user, give the same marker.
    expect(markerIn(identity.renderScript({ ...boot.settings }))).toBe(marker);
  });
});
