import type { DemoUser } from '#lib/server/demo-users.ts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in user, set by the session handle in hooks.server.ts; intercomHandle() reads it. */
      user: DemoUser | null;
    }
  }
}
