// What the demo login keeps in the session (server.mjs): the user the proof endpoint signs.
import 'express-session';

declare module 'express-session' {
  interface SessionData {
    user?: { user_id?: string; email: string; name: string; created_at?: number };
  }
}
