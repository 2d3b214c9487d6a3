import { isIntercomIdentityError } from '@intercom-identity/core';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { type IntercomIdentityOptions, intercomIdentity, userFromRequest } from '../src/index.js';
import { ALICE, BOB, envWith, page, recordingLogger, SECRET, serve, settingsIn } from './support.js';

/** The error a registration fails with, once the app loads its plugins. */
async function registrationError(register: (app: ReturnType<typeof Fastify>) => void): Promise<unknown> {
  const app = Fastify();
  try {
    register(app);
    await app.ready();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app.close().catch(() => undefined);
  }
}

describe('registering intercomIdentity', () => {
  it('decorates the replies of the whole app, routes of other plugins included', async () => {
    const { url } = await serve(async (app) => {
      app.decorateRequest('user', null);
      app.addHook('onRequest', async (request) => {
        (request as { user: unknown }).user = ALICE;
      });
      await app.register(intercomIdentity, { env: envWith(), logger: recordingLogger() });
      await app.register(
        async (scope) => {
          scope.get('/page', async (_request, reply) => reply.type('text/html').send(page((await reply.intercomBoot())?.html)));
        },
        { prefix: '/shop' },
      );
    });
    const response = await fetch(`${url}/shop/page`);
    expect(settingsIn(await response.text())).toMatchObject({ name: 'Alice Example' });
    expect(response.headers.get('cache-control')).toBe('private, no-store');
  });

  it('fails clearly when it is registered twice', async () => {
    const error = await registrationError((app) => {
      app.register(intercomIdentity, { env: envWith() });
      app.register(intercomIdentity, { env: envWith() });
    });
    expect(isIntercomIdentityError(error) && error.code).toBe('HANDLER_OPTIONS_INVALID');
    expect((error as Error).message).toContain('registered twice');
  });

  it.each([
    ['a getUser that is not a function', { getUser: 'request.user' }, 'getUser'],
    ['an env that is not a function', { env: { INTERCOM_APP_ID: 'abc12345' } }, 'env'],
    ['a proofPath without a leading slash', { proofPath: 'api/intercom-identity' }, 'proofPath'],
    ['a proofPath that is not a string', { proofPath: true }, 'proofPath'],
    ['a nonce that is not a function', { nonce: 'abc123' }, 'nonce'],
  ])('fails with HANDLER_OPTIONS_INVALID for %s, without quoting a config value', async (_case, options, named) => {
    const error = await registrationError((app) => {
      app.register(intercomIdentity, { secret: SECRET, ...options } as unknown as IntercomIdentityOptions);
    });
    expect(isIntercomIdentityError(error) && error.code).toBe('HANDLER_OPTIONS_INVALID');
    const message = (error as Error).message;
    expect(message).toContain(named);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('abc12345');
    expect(message).not.toContain('abc123');
  });

  it('carries the fastify-plugin metadata: its name, and Fastify 5', () => {
    const meta = (intercomIdentity as unknown as Record<symbol, { name?: string; fastify?: string }>)[Symbol.for('plugin-meta')];
    expect(meta).toMatchObject({ name: '@intercom-identity/fastify', fastify: '5.x' });
  });
});

describe('userFromRequest', () => {
  it('reads request.user, else request.session.user, else null', () => {
    expect(userFromRequest({ user: ALICE, session: { user: BOB } })).toBe(ALICE);
    expect(userFromRequest({ user: null, session: { user: BOB } })).toBe(BOB);
    expect(userFromRequest({ session: { cookie: {} } })).toBeNull();
    expect(userFromRequest({ user: null })).toBeNull();
    expect(userFromRequest({})).toBeNull();
  });
});
