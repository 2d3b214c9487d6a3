// The boot script with consent: 'required' and load: 'interaction', run the way
// a browser runs it (see support/boot-page.ts): what it loads, what it reads and
// writes in storage and cookies, and when.
import { describe, expect, it } from 'vitest';
import { createIdentity, type IntercomIdentityConfig, resolveConfig } from '../src/index.js';
import { type BootPage, openBootPage } from './support/boot-page.js';
import { ALICE, APP_ID, recordingLogger, SECRET } from './support.js';

const WIDGET = `https://widget.example.test/widget/${APP_ID}`;
const MARKER_KEY = `intercom-identity:last-person:${APP_ID}`;

function identityWith(options: Partial<IntercomIdentityConfig>) {
  return createIdentity(
    resolveConfig(
      { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_WIDGET_URL: WIDGET },
      { logger: recordingLogger(), ...options },
    ),
  );
}

const consent = identityWith({ consent: 'required' });
const facade = identityWith({ load: 'interaction' });
const both = identityWith({ consent: 'required', load: 'interaction' });

type Identity = ReturnType<typeof identityWith>;
const aliceScript = async (identity: Identity, nonce?: string, settings: Record<string, unknown> = {}) =>
  identity.renderScript(await identity.bootSettings(ALICE, settings), nonce === undefined ? {} : { nonce });
const visitorScript = async (identity: Identity, settings: Record<string, unknown> = {}) =>
  identity.renderScript(await identity.bootSettings(null, settings));

const grant = (page: BootPage) => (page.window.grantIntercomConsent as () => void)();
const withdraw = (page: BootPage) => (page.window.withdrawIntercomConsent as () => void)();
const intercomCookies = (page: BootPage) => page.cookies.names().filter((name) => name.startsWith('intercom-'));

describe('consent: required', () => {
  it('before consent loads nothing, touches no storage and no cookie, and queues the app’s calls', async () => {
    const page = openBootPage(await aliceScript(consent, 'n0nce'), { storage: new Map(), nonce: 'n0nce' });
    page.intercom('update', { page: '/account' });
    page.intercom('trackEvent', 'viewed-pricing');
    expect(page.scripts).toEqual([]);
    expect(page.storageAccess).toEqual([]);
    expect(page.cookies.reads).toBe(0);
    expect(page.cookies.writes).toEqual([]);
    expect(page.queued()).toEqual([
      ['update', { page: '/account' }],
      ['trackEvent', 'viewed-pricing'],
    ]);
    expect(page.window.intercomConsent).toBe('pending');
    expect(page.events).toEqual(['pending']);
    // The signed settings are on the page all the same, ready for the grant.
    expect(page.window.intercomSettings).toMatchObject({ app_id: APP_ID, intercom_user_jwt: expect.any(String) });
  });

  it('the grant loads the Messenger once, with the nonce of the boot script, and says so', async () => {
    const page = openBootPage(await aliceScript(consent, 'n0nce'), { storage: new Map(), nonce: 'n0nce' });
    page.intercom('update', { page: '/account' });
    grant(page);
    grant(page);
    expect(page.scripts.map((tag) => [tag.src, tag.async, tag.nonce])).toEqual([[WIDGET, true, 'n0nce']]);
    expect(page.window.intercomConsent).toBe('granted');
    expect(page.events).toEqual(['pending', 'granted']);
    page.arrive();
    expect(page.received.map(([command]) => command)).toEqual(['boot', 'update']);
    expect(page.received[0]?.[1]).toBe(page.window.intercomSettings);
    // Now the Messenger answers the app itself.
    expect(page.window.Intercom?.q).toBeUndefined();
  });

  it('a consent tool that set window.intercomConsent = "granted" before the script ran: it loads at once', async () => {
    const page = openBootPage(await visitorScript(consent), { storage: new Map(), preset: { intercomConsent: 'granted' } });
    expect(page.scripts.map((tag) => tag.src)).toEqual([WIDGET]);
    expect(page.window.intercomConsent).toBe('granted');
    expect(page.events).toEqual(['granted']);
    expect(page.storage?.get(MARKER_KEY)).toBe('visitor');
  });

  it('any other preset value waits for the grant', async () => {
    for (const preset of ['withdrawn', 'yes', true]) {
      const page = openBootPage(await visitorScript(consent), { preset: { intercomConsent: preset } });
      expect(page.scripts).toEqual([]);
      expect(page.window.intercomConsent).toBe('pending');
    }
  });

  it('checks the last person’s marker at the grant, not before: another person is shut down first', async () => {
    const storage = new Map<string, string>();
    // Alice was here; a visitor's page now waits for consent.
    openBootPage(await aliceScript(consent), { storage, preset: { intercomConsent: 'granted' } });
    const alice = storage.get(MARKER_KEY);
    expect(alice).toMatch(/^[0-9a-f]{32}$/);
    const page = openBootPage(await visitorScript(consent), { storage });
    page.intercom('update', { page: '/' });
    expect(storage.get(MARKER_KEY)).toBe(alice);
    expect(page.queued()).toEqual([['update', { page: '/' }]]);
    grant(page);
    expect(page.queued().map(([command]) => command)).toEqual(['shutdown', 'boot', 'update']);
    expect(page.queued()[1]?.[1]).toBe(page.window.intercomSettings);
    expect(storage.get(MARKER_KEY)).toBe('visitor');
  });

  it('a Messenger session of unknown owner, found at the grant, is shut down first (fail closed)', async () => {
    const page = openBootPage(await visitorScript(consent), { storage: new Map() });
    page.cookies.put(`intercom-session-${APP_ID}`, 'someones');
    grant(page);
    expect(page.queued().map(([command]) => command)).toEqual(['shutdown', 'boot']);
  });

  it('withdrawal shuts the Messenger down, removes every intercom-* cookie on this host and its parents, and the marker', async () => {
    const storage = new Map([['app:theme', 'dark']]);
    const page = openBootPage(await aliceScript(consent), { storage, preset: { intercomConsent: 'granted' } });
    page.arrive();
    // Cookies the Messenger set on the site's domain and on this host, one a parent domain set, and the site's own.
    page.cookies.put(`intercom-id-${APP_ID}`, 'x', 'app.example.com');
    page.cookies.put('intercom-state', 'y', 'example.com');
    page.cookies.put('theme', 'dark');
    page.cookies.put('_ga', 'GA1', 'example.com');
    expect(intercomCookies(page).length).toBeGreaterThan(3);
    page.received.length = 0;
    withdraw(page);
    expect(page.received).toEqual([['shutdown']]);
    expect(intercomCookies(page)).toEqual([]);
    expect(page.cookies.names()).toEqual(['_ga', 'theme']);
    expect(storage.has(MARKER_KEY)).toBe(false);
    expect(storage.get('app:theme')).toBe('dark');
    expect(page.window.intercomConsent).toBe('withdrawn');
    expect(page.events).toEqual(['granted', 'withdrawn']);
  });

  it('while withdrawn, the app’s calls are dropped: they never reach the Messenger, nothing is queued', async () => {
    const page = openBootPage(await aliceScript(consent), { storage: new Map(), preset: { intercomConsent: 'granted' } });
    page.arrive();
    withdraw(page);
    page.received.length = 0;
    page.intercom('show');
    page.intercom('update', { page: '/account' });
    expect(page.received).toEqual([]);
    expect(page.queued()).toEqual([]);
    expect(intercomCookies(page)).toEqual([]);
  });

  it('withdrawal before the grant removes what an earlier page left, and loads nothing', async () => {
    const storage = new Map([[MARKER_KEY, 'visitor']]);
    const page = openBootPage(await visitorScript(consent), { storage });
    page.cookies.put(`intercom-device-id-${APP_ID}`, 'old');
    page.intercom('update');
    withdraw(page);
    expect(page.scripts).toEqual([]);
    expect(page.queued()).toEqual([]);
    expect(intercomCookies(page)).toEqual([]);
    expect(storage.size).toBe(0);
    expect(page.window.intercomConsent).toBe('withdrawn');
  });

  it('granted again, the loaded Messenger boots with the current settings; no second script', async () => {
    const page = openBootPage(await aliceScript(consent), { storage: new Map(), preset: { intercomConsent: 'granted' } });
    page.arrive();
    withdraw(page);
    // The browser sync swapped in a fresh token meanwhile.
    const current = { ...page.window.intercomSettings, intercom_user_jwt: 'fresh.token.here' };
    page.window.intercomSettings = current;
    page.received.length = 0;
    grant(page);
    expect(page.received).toEqual([['boot', current]]);
    expect(page.scripts).toHaveLength(1);
    expect(page.window.intercomConsent).toBe('granted');
    // The Messenger answers the app again.
    page.intercom('show');
    expect(page.received.at(-1)).toEqual(['show']);
    expect(page.events).toEqual(['granted', 'withdrawn', 'granted']);
  });

  it('withdrawn while the Messenger is still loading: it is shut down as it arrives, and its cookies go', async () => {
    const page = openBootPage(await aliceScript(consent), { storage: new Map(), preset: { intercomConsent: 'granted' } });
    page.intercom('show');
    withdraw(page);
    page.arrive();
    // It booted from window.intercomSettings as it arrived (the real Messenger does), then the gate shut it down.
    expect(page.received.map(([command]) => command)).toEqual(['boot', 'shutdown']);
    expect(intercomCookies(page)).toEqual([]);
    page.intercom('show');
    expect(page.received.map(([command]) => command)).toEqual(['boot', 'shutdown']);
    // Granted again: the Messenger that arrived boots, nothing is loaded twice.
    grant(page);
    expect(page.received.at(-1)).toEqual(['boot', page.window.intercomSettings]);
    expect(page.scripts).toHaveLength(1);
  });

  it('sets no consent globals and sends no event without consent: required', async () => {
    const page = openBootPage(await visitorScript(facade), { storage: new Map() });
    expect(page.window.grantIntercomConsent).toBeUndefined();
    expect(page.window.withdrawIntercomConsent).toBeUndefined();
    expect(page.window.intercomConsent).toBeUndefined();
    expect(page.events).toEqual([]);
  });
});

describe('load: interaction (the facade)', () => {
  it('shows a launcher and loads nothing, touches no storage or cookie, until the first click', async () => {
    const page = openBootPage(await aliceScript(facade, 'n0nce'), { storage: new Map(), nonce: 'n0nce' });
    const launcher = page.launcher();
    expect(launcher?.tagName).toBe('button');
    expect(launcher?.type).toBe('button');
    expect(launcher?.getAttribute('aria-label')).toBe('Open the messenger');
    expect(launcher?.style.cssText).toMatch(/position:fixed;.*bottom:20px;right:20px;/);
    expect(page.scripts).toEqual([]);
    expect(page.storageAccess).toEqual([]);
    expect(page.cookies.writes).toEqual([]);
    page.intercom('update', { page: '/account' });
    page.intercom('boot', page.window.intercomSettings);
    expect(page.scripts).toEqual([]);

    launcher?.click();
    expect(page.scripts.map((tag) => [tag.src, tag.nonce])).toEqual([[WIDGET, 'n0nce']]);
    expect(launcher?.getAttribute('aria-busy')).toBe('true');
    launcher?.click();
    expect(page.scripts).toHaveLength(1);
    page.arrive();
    // It boots verified and opens; the launcher gives way to the Messenger's own.
    expect(page.received.map(([command]) => command)).toEqual(['update', 'boot', 'show', 'show']);
    expect(page.received.find(([command]) => command === 'boot')?.[1]).toBe(page.window.intercomSettings);
    expect(page.launcher()).toBeUndefined();
  });

  it('the app’s first Intercom("show…") call loads it too; other calls do not', async () => {
    for (const command of ['show', 'showNewMessage', 'showMessages', 'showSpace']) {
      const page = openBootPage(await visitorScript(facade), { storage: new Map() });
      page.intercom('update');
      page.intercom('trackEvent', 'x');
      expect(page.scripts).toEqual([]);
      page.intercom(command, 'Hello');
      expect(page.scripts).toHaveLength(1);
      expect(page.queued().at(-1)).toEqual([command, 'Hello']);
    }
  });

  it('a script that fails to load can be tried again by the next click', async () => {
    const page = openBootPage(await visitorScript(facade), { storage: new Map() });
    page.launcher()?.click();
    page.fail();
    expect(page.launcher()?.hasAttribute('aria-busy')).toBe(false);
    page.launcher()?.click();
    expect(page.scripts).toHaveLength(2);
  });

  it('follows the launcher settings: alignment, paddings and a hex action colour', async () => {
    const page = openBootPage(
      await visitorScript(facade, { alignment: 'left', horizontal_padding: 40, vertical_padding: 90, action_color: '#ff0066' }),
    );
    const css = page.launcher()?.style.cssText ?? '';
    expect(css).toContain('bottom:90px;left:40px;');
    expect(css).toContain('background:#ff0066');
  });

  it('refuses an action colour that could carry more CSS, and uses its own', async () => {
    const page = openBootPage(await visitorScript(facade, { action_color: 'red;background-image:url(https://x.test/t)' }));
    const css = page.launcher()?.style.cssText ?? '';
    expect(css).not.toContain('url(');
    expect(css).toContain('background:#1f2937');
  });

  it('draws no launcher with hide_default_launcher; the app’s own show() call loads the Messenger', async () => {
    const page = openBootPage(await visitorScript(facade, { hide_default_launcher: true }));
    expect(page.launcher()).toBeUndefined();
    expect(page.body.children).toEqual([]);
    page.intercom('show');
    expect(page.scripts).toHaveLength(1);
  });

  it('a boot script inside the body waits until the document is parsed (a hydrating framework must not find the launcher in its markup)', async () => {
    const page = openBootPage(await visitorScript(facade), { loading: true });
    expect(page.launcher()).toBeUndefined();
    page.domReady();
    expect(page.launcher()).toBeDefined();
  });

  it('granted again, the marker withdrawal removed comes back, so the next page keeps the session', async () => {
    const html = consent.renderScript(await consent.bootSettings(null));
    const storage = new Map<string, string>();
    const first = openBootPage(html, { storage, preset: { intercomConsent: 'granted' } });
    first.arrive();
    withdraw(first);
    expect(storage.size).toBe(0);
    grant(first);
    expect(storage.get(MARKER_KEY)).toBe('visitor');
    const next = openBootPage(html, { storage });
    for (const cookie of first.cookies.cookies) next.cookies.put(cookie.name, cookie.value, cookie.domain);
    grant(next);
    expect(next.queued().map(([command]) => command)).toEqual([]);
  });

  it('a boot script in the head draws the launcher once the body is there', async () => {
    const page = openBootPage(await visitorScript(facade), { body: false });
    expect(page.launcher()).toBeUndefined();
    page.domReady();
    expect(page.launcher()).toBeDefined();
  });

  describe('with consent: required', () => {
    it('shows no launcher and loads nothing before consent; after it, the launcher, and still nothing loaded', async () => {
      const page = openBootPage(await aliceScript(both), { storage: new Map() });
      expect(page.launcher()).toBeUndefined();
      page.intercom('show');
      expect(page.scripts).toEqual([]);
      grant(page);
      expect(page.launcher()).toBeDefined();
      expect(page.scripts).toEqual([]);
      expect(page.storageAccess).toEqual([]);
      page.launcher()?.click();
      expect(page.scripts).toHaveLength(1);
      page.arrive();
      expect(page.received.map(([command]) => command)).toEqual(['boot', 'show', 'show']);
    });

    it('withdrawal removes the launcher; the grant brings it back', async () => {
      const page = openBootPage(await visitorScript(both), { preset: { intercomConsent: 'granted' } });
      expect(page.launcher()).toBeDefined();
      withdraw(page);
      expect(page.launcher()).toBeUndefined();
      page.intercom('show');
      expect(page.scripts).toEqual([]);
      grant(page);
      expect(page.launcher()).toBeDefined();
      expect(page.scripts).toEqual([]);
    });
  });
});
