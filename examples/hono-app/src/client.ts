// The browser side: no secret, nothing signed here. It keeps the Messenger in
// step with the app (an update after each client-side navigation, fresh JWTs
// from /api/intercom-identity before they expire) and shuts it down at logout.
// The consent banner (src/consent.ts) asks before the Messenger loads, when the
// server gates it on consent.
import { type ClientSettings, createIntercomSync, shutdownIntercom } from '@intercom-identity/core/client';
import { startConsentBanner } from './consent.js';

const sync = createIntercomSync();
// The settings the boot script of this page set.
const rendered = (window as Window & { intercomSettings?: ClientSettings }).intercomSettings;
if (rendered !== undefined) sync.apply(rendered);
startConsentBanner();

/**
 * Shows another page of the app without a page load: its `#page` replaces
 * this one's, and the Messenger is told of the navigation. The boot script of
 * the fetched page is not run: the Messenger is already booted as this person,
 * and the sync brings it fresh tokens itself.
 */
let latest = 0;
async function show(path: string, push: boolean): Promise<void> {
  const mine = ++latest;
  let response: Response;
  let html: string;
  try {
    response = await fetch(path, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    html = await response.text();
  } catch {
    window.location.assign(path);
    return;
  }
  // A later click won: its page is the one to show.
  if (mine !== latest) return;
  const next = new DOMParser().parseFromString(html, 'text/html');
  const page = next.getElementById('page');
  const current = document.getElementById('page');
  if (!response.ok || page === null || current === null) {
    window.location.assign(path);
    return;
  }
  current.replaceWith(document.adoptNode(page));
  document.title = next.title;
  if (push) history.pushState(null, '', path);
  sync.navigate();
}

// One listener for the whole document: the links and the button of a swapped page work too.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('[data-logout]')) {
    // Before the session ends: the next person on this browser must not see this user's conversations.
    shutdownIntercom();
    window.location.assign('/demo/logout');
    return;
  }
  const link = target?.closest<HTMLAnchorElement>('a[data-nav]');
  if (!link || link.origin !== window.location.origin) return;
  event.preventDefault();
  if (link.pathname !== window.location.pathname) void show(link.pathname, true);
});

window.addEventListener('popstate', () => void show(window.location.pathname, false));

// The handlers are attached: clicks from now on stay in this document.
document.documentElement.dataset.clientReady = 'true';
