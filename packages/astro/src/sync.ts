import {
  type ClientSettings,
  createIntercomSync,
  type IntercomSync,
  identityKey,
  settingsOfBootScript,
} from '@intercom-identity/core/client';

/** Options of {@link startIntercomSync}. */
export interface IntercomSyncOptions {
  /** Where the proof endpoint is mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string;
}

/** What {@link startIntercomSync} returns. */
export interface IntercomAstroSync {
  /** Stops the token refresh and the listening to view transitions. */
  dispose(): void;
}

interface IntercomWindow {
  Intercom?: unknown;
  intercomSettings?: ClientSettings;
}

const page = (): IntercomWindow | undefined => (globalThis as { window?: IntercomWindow }).window;

/**
 * What the Messenger adds to the page, at the top of the body (its launcher,
 * its frames, the container of its app) or of the head: its ids and classes
 * start with `intercom-`. The boot script's own launcher (`load: 'interaction'`)
 * is `[data-intercom-facade]`.
 */
const MESSENGER_NODES = '[id^="intercom-"], [class^="intercom-"], [class*=" intercom-"], [data-intercom-facade]';
const PERSIST = 'data-astro-transition-persist';
let persisted = 0;

/**
 * A view transition replaces the body and the head, and with them the
 * Messenger's nodes, which it adds once: Astro keeps a node marked
 * `data-astro-transition-persist` that the next page also has. Each of the
 * Messenger's nodes is marked, and the next page gets a stand-in of it, so
 * Astro moves the node itself into the next page (with `moveBefore()` where
 * the browser has it, which keeps the Messenger's frames loaded).
 */
function keepMessengerNodes(next: Document): void {
  for (const [from, to] of [
    [document.body, next.body],
    [document.head, next.head],
  ] as const) {
    for (const node of from?.querySelectorAll(`:scope > :is(${MESSENGER_NODES})`) ?? []) {
      const id = node.getAttribute(PERSIST) ?? `intercom-identity-${++persisted}`;
      node.setAttribute(PERSIST, id);
      // An inert element: nothing of it loads or runs before Astro puts the node in its place.
      const standIn = next.createElement('template');
      standIn.setAttribute(PERSIST, id);
      to?.append(standIn);
    }
  }
}

/** The boot script of a document: the one the middleware put into its head. */
function bootScriptOf(doc: Document): HTMLScriptElement | null {
  return doc.querySelector('script[data-intercom-identity]');
}

/**
 * The browser side of the integration (it starts this on every page): keeps
 * the Messenger in step with Astro's `<ClientRouter />`. A page that arrives
 * by a view transition carries the boot script the server signed for it; the
 * sync reads its settings before the swap and does not run it again:
 *
 * - another person (a login or logout by navigation), or a Messenger that was
 *   shut down: `shutdown`, then `boot` with the new page's settings;
 * - the same person: an update for the navigation (quick ones share one, within
 *   Intercom's budget of 20 per 30 minutes), with the token the sync keeps fresh.
 *
 * In JWT mode it refreshes the token from the proof endpoint before it
 * expires, with or without view transitions. Without a boot script on the
 * page (a prerendered page, consent not given yet), it waits for one.
 *
 * @example
 * ```ts
 * // with intercomIdentity({ sync: false }) in astro.config.mjs, in a <script> of the layout:
 * import { startIntercomSync } from '@intercom-identity/astro/client';
 * startIntercomSync({ refreshUrl: '/api/intercom-identity' });
 * ```
 */
export function startIntercomSync(options: IntercomSyncOptions = {}): IntercomAstroSync {
  let sync: IntercomSync | null = null;
  // The settings of the page a view transition is bringing in: undefined while none is, null without a boot script.
  let incoming: ClientSettings | null | undefined;

  function start(): void {
    if (sync === null && typeof page()?.intercomSettings === 'object')
      sync = createIntercomSync({ refreshUrl: options.refreshUrl });
  }

  function beforeSwap(event: Event): void {
    const doc = (event as Event & { newDocument?: Document }).newDocument;
    incoming = undefined;
    if (doc !== undefined) keepMessengerNodes(doc);
    // Without a running Messenger the new page's own script boots it, as on a page load.
    if (sync === null || doc === undefined || typeof page()?.Intercom !== 'function') return;
    const script = bootScriptOf(doc);
    incoming = script === null ? null : settingsOfBootScript(script.textContent ?? '');
    // Astro does not run a script marked as run: the sync boots or updates instead.
    if (script !== null && incoming !== null) script.dataset.astroExec = '';
  }

  function afterSwap(): void {
    const next = incoming;
    incoming = undefined;
    if (sync === null || next === undefined) return;
    if (next === null) {
      sync.navigate();
      return;
    }
    const current = page()?.intercomSettings;
    const samePerson = identityKey(next) === identityKey(current);
    // The same person keeps the token the sync has (it refreshes it in time): a new one on every page would cost an update each.
    const token = current?.intercom_user_jwt;
    const settings = samePerson && typeof token === 'string' ? { ...next, intercom_user_jwt: token } : next;
    sync.apply(settings);
    // A boot, or an update with a token, sets the page's settings and tells the Messenger about the page too.
    if (page()?.intercomSettings === current) sync.navigate();
  }

  start();
  const listeners: Array<[string, (event: Event) => void]> = [
    ['astro:before-swap', beforeSwap],
    ['astro:after-swap', afterSwap],
    ['astro:page-load', start],
  ];
  for (const [type, listener] of listeners) globalThis.document?.addEventListener(type, listener);
  return {
    dispose() {
      for (const [type, listener] of listeners) globalThis.document?.removeEventListener(type, listener);
      sync?.dispose();
      sync = null;
    },
  };
}
