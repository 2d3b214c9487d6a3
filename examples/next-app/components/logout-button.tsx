'use client';
import { shutdownIntercom } from '@intercom-identity/next/client';

export function LogoutButton() {
  return (
    <button
      type="button"
      onClick={() => {
        // Before the session ends: the next person on this browser must not see this user's conversations.
        shutdownIntercom();
        window.location.assign('/demo/logout');
      }}
    >
      Log out
    </button>
  );
}
