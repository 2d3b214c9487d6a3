import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createIdentity, cspScriptHash, resolveConfig, serializeForScript } from '../src/index.js';
import { ALICE, APP_ID, errorOf, recordingLogger, SECRET } from './support.js';

const HOSTILE = [
  '</script><script>window.__pwned=1</script>',
  '</SCRIPT >',
  '<!--<script>',
  ']]>',
  '\u2028\u2029',
  '"quoted" \'single\' `tick` \\back\\slash',
  '&amp; &lt; &#x3c;',
  '<img src=x onerror=alert(1)>',
  '😀 𝔘 中文 عربى',
  '\uD800 lone',
];

describe('serializeForScript', () => {
  it.each(HOSTILE)('leaves no markup-significant character in %j and parses back intact', (value) => {
    const json = serializeForScript({ value });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ value });
  });

  it('refuses values that are not JSON with a code instead of a TypeError', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [undefined, () => 1, Symbol('x'), 10n, cycle, { n: 10n }]) {
      expect((await errorOf(() => serializeForScript(value))).code).toBe('SETTINGS_INVALID');
    }
  });
});

// The default mode, JWT; Bob (email only) falls back to a user_hash, so markers are made from both kinds of proof.
const identity = createIdentity(
  resolveConfig(
    { INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: SECRET, INTERCOM_WIDGET_URL: 'http://127.0.0.1:4010/widget/{app_id}' },
    { logger: recordingLogger(), jwt: { fallbackToUserHash: true } },
  ),
);

/** How the browser's storage and cookies look to the boot script in {@link execute}. */
interface BrowserState {
  /** `document.cookie`. */
  cookie?: string;
  /** Reading localStorage throws (disabled storage, a sandboxed frame). */
  unreadable?: boolean;
  /** Writing throws (full storage). */
  full?: boolean;
}

/** Runs the inline script the way a browser would, with a minimal document, and returns what it did. */
function execute(html: string, nonce?: string, storage?: Map<string, string>, state: BrowserState = {}) {
  const body = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
  const appended: Array<{ src: string; async: boolean; nonce?: string }> = [];
  const window: Record<string, unknown> = {};
  if (storage)
    window.localStorage = {
      getItem: (k: string) => {
        if (state.unreadable) throw new Error('SecurityError');
        return storage.get(k) ?? null;
      },
      setItem: (k: string, v: string) => {
        if (state.full || state.unreadable) throw new Error('QuotaExceededError');
        storage.set(k, v);
      },
      removeItem: (k: string) => storage.delete(k),
    };
  const document = {
    cookie: state.cookie ?? '',
    currentScript: nonce ? { nonce } : null,
    createElement: () => ({}) as { src: string; async: boolean; nonce?: string },
    head: { appendChild: (el: { src: string; async: boolean; nonce?: string }) => appended.push(el) },
  };
  runInNewContext(body, { window, document });
  return { window, appended };
}

describe('renderScript', () => {
  it('renders one script that sets intercomSettings and loads the Messenger from the widget URL', async () => {
    const settings = await identity.bootSettings(ALICE);
    const html = identity.renderScript(settings);
    expect(html.startsWith('<script data-intercom-identity="">')).toBe(true);
    expect(html.endsWith('</script>')).toBe(true);
    expect(html.match(/<script/g)).toHaveLength(1);
    const { window, appended } = execute(html);
    expect(window.intercomSettings).toEqual(settings);
    expect(appended).toEqual([{ src: `http://127.0.0.1:4010/widget/${APP_ID}`, async: true }]);
    expect(typeof window.Intercom).toBe('function');
  });

  it('queues calls made before the Messenger arrives, as arguments, in Intercom.q', async () => {
    const { window } = execute(identity.renderScript(await identity.bootSettings(null)));
    const intercom = window.Intercom as ((...args: unknown[]) => void) & { q: IArguments[] };
    intercom('update', { page: '/account' });
    intercom('shutdown');
    expect(intercom.q.map((args) => Array.from(args))).toEqual([['update', { page: '/account' }], ['shutdown']]);
  });

  it('shuts the last person’s session down first when another person (or a visitor) now uses this browser', async () => {
    const storage = new Map<string, string>();
    const queued = (html: string) =>
      (execute(html, undefined, storage).window.Intercom as { q: IArguments[] }).q.map((args) => Array.from(args)[0]);
    const alice = identity.renderScript(await identity.bootSettings(ALICE));
    const bob = identity.renderScript(await identity.bootSettings({ email: 'bob@example.com' }));
    const visitor = identity.renderScript(await identity.bootSettings(null));
    expect(queued(alice)).toEqual([]);
    expect(queued(alice)).toEqual([]);
    // Logout by plain navigation: the visitor page ends Alice's session, then boots.
    expect(queued(visitor)).toEqual(['shutdown', 'boot']);
    expect(queued(visitor)).toEqual([]);
    // A visitor who signs in keeps the visitor session (Intercom merges it).
    expect(queued(alice)).toEqual([]);
    expect(queued(bob)).toEqual(['shutdown', 'boot']);
    // What is stored is a marker, not the identifier.
    expect([...storage.values()].join(' ')).not.toMatch(/u_1001|bob@example\.com/);
  });

  describe('fails closed when it cannot tell who was here', () => {
    const SESSION = `_ga=1; intercom-session-${APP_ID}=abc; intercom-id-${APP_ID}=x`;
    const queuedIn = (html: string, storage: Map<string, string>, state: BrowserState) =>
      (execute(html, undefined, storage, state).window.Intercom as { q: IArguments[] }).q.map((args) => Array.from(args)[0]);
    const pages = async () => ({
      alice: identity.renderScript(await identity.bootSettings(ALICE)),
      visitor: identity.renderScript(await identity.bootSettings(null)),
    });

    it('no marker (storage cleared by the app, another subdomain) but a Messenger session: shut it down first', async () => {
      const { alice, visitor } = await pages();
      expect(queuedIn(visitor, new Map(), { cookie: SESSION })).toEqual(['shutdown', 'boot']);
      expect(queuedIn(alice, new Map(), { cookie: SESSION })).toEqual(['shutdown', 'boot']);
    });

    it('storage that cannot be read, with a Messenger session: shut it down first', async () => {
      const { visitor } = await pages();
      expect(queuedIn(visitor, new Map(), { cookie: SESSION, unreadable: true })).toEqual(['shutdown', 'boot']);
    });

    it('no marker and no Messenger session: nothing to shut down', async () => {
      const { visitor } = await pages();
      expect(queuedIn(visitor, new Map(), { cookie: `intercom-id-${APP_ID}=x; other-intercom-session-${APP_ID}=y` })).toEqual([]);
    });

    it('a marker that cannot be written is removed, so the next page does not trust a stale one', async () => {
      const { alice, visitor } = await pages();
      const storage = new Map<string, string>();
      expect(queuedIn(visitor, storage, {})).toEqual([]);
      expect(storage.size).toBe(1);
      // Alice signs in while storage is full: the "visitor" marker must not survive.
      expect(queuedIn(alice, storage, { cookie: SESSION, full: true })).toEqual([]);
      expect(storage.size).toBe(0);
      expect(queuedIn(visitor, storage, { cookie: SESSION })).toEqual(['shutdown', 'boot']);
    });

    it('the same person with a Messenger session keeps it', async () => {
      const { alice } = await pages();
      const storage = new Map<string, string>();
      expect(queuedIn(alice, storage, {})).toEqual([]);
      expect(queuedIn(alice, storage, { cookie: SESSION })).toEqual([]);
    });
  });

  it('keys the marker with the secret: another secret, another marker; no id or email can be guessed from it', async () => {
    const other = createIdentity(
      resolveConfig({ INTERCOM_APP_ID: APP_ID, INTERCOM_IDENTITY_SECRET: `${SECRET}-rotated` }, { logger: recordingLogger() }),
    );
    const markerOf = (html: string) => {
      const storage = new Map<string, string>();
      execute(html, undefined, storage);
      return [...storage.values()][0];
    };
    const mine = markerOf(identity.renderScript(await identity.bootSettings(ALICE)));
    const theirs = markerOf(other.renderScript(await other.bootSettings(ALICE)));
    expect(mine).toMatch(/^[0-9a-f]{32}$/);
    expect(theirs).toMatch(/^[0-9a-f]{32}$/);
    expect(theirs).not.toBe(mine);
    // The unkeyed FNV-1a marker of "user_id:u_1001" that earlier versions stored is gone.
    const fnv = (text: string, seed: number) => {
      let hash = seed >>> 0;
      for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
      return hash.toString(16).padStart(8, '0');
    };
    expect(mine).not.toBe(fnv('user_id:u_1001', 0x811c9dc5) + fnv('user_id:u_1001', 0x050c5d1f));
  });

  it('adds the Messenger script only once when a loader already ran', async () => {
    const html = identity.renderScript(await identity.bootSettings(null));
    const first = execute(html);
    const body = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
    const appended: unknown[] = [];
    runInNewContext(body, {
      window: first.window,
      document: { currentScript: null, createElement: () => ({}), head: { appendChild: (el: unknown) => appended.push(el) } },
    });
    expect(appended).toHaveLength(0);
  });

  it.each(HOSTILE)('a hostile display name %j cannot end the script and comes back intact', async (name) => {
    const settings = await identity.bootSettings({ ...ALICE, name });
    const html = identity.renderScript(settings);
    const inner = html.slice('<script data-intercom-identity="">'.length, -'</script>'.length);
    expect(inner.toLowerCase()).not.toContain('</script');
    expect(inner).not.toContain('<!--');
    expect(inner).not.toMatch(/[\u2028\u2029]/);
    expect((execute(html).window.intercomSettings as { name: string }).name).toBe(name);
  });

  it('puts the CSP nonce on the tag and passes it on to the Messenger script', async () => {
    const html = identity.renderScript(await identity.bootSettings(ALICE), { nonce: 'r4nd0m+/Nonce==' });
    expect(html.startsWith('<script data-intercom-identity="" nonce="r4nd0m+/Nonce==">')).toBe(true);
    expect(execute(html, 'r4nd0m+/Nonce==').appended[0]?.nonce).toBe('r4nd0m+/Nonce==');
  });

  it('refuses a nonce that could break out of the attribute', async () => {
    const settings = await identity.bootSettings(null);
    for (const nonce of ['"><script>', 'a b', 'x'.repeat(300)]) {
      expect((await errorOf(() => identity.renderScript(settings, { nonce }))).code).toBe('NONCE_INVALID');
    }
  });

  it('refuses settings made for another workspace', async () => {
    expect((await errorOf(() => identity.renderScript({ app_id: 'other' }))).code).toBe('SETTINGS_INVALID');
  });

  it('never renders the secret', async () => {
    expect(identity.renderScript(await identity.bootSettings(ALICE))).not.toContain(SECRET);
  });
});

describe('cspScriptHash', () => {
  it('is the sha256 source of the script content, as a browser computes it', async () => {
    const html = identity.renderScript(await identity.bootSettings(ALICE));
    const content = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
    const expected = `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
    expect(await cspScriptHash(html)).toBe(expected);
  });

  it('refuses something that is not a rendered script', async () => {
    expect((await errorOf(() => cspScriptHash('window.x=1'))).code).toBe('SETTINGS_INVALID');
  });
});
