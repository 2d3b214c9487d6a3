import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { fromAuthJs } from '../src/auth-js.js';

interface Session {
  user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
  expires: string;
}

const EXPIRES = '2030-01-01T00:00:00.000Z';

describe('fromAuthJs(auth)', () => {
  it('maps session.user.id, email and name to user_id, email and name', async () => {
    const auth = async (): Promise<Session | null> => ({
      user: { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', image: 'https://example.com/a.png' },
      expires: EXPIRES,
    });
    expect(await fromAuthJs(auth)()).toEqual({ user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' });
  });

  it('a session without an id passes the email on, with one USER_ID_MISSING warning; null fields are left out', async () => {
    const lines: string[] = [];
    const logger = { warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    const auth = async (): Promise<Session | null> => ({ user: { email: 'bob@example.com', name: null }, expires: EXPIRES });
    const getUser = fromAuthJs(auth, undefined, { logger });
    expect(await getUser()).toEqual({ email: 'bob@example.com' });
    expect(await getUser()).toEqual({ email: 'bob@example.com' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/USER_ID_MISSING: .*session\.user\.id/);
    expect(lines[0]).not.toContain('bob@example.com');
  });

  it('no session, no user, or a user with neither id nor email: a visitor', async () => {
    expect(await fromAuthJs(async () => null)()).toBeNull();
    expect(await fromAuthJs(async (): Promise<Session> => ({ expires: EXPIRES }))()).toBeNull();
    expect(await fromAuthJs(async (): Promise<Session> => ({ user: { name: 'Nameless' }, expires: EXPIRES }))()).toBeNull();
  });

  it('a custom map sends more profile fields, and sees only signed-in sessions', async () => {
    const map = vi.fn((session: Session & { user: NonNullable<Session['user']> }) => ({
      user_id: session.user.id,
      email: session.user.email,
      custom_attributes: { avatar: session.user.image ?? null },
    }));
    const auth = async (): Promise<Session | null> => ({
      user: { id: 'u_7', email: 'c@example.com', image: 'https://example.com/c.png' },
      expires: EXPIRES,
    });
    expect(await fromAuthJs(auth, map)()).toEqual({
      user_id: 'u_7',
      email: 'c@example.com',
      custom_attributes: { avatar: 'https://example.com/c.png' },
    });
    await fromAuthJs(async () => null, map)();
    expect(map).toHaveBeenCalledTimes(1);
  });

  it('accepts Auth.js’s overloaded auth() as it is (typed structurally, no next-auth dependency)', async () => {
    // next-auth v5 exports `auth` as an intersection of call signatures: a session getter and a wrapper.
    type Handler = (request: Request) => Promise<Response>;
    type Auth = ((...args: []) => Promise<Session | null>) & ((...args: [Handler]) => Handler);
    const auth = ((...args: unknown[]) =>
      args.length === 0 ? Promise.resolve({ user: { id: 'u_1' }, expires: EXPIRES }) : args[0]) as Auth;
    const getUser = fromAuthJs(auth);
    expectTypeOf(getUser).returns.resolves.toEqualTypeOf<import('@intercom-identity/core').IntercomUser | null>();
    expect(await getUser()).toEqual({ user_id: 'u_1' });
  });
});
