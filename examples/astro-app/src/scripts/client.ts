// The app's browser script: no secret, nothing signed here. Astro bundles it and
// runs it once per page load; view transitions keep it (and the Messenger)
// running. The Intercom integration's own script keeps the Messenger in step
// with the navigations; this one adds the Log out button and the consent banner.
import { shutdownIntercom } from '@intercom-identity/astro/client';
import { startConsentBanner } from './consent.js';

startConsentBanner();

// One listener for the whole document: the button of a page shown by a view transition works too.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  const target = event.target instanceof Element ? event.target : null;
  if (!target?.closest('[data-logout]')) return;
  // Before the session ends: the next person on this browser must not see this user's conversations.
  shutdownIntercom();
  // A full page load, not a view transition: nothing of this person's page stays in memory.
  window.location.assign('/demo/logout');
});

// Astro's router has attached its link handling (astro:page-load comes after it, on every page
// load and after every view transition, which replaces the attributes of <html>).
document.addEventListener('astro:page-load', () => {
  document.documentElement.dataset.clientReady = 'true';
});
