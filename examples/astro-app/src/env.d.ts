/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in user, set by src/middleware.ts; the Intercom integration signs it. Null for a visitor. */
    user: import('./lib/demo-users.js').DemoUser | null;
    /** The nonce of this response's Content-Security-Policy (src/middleware.ts); undefined on prerendered pages. */
    cspNonce: string | undefined;
  }
}
