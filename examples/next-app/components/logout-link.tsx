'use client';
import { shutdownIntercom } from '@intercom-identity/next/client';

// A plain link, not <Link>: the browser leaves the page, and no prefetch ever runs the logout.
export function LogoutLink() {
  return (
    // Before the session ends: the next person on this browser must not see this user's conversations.
    <a href="/demo/logout" onClick={() => shutdownIntercom()}>
      Log out
    </a>
  );
}
