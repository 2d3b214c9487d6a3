// @vitest-environment happy-dom
// The browser sync across Astro's view transitions, with boot scripts the core
// renders for real: the page that arrives by a swap is handed over as the
// `newDocument` of `astro:before-swap`, as Astro's <ClientRouter /> does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// The core's Node build by its file: this file runs in a browser-like environment, where the package name resolves to the browser stub.
import { createIdentity, resolveConfig } from '../node_modules/@intercom-identity/core/dist/index.js';
import { settingsOfBootScript, shutdownIntercom, startIntercomSync } from '../src/client.js';

type Call = [string, ...unknown[]];
const APP_ID = 'astroapp1';
const ALICE = { id: 'u_1001', email: 'alice@example.com', name: 'Alice Example' };
const BOB = { email: 'bob@example.com', name: 'Bob Example' };
let calls: Call[];
let hour = 0;

interface TestWindow {
  Intercom?: (...args: Call) => void;
  intercomSettings?: Record<string, unknown>;
}
const w = () => window as unknown as TestWindow;

function identity(mode: 'user_hash' | 'jwt' = 'user_hash', consent = false) {
  return createIdentity(
    resolveConfig({
      INTERCOM_APP_ID: APP_ID,
      INTERCOM_IDENTITY_SECRET: 'web-secret-for-astro-unit-tests-012345',
      INTERCOM_IDENTITY_MODE: mode,
      ...(consent ? { INTERCOM_CONSENT: 'required' } : {}),
    }),
  );
}

/** A page as the middleware renders it: the boot script in its head, for this user (null: a visitor; undefined: no script). */
async function pageFor(user: Record<string, unknown> | null | undefined, mode: 'user_hash' | 'jwt' = 'user_hash') {
  const boot = user === undefined ? undefined : await identity(mode).renderBoot(user);
  const html = `<!doctype html><html><head><title>Page</title>${boot?.html ?? ''}</head><body><a href="/account">Account</a></body></html>`;
  return { boot, doc: new DOMParser().parseFromString(html, 'text/html') };
}

/** The first page load: the boot script has run (here: its settings are on window, and Intercom is there). */
async function loadFirstPage(user: Record<string, unknown> | null, mode: 'user_hash' | 'jwt' = 'user_hash') {
  const { boot } = await pageFor(user, mode);
  w().intercomSettings = JSON.parse(JSON.stringify(boot?.settings));
  w().Intercom = (...args: Call) => void calls.push(args);
  return boot;
}

/** A view transition to `doc`, as Astro dispatches it. */
function swapTo(doc: Document): void {
  document.dispatchEvent(Object.assign(new Event('astro:before-swap'), { newDocument: doc }));
  document.dispatchEvent(new Event('astro:after-swap'));
  document.dispatchEvent(new Event('astro:page-load'));
}

beforeEach(() => {
  calls = [];
  // Each test an hour after the last: the update budget of the page starts afresh.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(Date.UTC(2030, 0, 1) + ++hour * 3_600_000);
  delete w().Intercom;
  delete w().intercomSettings;
  localStorage.clear();
});
afterEach(() => vi.useRealTimers());

describe('startIntercomSync across view transitions', () => {
  it('the same person on the next page: one update, and the page’s boot script is not run again', async () => {
    await loadFirstPage(ALICE);
    const sync = startIntercomSync();
    const { doc } = await pageFor(ALICE);
    swapTo(doc);
    expect(calls).toEqual([['update']]);
    expect(doc.querySelector<HTMLScriptElement>('script[data-intercom-identity]')?.dataset.astroExec).toBe('');
    sync.dispose();
  });

  it('another person on the next page (a login by navigation): shutdown, then a boot with that page’s signed settings', async () => {
    await loadFirstPage(null);
    const sync = startIntercomSync();
    const { doc, boot } = await pageFor(ALICE);
    swapTo(doc);
    expect(calls).toEqual([['shutdown'], ['boot', boot?.settings]]);
    expect(w().intercomSettings).toEqual(boot?.settings);
    sync.dispose();
  });

  it('after shutdownIntercom() and a logout by navigation, the visitor’s page boots the Messenger again', async () => {
    await loadFirstPage(ALICE);
    const sync = startIntercomSync();
    shutdownIntercom();
    const { doc, boot } = await pageFor(null);
    swapTo(doc);
    expect(calls).toEqual([['shutdown'], ['boot', boot?.settings]]);
    expect(boot?.settings).not.toHaveProperty('user_id');
    sync.dispose();
  });

  it('in JWT mode the same person keeps the token the page booted with: the navigation’s update carries it, not a new one', async () => {
    const first = await loadFirstPage(ALICE, 'jwt');
    const sync = startIntercomSync();
    vi.setSystemTime(Date.now() + 5_000);
    const { doc, boot } = await pageFor(ALICE, 'jwt');
    expect(boot?.settings.intercom_user_jwt).not.toBe(first?.settings.intercom_user_jwt);
    swapTo(doc);
    expect(calls).toEqual([['update', { intercom_user_jwt: first?.settings.intercom_user_jwt }]]);
    sync.dispose();
  });

  it('quick navigations share one update within 30 seconds', async () => {
    await loadFirstPage(ALICE);
    const sync = startIntercomSync();
    for (let i = 0; i < 3; i++) swapTo((await pageFor(ALICE)).doc);
    expect(calls).toEqual([['update']]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toEqual([['update'], ['update']]);
    sync.dispose();
  });

  it('a page without a boot script (prerendered) keeps the Messenger as it is and counts as a navigation', async () => {
    await loadFirstPage(ALICE);
    const sync = startIntercomSync();
    swapTo((await pageFor(undefined)).doc);
    expect(calls).toEqual([['update']]);
    sync.dispose();
  });

  it('when the first page had no Messenger, the next page’s own script is left to run, and the sync starts after it', async () => {
    const sync = startIntercomSync();
    const { doc, boot } = await pageFor(ALICE);
    document.dispatchEvent(Object.assign(new Event('astro:before-swap'), { newDocument: doc }));
    document.dispatchEvent(new Event('astro:after-swap'));
    expect(doc.querySelector<HTMLScriptElement>('script[data-intercom-identity]')?.dataset.astroExec).toBeUndefined();
    // Astro runs the script after the swap: it sets the settings and the queueing Intercom().
    await loadFirstPage(ALICE);
    document.dispatchEvent(new Event('astro:page-load'));
    expect(calls).toEqual([]);
    swapTo((await pageFor(BOB)).doc);
    expect(calls.map(([command]) => command)).toEqual(['shutdown', 'boot']);
    expect(calls[1]?.[1]).toMatchObject({ email: 'bob@example.com' });
    expect(boot?.settings.user_id).toBe('u_1001');
    sync.dispose();
  });

  it('the Messenger’s own nodes are kept by the swap (Astro’s transition:persist), the page’s own are not', async () => {
    await loadFirstPage(ALICE);
    const sync = startIntercomSync();
    // What the Messenger adds at the top of the body, and the page's own markup (an id like the Messenger's, but not at the top).
    document.body.innerHTML =
      '<main><p id="intercom-note">The page’s own text</p></main><div id="intercom-container"></div><iframe id="intercom-frame"></iframe><div class="intercom-lightweight-app"></div><button data-intercom-facade></button>';
    const { doc } = await pageFor(ALICE);
    swapTo(doc);
    const kept = ['#intercom-container', '#intercom-frame', '.intercom-lightweight-app', '[data-intercom-facade]'].map(
      (selector) => document.body.querySelector(selector)?.getAttribute('data-astro-transition-persist'),
    );
    expect(new Set(kept).size, 'each node has its own name').toBe(4);
    for (const name of kept) {
      expect(name).toMatch(/^intercom-identity-\d+$/);
      // The next page has a stand-in of the same element with the same name: Astro moves the node into its place.
      const standIn = doc.body.querySelector(`[data-astro-transition-persist="${name}"]`);
      expect(standIn?.localName).toBe('template');
    }
    expect(document.querySelector('#intercom-note')?.hasAttribute('data-astro-transition-persist')).toBe(false);
    // The next swap reuses the names: no second stand-in.
    const next = await pageFor(ALICE);
    swapTo(next.doc);
    expect(next.doc.body.querySelectorAll('[data-astro-transition-persist]').length).toBe(4);
    sync.dispose();
  });

  it('dispose() stops listening to view transitions', async () => {
    await loadFirstPage(ALICE);
    startIntercomSync().dispose();
    swapTo((await pageFor(BOB)).doc);
    expect(calls).toEqual([]);
  });
});

describe('settingsOfBootScript', () => {
  it('reads back exactly the settings of a boot script the core rendered, whatever the values hold', async () => {
    const tricky = { id: 'u_"}]{;(function(w,d,', email: 'a\\"b@example.com', name: '</script>\u2028{[', company: { id: 'c1' } };
    for (const consent of [false, true]) {
      const boot = await identity('user_hash', consent).renderBoot(tricky);
      expect(settingsOfBootScript(boot.body)).toEqual(boot.settings);
    }
  });

  it('is null for any other script', () => {
    expect(settingsOfBootScript('console.log(1)')).toBeNull();
    expect(settingsOfBootScript('window.intercomSettings={"no_app_id":true};')).toBeNull();
    expect(settingsOfBootScript('window.intercomSettings={"app_id":')).toBeNull();
  });
});
