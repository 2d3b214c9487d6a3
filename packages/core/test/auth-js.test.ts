import { describe, expect, it } from 'vitest';
import { userFromAuthJsSession } from '../src/index.js';
import { recordingLogger } from './support.js';

describe('userFromAuthJsSession', () => {
  it('a session with user.id is signed by its id, with no warning', () => {
    const logger = recordingLogger();
    const user = userFromAuthJsSession({ user: { id: 'u_1001', email: 'alice@example.com', name: 'Alice' } }, undefined, {
      logger,
    });
    expect(user).toEqual({ user_id: 'u_1001', email: 'alice@example.com', name: 'Alice' });
    expect(logger.lines).toEqual([]);
  });

  it('a session without user.id is passed on by its email, with one USER_ID_MISSING warning that says what each mode does', () => {
    const logger = recordingLogger();
    for (const email of ['bob@example.com', 'carol@example.com', 'bob@example.com'])
      expect(userFromAuthJsSession({ user: { email } }, undefined, { logger })).toEqual({ email });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn \[intercom-identity\] USER_ID_MISSING: /);
    expect(logger.lines[0]).toMatch(/In JWT mode \(the default\) this user boots the Messenger as a visitor/);
    expect(logger.lines[0]).toMatch(/in user_hash mode, or with INTERCOM_IDENTITY_JWT_FALLBACK=user_hash, the email is signed/);
    expect(logger.lines[0]).toMatch(/does not verify emails/);
    expect(logger.lines[0]).not.toMatch(/bob@|carol@/);
  });

  it('a map that returns an email-only user is warned about too; a visitor is not', () => {
    const logger = recordingLogger();
    userFromAuthJsSession({ user: { email: 'bob@example.com' } }, (session) => ({ email: session.user.email }), { logger });
    expect(logger.lines).toHaveLength(1);
    const quiet = recordingLogger();
    expect(userFromAuthJsSession(null, undefined, { logger: quiet })).toBeNull();
    expect(userFromAuthJsSession({ user: { name: 'Nameless' } }, undefined, { logger: quiet })).toBeNull();
    expect(quiet.lines).toEqual([]);
  });
});
