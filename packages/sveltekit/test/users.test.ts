import { createIdentity, resolveConfig } from '@intercom-identity/core';
import { describe, expect, it } from 'vitest';
import { fromAuthJs, userFromLocals } from '../src/lib/index.js';
import { hmac, SECRET } from './support.js';

// userFromLocals hands locals.user to the core, whose one user mapping every adapter shares
// (seen in user_hash mode, where the identity is in the plain settings).
const identity = createIdentity(
  resolveConfig({ INTERCOM_APP_ID: 'abc12345', INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_IDENTITY_MODE: 'user_hash' }),
);

describe('userFromLocals', () => {
  it('sends only the identity and profile fields of locals.user, with id as user_id', async () => {
    const row = { id: 7, email: 'a@example.com', name: 'A', created_at: 1700000000, password_hash: 'x', role: 'admin' };
    const settings = await identity.bootSettings(userFromLocals({ locals: { user: row } }));
    expect(settings).toEqual({
      app_id: 'abc12345',
      api_base: 'https://api-iam.intercom.io',
      user_id: '7',
      email: 'a@example.com',
      user_hash: hmac(SECRET, '7'),
      name: 'A',
      created_at: 1700000000,
    });
  });

  it('prefers user_id over id, and is a visitor without either an id or an email', async () => {
    const settings = await identity.bootSettings(userFromLocals({ locals: { user: { user_id: 'u_1', id: 'db-1' } } }));
    expect(settings.user_id).toBe('u_1');
    expect(settings.user_hash).toBe(hmac(SECRET, 'u_1'));
    for (const locals of [{ user: { name: 'Nobody' } }, { user: null }, {}])
      expect((await identity.bootSettings(userFromLocals({ locals }))).user_hash).toBeUndefined();
  });
});

describe('fromAuthJs', () => {
  it('maps the session with a custom map, and says what to do when locals.auth is missing', async () => {
    const getUser = fromAuthJs<{ user: { id: string; email: string }; plan: string }>((session) => ({
      user_id: session.user.id,
      custom_attributes: { plan: session.plan },
    }));
    const auth = async () => ({ user: { id: 'u_9', email: 'n@example.com' }, plan: 'pro' });
    expect(await getUser({ locals: { auth } })).toEqual({ user_id: 'u_9', custom_attributes: { plan: 'pro' } });
    await expect(fromAuthJs()({ locals: {} })).rejects.toMatchObject({ code: 'HANDLER_OPTIONS_INVALID' });
  });
});
