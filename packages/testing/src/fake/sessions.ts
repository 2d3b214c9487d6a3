import { randomBytes } from 'node:crypto';

/** Who a Messenger session belongs to. */
export interface SessionUser {
  /** `user_id:…` or `email:…`: how the user is matched. */
  key: string;
  /** The user_id, else the email, as the launcher shows it. */
  label: string;
  verified: boolean;
  via?: 'user_hash' | 'jwt';
  /** The `exp` (Unix seconds) of the JWT the session holds; absent for user_hash, or a JWT without exp. */
  expires?: number;
}

export interface Session {
  token: string;
  /** Whose conversation this session shows: a user key, or the visitor it was started for. */
  owner: string;
  /** Null for a visitor session. */
  user: SessionUser | null;
}

/** One message in a conversation, as the launcher shows it. */
export interface ConversationMessage {
  text: string;
  /** Unix milliseconds. */
  at: number;
}

const MAX_SESSIONS = 10_000;
const MAX_MESSAGES = 200;

/**
 * Sessions and conversations. A conversation belongs to a user (or to the
 * visitor who started it); a session token points at one. Whoever boots with a
 * live token sees that conversation: the leak a missing shutdown causes.
 */
export class SessionStore {
  #sessions = new Map<string, Session>();
  #conversations = new Map<string, ConversationMessage[]>();

  /** `clock`: Unix milliseconds, the fake's clock. */
  constructor(private readonly clock: () => number = Date.now) {}

  get(token: unknown): Session | undefined {
    return typeof token === 'string' && token !== '' ? this.#sessions.get(token) : undefined;
  }

  /**
   * The session a boot continues: the cookie's session while it lives, unless the
   * boot proves a different user, who gets a new session. A boot with a fresh
   * token for the same user continues the session and holds the new token.
   */
  resolve(token: unknown, user: SessionUser | null): Session {
    const current = this.get(token);
    if (current !== undefined && (user === null || current.user?.key === user.key)) {
      // A visitor boot keeps whoever the session belonged to.
      if (user !== null) current.user = user;
      return current;
    }
    return this.start(user);
  }

  start(user: SessionUser | null): Session {
    const token = randomBytes(24).toString('base64url');
    const session: Session = { token, owner: user?.key ?? `visitor:${token}`, user };
    // Oldest first: a long-running fake drops its oldest sessions instead of growing.
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    this.#sessions.set(token, session);
    return session;
  }

  end(token: unknown): boolean {
    const session = this.get(token);
    if (session === undefined) return false;
    this.#sessions.delete(session.token);
    if (session.user === null) this.#conversations.delete(session.owner);
    return true;
  }

  messages(session: Session): ConversationMessage[] {
    return [...(this.#conversations.get(session.owner) ?? [])];
  }

  addMessage(session: Session, text: string): void {
    const list = this.#conversations.get(session.owner) ?? [];
    list.push({ text, at: this.clock() });
    if (list.length > MAX_MESSAGES) list.shift();
    this.#conversations.set(session.owner, list);
  }

  clear(): void {
    this.#sessions.clear();
    this.#conversations.clear();
  }
}
