// What the demo session holds (express-session's SessionData is meant to be extended).
import 'express-session';
import type { DemoUser } from './demo/users.mjs';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user, set by /demo/login; read by intercomIdentity() as req.session.user. */
    user: DemoUser;
  }
}
