// The browser side of the example: it holds no secret and signs nothing. It
// keeps the Messenger in step with the client-side navigation of this app
// (the nav links fetch the next page and swap it in), and shuts the Messenger
// down on logout. The consent banner (client/consent.ts) asks before the
// Messenger loads, when the server gates it on consent.
import { type ClientSettings, createIntercomSync, identityKey, shutdownIntercom } from '@intercom-identity/core/client';
import { startConsentBanner } from './consent.js';

declare global {
  interface Window {
    intercomSettings?: ClientSettings;
  }
}

const sync = createIntercomSync();
// The settings the boot script of this page set (none when the server's setup is broken).
if (window.intercomSettings !== undefined) sync.apply(window.intercomSettings);
startConsentBanner();

/** The settings a rendered page was made with, from its `data-intercom-settings`. */
function settingsOf(container: Element | null): ClientSettings | null {
  try {
    return JSON.parse((container as HTMLElement | null)?.dataset.intercomSettings ?? 'null') as ClientSettings | null;
  } catch {
    return null;
  }
}

// A navigation that started later wins over one still loading.
let latest = 0;

/** Shows `url` without a page load: fetches the page the server renders, swaps it in and tells the Messenger. */
async function show(url: string, push: boolean): Promise<void> {
  const ticket = ++latest;
  let html: string;
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
    if (!response.ok || !response.headers.get('content-type')?.includes('text/html')) throw new Error(String(response.status));
    html = await response.text();
  } catch {
    window.location.assign(url);
    return;
  }
  if (ticket !== latest) return;
  const next = new DOMParser().parseFromString(html, 'text/html');
  const incoming = next.querySelector('[data-page]');
  const current = document.querySelector('[data-page]');
  if (incoming === null || current === null) {
    window.location.assign(url);
    return;
  }
  current.replaceWith(document.importNode(incoming, true));
  document.title = next.title;
  if (push) history.pushState(null, '', url);
  // Someone else signed in or out meanwhile (another tab, a switch below):
  // boot the Messenger as the person this page is for. Else, tell it about the navigation.
  const settings = settingsOf(incoming);
  if (settings !== null && identityKey(settings) !== identityKey(window.intercomSettings)) sync.apply(settings);
  else sync.navigate();
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest<HTMLAnchorElement>('a[data-client-nav]');
  if (link && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
    event.preventDefault();
    if (link.href !== window.location.href) void show(link.href, true);
    return;
  }
  if (target?.closest('[data-logout]')) {
    // Before the session ends: the next person on this browser must not see this user's conversations.
    shutdownIntercom();
    window.location.assign('/demo/logout');
    return;
  }
  const as = target?.closest<HTMLElement>('[data-sign-in-as]')?.dataset.signInAs;
  if (as !== undefined) {
    // A sign-in without a page load, as a login form with fetch would do it.
    void fetch(`/demo/login?as=${encodeURIComponent(as)}`, { credentials: 'same-origin' }).then(() =>
      show(window.location.href, false),
    );
  }
});

window.addEventListener('popstate', () => void show(window.location.href, false));

// The handlers are attached: clicks from now on navigate client-side (the e2e suite waits for this).
document.documentElement.dataset.clientReady = 'true';
