import { useIntercomIdentity } from '@intercom-identity/react';
import { type MouseEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useIntercom } from 'react-use-intercom';
import { backend } from './backend';

const PAGES: Record<string, string> = { '/': 'Home', '/account': 'Account' };

/** The path of the page, changed by the nav links without a page load (a client router would do the same). */
function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const back = () => setPath(window.location.pathname);
    window.addEventListener('popstate', back);
    return () => window.removeEventListener('popstate', back);
  }, []);
  return [
    path,
    (next) => {
      window.history.pushState(null, '', next);
      setPath(next);
    },
  ];
}

function NavLink({ to, go, children }: { to: string; go: (path: string) => void; children: ReactNode }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(to);
  };
  return (
    <a href={to} onClick={follow}>
      {children}
    </a>
  );
}

export function App() {
  const { status, user, problem, navigate, refresh, logout } = useIntercomIdentity();
  const { show } = useIntercom();
  const [path, go] = usePath();
  const shownPath = useRef(path);

  // A client-side navigation: the Messenger looks for new messages (the updates stay within Intercom's budget).
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    navigate();
  }, [path, navigate]);

  // The page's handlers are attached from here on (the end-to-end suite waits for it before it clicks).
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);

  // A sign-in without a page load: the session changes, then the Messenger boots as the new person.
  const signInHere = async (who: 'alice' | 'bob') => {
    await fetch(`${backend}/demo/login?as=${who}`, { credentials: 'include' });
    await refresh();
  };

  // Logout: the Messenger shuts down first, then the server ends the session (and expires the Messenger's cookie).
  const logOut = () => {
    logout();
    window.location.assign(`${backend}/demo/logout`);
  };

  const signedInAs = user === null ? null : (user.email ?? user.userId);
  return (
    <main>
      <nav>
        <NavLink to="/" go={go}>
          Home
        </NavLink>{' '}
        ·{' '}
        <NavLink to="/account" go={go}>
          Account
        </NavLink>
      </nav>
      <h1>{PAGES[path] ?? 'Not found'}</h1>
      <p data-testid="who">
        {status === 'loading' ? 'Loading…' : signedInAs === null ? 'Not signed in' : `Signed in as ${signedInAs}`}
      </p>
      <p data-testid="messenger" data-status={status}>
        Messenger: {status}
        {problem === null ? '' : ` (${problem})`}
      </p>
      {signedInAs === null ? (
        <p>
          <a href={`${backend}/demo/login?as=alice`}>Sign in as Alice</a> ·{' '}
          <a href={`${backend}/demo/login?as=bob`}>Sign in as Bob</a> ·{' '}
          <button type="button" onClick={() => void signInHere('bob')}>
            Sign in as Bob here
          </button>
        </p>
      ) : (
        <p>
          <button type="button" onClick={() => void signInHere(user?.email === 'bob@example.com' ? 'alice' : 'bob')}>
            Switch user here
          </button>{' '}
          <button type="button" data-testid="logout" onClick={logOut}>
            Log out
          </button>
        </p>
      )}
      <p>
        <button type="button" onClick={() => show()} disabled={status !== 'booted'}>
          Chat with us
        </button>
      </p>
    </main>
  );
}
