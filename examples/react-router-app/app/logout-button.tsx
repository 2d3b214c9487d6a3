import { shutdownIntercom } from '@intercom-identity/react-router';

/**
 * Leaves the page for /demo/logout: a document request, not a client-side
 * navigation, so the whole page (and its Messenger) starts again as a visitor.
 */
export function LogoutButton() {
  const logOut = () => {
    // Before the session ends: the next person on this browser must not see this user's conversations.
    shutdownIntercom();
    window.location.assign('/demo/logout');
  };
  return (
    <button type="button" onClick={logOut}>
      Log out
    </button>
  );
}
