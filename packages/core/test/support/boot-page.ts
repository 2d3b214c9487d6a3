/**
 * A page that runs the boot script the way a browser would (node:vm), with just
 * enough of a browser for the gated loader: a cookie jar per host, localStorage
 * that records every access, script tags, a body for the facade's launcher,
 * `CustomEvent`s on window, and a fake Messenger that "arrives" when the test
 * says its script has loaded. Like the real one, it takes the queued calls, boots
 * from `window.intercomSettings` when no boot was queued, and sets its
 * cookies on boot.
 */
import { runInNewContext } from 'node:vm';
import { CookieJar } from './cookie-jar.js';

type Listener = () => void;

/** An element of the fake document: attributes, children, and what the loader sets on a script tag. */
export class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly children: FakeElement[] = [];
  readonly style = { cssText: '' };
  parentNode: FakeElement | null = null;
  src = '';
  async = false;
  nonce = '';
  type = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onclick: (() => void) | null = null;

  constructor(readonly tagName: string) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  appendChild(child: FakeElement): FakeElement {
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  removeChild(child: FakeElement): FakeElement {
    const at = this.children.indexOf(child);
    if (at !== -1) this.children.splice(at, 1);
    child.parentNode = null;
    return child;
  }
  /** A click on it, as the visitor's. */
  click(): void {
    this.onclick?.();
  }
}

/** How the page starts. */
export interface BootPageOptions {
  /** The page's host (`location.hostname`). Default `app.example.com`. */
  host?: string;
  /** The nonce of the boot script's tag (`document.currentScript.nonce`). */
  nonce?: string;
  /** localStorage at the start; undefined: the page has none. */
  storage?: Map<string, string>;
  /** Whether the body exists when the script runs (false: it is in the head, the body comes at DOMContentLoaded). */
  body?: boolean;
  /** The document is still being parsed (`readyState` "loading") although the body exists. */
  loading?: boolean;
  /** Globals set before the script runs, as a consent tool would (`intercomConsent: 'granted'`). */
  preset?: Record<string, unknown>;
}

type Call = unknown[];
type IntercomFunction = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[] };

export interface BootPage {
  window: Record<string, unknown> & { Intercom?: IntercomFunction; intercomSettings?: Record<string, unknown> };
  cookies: CookieJar;
  /** Every localStorage call the page made: `getItem key`, `setItem key`, `removeItem key`. */
  storageAccess: string[];
  storage: Map<string, string> | undefined;
  /** The script tags the loader added to the head. */
  scripts: FakeElement[];
  body: FakeElement;
  /** The `intercom-identity:consent` events on window, by their detail. */
  events: unknown[];
  /** Calls the Messenger received since it arrived. */
  received: Call[];
  /** `window.Intercom(...)`, as the app calls it. */
  intercom(...args: unknown[]): unknown;
  /** The calls waiting in the queue (`Intercom.q`), as arrays. */
  queued(): Call[];
  /** The facade's launcher, if it is in the body. */
  launcher(): FakeElement | undefined;
  /** The Messenger's script (the last one added) has loaded: the Messenger runs, then the tag's onload. */
  arrive(): void;
  /** The Messenger's script failed to load (the tag's onerror). */
  fail(): void;
  /** The document is parsed: the body is there and DOMContentLoaded fires. */
  domReady(): void;
}

/** Runs the boot script `html` (a whole `<script>` tag) in a new page. */
export function openBootPage(html: string, options: BootPageOptions = {}): BootPage {
  const scriptBody = html.slice(html.indexOf('>') + 1, html.lastIndexOf('</script>'));
  const host = options.host ?? 'app.example.com';
  const cookies = new CookieJar(host);
  const storageAccess: string[] = [];
  const scripts: FakeElement[] = [];
  const events: unknown[] = [];
  const received: Call[] = [];
  const body = new FakeElement('body');
  const domListeners: Listener[] = [];
  const storage = options.storage;

  const window: BootPage['window'] = { location: { hostname: host }, ...options.preset };
  if (storage)
    window.localStorage = {
      getItem: (key: string) => {
        storageAccess.push(`getItem ${key}`);
        return storage.get(key) ?? null;
      },
      setItem: (key: string, value: string) => {
        storageAccess.push(`setItem ${key}`);
        storage.set(key, value);
      },
      removeItem: (key: string) => {
        storageAccess.push(`removeItem ${key}`);
        storage.delete(key);
      },
    };
  window.dispatchEvent = (event: { type: string; detail: unknown }) => {
    if (event.type === 'intercom-identity:consent') events.push(event.detail);
    return true;
  };
  const head = new FakeElement('head');
  const originalAppend = head.appendChild.bind(head);
  head.appendChild = (child: FakeElement) => {
    if (child.tagName === 'script') scripts.push(child);
    return originalAppend(child);
  };
  const document: Record<string, unknown> = {
    currentScript: options.nonce === undefined ? null : { nonce: options.nonce },
    head,
    documentElement: head,
    body: options.body === false ? null : body,
    readyState: options.loading === true || options.body === false ? 'loading' : 'complete',
    createElement: (tag: string) => new FakeElement(tag),
    createElementNS: (_ns: string, tag: string) => new FakeElement(tag),
    addEventListener: (type: string, listener: Listener) => {
      if (type === 'DOMContentLoaded') domListeners.push(listener);
    },
  };
  cookies.attach(document);

  class CustomEvent {
    readonly detail: unknown;
    constructor(
      readonly type: string,
      init?: { detail?: unknown },
    ) {
      this.detail = init?.detail;
    }
  }
  runInNewContext(scriptBody, { window, document, CustomEvent });

  const appId = () => String(window.intercomSettings?.app_id ?? '');
  const commands: Record<string, (...args: unknown[]) => void> = {
    boot() {
      // The real Messenger's cookies: its session on the site's domain, its visitor and device ids on the host.
      cookies.header = `intercom-session-${appId()}=s3ss10n; path=/; domain=.${host.split('.').slice(-2).join('.')}`;
      cookies.header = `intercom-id-${appId()}=v1s1t0r; path=/; max-age=23328000`;
      cookies.header = `intercom-device-id-${appId()}=d3v1c3; path=/; max-age=23328000`;
    },
    shutdown() {
      cookies.header = `intercom-session-${appId()}=; path=/; max-age=0; domain=.${host.split('.').slice(-2).join('.')}`;
    },
  };

  const page: BootPage = {
    window,
    cookies,
    storageAccess,
    storage,
    scripts,
    body,
    events,
    received,
    intercom: (...args) => window.Intercom?.(...args),
    queued: () => Array.from(window.Intercom?.q ?? []).map((call) => Array.from(call)),
    launcher: () => body.children.find((child) => child.hasAttribute('data-intercom-facade')),
    arrive() {
      const tag = scripts.at(-1);
      if (tag === undefined) throw new Error('no Messenger script was added');
      const queued = page.queued();
      const messenger = (...args: unknown[]) => {
        received.push(args);
        commands[String(args[0])]?.(...args.slice(1));
      };
      window.Intercom = messenger;
      if (!queued.some(([command]) => command === 'boot') && window.intercomSettings?.app_id)
        messenger('boot', window.intercomSettings);
      for (const call of queued) messenger(...call);
      tag.onload?.();
    },
    fail() {
      scripts.at(-1)?.onerror?.();
    },
    domReady() {
      document.body = body;
      document.readyState = 'interactive';
      for (const listener of domListeners) listener();
    },
  };
  return page;
}
