import { describe, expect, it } from 'vitest';
import { fromAuthJs, userFromLocals } from '../src/lib/index.js';

describe('userFromLocals', () => {
  it('sends only the identity and profile fields of locals.user, with id as user_id', () => {
    const row = { id: 7, email: 'a@example.com', name: 'A', created_at: 1700000000, password_hash: 'x', role: 'admin' };
    expect(userFromLocals({ locals: { user: row } })).toEqual({
      user_id: 7,
      email: 'a@example.com',
      name: 'A',
      created_at: 1700000000,
    });
  });

  it('prefers user_id over id, and is a visitor without either an id or an email', () => {
    expect(userFromLocals({ locals: { user: { user_id: 'u_1', id: 'db-1' } } })).toEqual({ user_id: 'u_1' });
    expect(userFromLocals({ locals: { user: { name: 'Nobody' } } })).toBeNull();
    expect(userFromLocals({ locals: { user: null } })).toBeNull();
    expect(userFromLocals({ locals: {} })).toBeNull();
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
