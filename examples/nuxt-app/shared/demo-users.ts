// The people of the demo login. In your app, users come from your database.

/** A user of the demo app, in the shape Intercom wants (Unix seconds for created_at). */
export interface DemoUser {
  user_id?: string;
  email: string;
  name: string;
  created_at?: number;
}

export const DEMO_USERS = {
  alice: { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 },
  // Bob has no user id, which a JWT (the default mode) needs: with INTERCOM_IDENTITY_JWT_FALLBACK=user_hash
  // (env.example), or in user_hash mode, his email is the identifier that is hashed.
  bob: { email: 'bob@example.com', name: 'Bob Example' },
  // Two more, so that a load test can alternate four signed-in users (`pnpm soak` at the repository root).
  carol: { user_id: 'u_1003', email: 'carol@example.com', name: 'Carol Example', created_at: 1700000300 },
  dave: { user_id: 'u_1004', email: 'dave@example.com', name: 'Dave Example', created_at: 1700000400 },
} satisfies Record<string, DemoUser>;

export type DemoUserKey = keyof typeof DEMO_USERS;

export function isDemoUserKey(value: unknown): value is DemoUserKey {
  return typeof value === 'string' && Object.hasOwn(DEMO_USERS, value);
}
