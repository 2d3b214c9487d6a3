/**
 * The browser sync: keeps the Messenger in step with the app. It holds no
 * secret and signs nothing: new proofs come from the server (the page, or the
 * app's `/api/intercom-identity` endpoint).
 */

import { identityKey, personStorageKey, readJwtClaims } from '../person.js';
import { budgetOf, hasRoom } from './budget.js';
import { type ClientSettings, type Messenger, win, windowMessenger } from './messenger.js';
import type { Answer } from './refresh.js';

interface Listeners {
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

// The person marker is keyed with the secret, so only the server can write it.
// When the person changes in the browser, or the Messenger shuts down, the last
// one is removed: the next page load then cannot tell who was here and, while a
// Messenger session cookie is present, shuts that session down (fail closed).
// After a boot the sync made for a visitor (`visitor`), which follows a shutdown
// (or a page with nobody before), the session is the visitor's own and the
// marker may say so, as the boot script's does; a signed-in person's marker
// only the server can make.
function markPerson(appId: unknown, visitor?: boolean): void {
  if (typeof appId !== 'string') return;
  try {
    const key = personStorageKey(appId);
    const storage = globalThis.localStorage;
    if (visitor) storage?.setItem(key, 'visitor');
    else storage?.removeItem(key);
  } catch {
    // Storage may be disabled: the boot script then fails closed by itself. A
    // marker that cannot be written must not stay behind as a stale one.
    if (visitor) markPerson(appId);
  }
}

// The sync that is running on this page (the last one created and not yet
// disposed), so that a logout control can stop its token refresh along with
// the Messenger, whichever adapter created it.
let active: IntercomSync | null = null;

// The Messenger's own settings (Intercom's "Messenger attributes"): they are about
// the page, not the person, so they stay when the person changes or logs out.
// Everything else (the identity, the proof, the profile, custom attributes) goes.
const MESSENGER_SETTINGS = [
  'api_base',
  'custom_launcher_selector',
  'alignment',
  'vertical_padding',
  'horizontal_padding',
  'hide_default_launcher',
  'session_duration',
  'action_color',
  'background_color',
] as const;

function visitorOf(settings: ClientSettings): ClientSettings {
  const visitor: ClientSettings = { app_id: settings.app_id };
  for (const name of MESSENGER_SETTINGS) if (settings[name] !== undefined) visitor[name] = settings[name];
  return visitor;
}

/**
 * Shuts the Messenger down and forgets the user in this browser: call it when the
 * user logs out, before the next person can use the page. The Messenger clears
 * its session cookie, so the next visitor does not see this user's conversations.
 * A running {@link IntercomSync} stops refreshing the user's token too.
 *
 * @example
 * ```ts
 * import { shutdownIntercom } from '@intercom-identity/core/client';
 * logoutButton.addEventListener('click', () => shutdownIntercom());
 * ```
 */
export function shutdownIntercom(): void {
  if (active) active.shutdown();
  else shutdownMessenger(windowMessenger);
}

function shutdownMessenger(messenger: Messenger): void {
  messenger.shutdown();
  const w = win();
  markPerson(w?.intercomSettings?.app_id);
  if (w?.intercomSettings) w.intercomSettings = visitorOf(w.intercomSettings);
}

/** Options of {@link createIntercomSync}. */
export interface IntercomSyncOptions {
  /**
   * The proof endpoint: fresh JWTs and the proof after a sign-in come from there.
   * Default `/api/intercom-identity`. On another origin (a full URL), it is asked
   * with `credentials: 'include'`, and must list this page's origin in
   * `INTERCOM_IDENTITY_ALLOWED_ORIGINS`.
   */
  refreshUrl?: string;
  /** Refresh this many seconds before the token expires. Default 60, and at most a fifth of the token's lifetime. */
  refreshBeforeSeconds?: number;
  /**
   * How the sync reaches the Messenger: the boots, updates and shutdowns it makes,
   * through the SDK the app uses (`fromMessengerJsSdk(sdk)`, or react-use-intercom
   * through `@intercom-identity/react`). Default: `window.Intercom` calls. The rules
   * hold whatever the SDK: another person means a shutdown, then a boot; every
   * update is counted against the budget; a new token goes out as a boot without
   * a shutdown once the budget has no room.
   */
  messenger?: Messenger;
  /** For tests: the fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** For tests: the clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** What {@link createIntercomSync} returns. */
export interface IntercomSync {
  /**
   * Applies the settings the server rendered for the current request. A different
   * person than before: shutdown, then boot as them (or as a visitor). The same
   * person with a new token: the token goes to the Messenger (an update, or a
   * boot without shutdown when the update budget is spent). The same settings
   * again: nothing.
   */
  apply(settings: ClientSettings): void;
  /**
   * Tells the Messenger about a client-side navigation, so that it looks for new
   * messages: `Intercom('update')` with the current token in JWT mode. Navigations
   * in quick succession share one update, and none is sent once the page's update
   * budget is down to the app's reserve (see {@link createIntercomSync}).
   */
  navigate(): void;
  /**
   * Asks the proof endpoint who is signed in now and boots the Messenger as them
   * (or as a visitor when nobody is): after a sign-in or sign-out without a page
   * load. The same person keeps their profile settings and gets the new token.
   */
  refresh(): Promise<void>;
  /**
   * Shuts the Messenger down (logout). It stays down, without navigation updates
   * or token refreshes, until the next {@link IntercomSync.apply} or
   * {@link IntercomSync.refresh} boots it for whoever is signed in then.
   */
  shutdown(): void;
  /** Stops the token refresh, drops a navigation update still waiting, and removes the page listeners. */
  dispose(): void;
}

/** @deprecated Renamed {@link IntercomSyncOptions}; the old name goes in the next minor version. */
export type MessengerSyncOptions = IntercomSyncOptions;
/** @deprecated Renamed {@link IntercomSync}; the old name goes in the next minor version. */
export type MessengerSync = IntercomSync;

// The sync's waits are written as numbers where they are used, each in one
// place: a bundler keeps a module's constants as variables, whose declarations
// cost the page bytes that a number in place does not.
//
// - 30 s between navigation updates. The first navigation after a quiet spell
//   is told at once; the ones that follow within 30 s share one update at the
//   end of them, which then names the page the user is on by then. Waiting up
//   to 30 seconds for new messages goes unnoticed by someone clicking through
//   pages, and a burst of clicks, however long, costs one update per 30 seconds
//   instead of one per click: the sync's share of the budget (16 of 20) lasts
//   8 minutes of non-stop clicking. Refreshed tokens draw on the same share
//   while it lasts (such an update also tells the navigations that wait), then
//   go out by boot, so they never wait for it.
// - 10 s: a timed refresh that could not reach the endpoint tries again this
//   much later.
// - 5 s: the sync starts a refresh of its own at most this often. A browser
//   clock far ahead of the server's makes every new token look due at once;
//   without this, that would be a loop of requests (and of updates or boots).

/**
 * Keeps the Messenger in step with a single-page app: an update on client-side
 * navigation, a shutdown and a fresh boot when the signed-in person changes,
 * and, in JWT mode, a new token from the server before the current one expires.
 * Every adapter's browser side is this, wired to its router.
 *
 * Intercom accepts at most 20 updates per 30 minutes in one page session and
 * ignores the rest. So the sync counts the updates it sends on the page (every
 * sync on the page shares the count; a page load starts a new one) and keeps
 * 4 for the app's own `Intercom('update')` calls:
 *
 * - Navigations: the first after a quiet spell sends an update at once; the
 *   ones within the next 30 seconds share one update at the end of them, with
 *   the token that is current then. None is sent while the budget is down to
 *   the reserve.
 * - A new token for the same person goes out as an update while the budget has
 *   room, else as `Intercom('boot')` with the current settings and the new token:
 *   no shutdown, which would end the person's session, and a boot is not an update.
 * - A tab that was hidden, a page restored from the back-forward cache or a
 *   browser back online refreshes at once a token whose refresh time has passed.
 *
 * @example
 * ```ts
 * import { createIntercomSync } from '@intercom-identity/core/client';
 * const sync = createIntercomSync();
 * sync.apply(window.intercomSettings!);   // after each server render
 * router.afterEach(() => sync.navigate()); // after each client navigation
 * ```
 */
export function createIntercomSync(options: IntercomSyncOptions = {}): IntercomSync {
  return startSync(options, { booted: true });
}

/** How the single-page entry starts a sync; not part of the public options. */
export interface SyncStart {
  /**
   * Whether the Messenger was booted before the sync started (a server-rendered
   * page). When not, the first {@link IntercomSync.apply} boots without a shutdown.
   */
  booted: boolean;
  /** Settings of the page (launcher options and the like) that every boot keeps, whoever the person. */
  pageSettings?: Record<string, unknown>;
}

/** {@link createIntercomSync}, for a page whose Messenger may not be booted yet. */
export function startSync(options: IntercomSyncOptions, start: SyncStart): IntercomSync {
  const refreshUrl = options.refreshUrl ?? '/api/intercom-identity';
  const now = options.now ?? (() => Date.now());
  const messenger = options.messenger ?? windowMessenger;
  // The page's window, once: the sync runs in a browser, whose window stays.
  const w = win();
  let current: ClientSettings | undefined = start.booted ? w?.intercomSettings : undefined;
  let currentKey = identityKey(current);
  // The Messenger is not booted (nothing booted it yet, or it was shut down): the next apply boots it.
  let down = !start.booted;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A navigation the Messenger has not been told about yet, and the timer of its update.
  let navigationWaiting = false;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  // A refresh that the sync started itself (timer, wake-up, a navigation on a token due) is under way, and when the last one started.
  let refreshing = false;
  let lastRefresh = -Infinity;
  let disposed = false;

  // Whoever comes next (a visitor, another person) starts from the page's settings.
  const startOver = (settings: ClientSettings): ClientSettings => ({ ...visitorOf(settings), ...start.pageSettings });

  /** When the current token is due for a refresh, in milliseconds; undefined without an expiring token. */
  function refreshTime(): number | undefined {
    const claims = readJwtClaims(current?.intercom_user_jwt);
    const exp = claims?.exp;
    const iat = claims?.iat;
    if (typeof exp !== 'number') return undefined;
    const lifetime = typeof iat === 'number' ? exp - iat : 3600;
    // Short-lived tokens are refreshed when a fifth of their life is left.
    const margin = Math.min(options.refreshBeforeSeconds ?? 60, lifetime / 5);
    return (exp - margin) * 1000;
  }

  /** Refreshes a token past its refresh time; whether it was. */
  function refreshIfDue(): boolean {
    const due = refreshTime();
    const late = due !== undefined && now() >= due;
    if (late) refreshInBackground();
    return late;
  }

  function setTimer(delay: number): void {
    clearTimeout(timer);
    timer = disposed ? undefined : setTimeout(refreshInBackground, Math.min(delay, 2_147_483_647));
  }

  function schedule(): void {
    const due = refreshTime();
    // A due time already past runs the timer at once.
    if (due !== undefined) setTimer(due - now());
    else {
      clearTimeout(timer);
      timer = undefined;
    }
  }

  // The timer, a page coming back and a navigation on a token past its refresh time all ask
  // for this refresh; one at a time is enough.
  function refreshInBackground(): void {
    if (disposed || refreshing) return;
    // At most one refresh of its own every 5 s.
    const wait = lastRefresh + 5_000 - now();
    if (wait > 0) {
      setTimer(wait);
      return;
    }
    lastRefresh = now();
    refreshing = true;
    void refresh(true).finally(() => {
      refreshing = false;
    });
  }

  // `retry`: a refresh the sync started itself tries again shortly when the network is gone for a moment.
  async function refresh(retry = false): Promise<void> {
    const keyAtStart = currentKey;
    let answer: Answer;
    try {
      // Loaded on the first refresh (./refresh.ts): a chunk that fails to load is a request that failed.
      answer = await (await import('./refresh.js')).askProof(refreshUrl, options.fetch ?? fetch);
    } catch {
      // Tried again 10 s later.
      if (retry) setTimer(10_000);
      return;
    }
    // Another apply (a new server render) came first: its settings are newer than this answer.
    if (disposed || currentKey !== keyAtStart || current === undefined || answer === null) return;
    const next = answer(startOver(current));
    if (next === null) return;
    if (down || identityKey(next) !== currentKey) return apply(next);
    // The same person: keep the profile settings the page rendered, take the new token.
    if (next.intercom_user_jwt !== undefined) apply({ ...current, intercom_user_jwt: next.intercom_user_jwt });
  }

  // Every update the sync sends goes through here, so that the page's budget counts it.
  function update(changes?: { intercom_user_jwt: unknown }): void {
    if (w === undefined) return;
    // Without a Messenger on the page, the default sends nothing, and spends nothing.
    if (options.messenger === undefined && typeof w.Intercom !== 'function') return;
    budgetOf(w).sent.push(now());
    messenger.update(changes);
  }

  // An update or a boot makes the Messenger look for new messages on the page
  // the user is on: a navigation still waiting needs no update of its own.
  function told(): void {
    if (navigationWaiting && w) budgetOf(w).lastNavigation = now();
    forgetNavigation();
  }

  function forgetNavigation(): void {
    clearTimeout(trailing);
    trailing = undefined;
    navigationWaiting = false;
  }

  function tellNavigation(): void {
    trailing = undefined;
    if (disposed || down || !w || !navigationWaiting) return;
    // Every update of a JWT user must carry a valid token: one past its refresh
    // time is refreshed first, and the new token's delivery tells the navigation too.
    if (refreshIfDue()) return;
    const token = current?.intercom_user_jwt;
    navigationWaiting = false;
    const budget = budgetOf(w);
    if (!hasRoom(budget, now())) return;
    budget.lastNavigation = now();
    update(typeof token === 'string' ? { intercom_user_jwt: token } : undefined);
  }

  // A new token for the same person reaches the Messenger whatever the budget:
  // by an update while the budget has room, else by a boot without a shutdown.
  function deliverToken(settings: ClientSettings): void {
    if (w) w.intercomSettings = settings;
    if (w && hasRoom(budgetOf(w), now())) update({ intercom_user_jwt: settings.intercom_user_jwt });
    else messenger.boot(settings);
    told();
  }

  function apply(settings: ClientSettings): void {
    const key = identityKey(settings);
    if (down || key !== currentKey) {
      // Another person: the last one's session ends before the next one's starts.
      if (!down) messenger.shutdown();
      if (w) w.intercomSettings = settings;
      messenger.boot(settings);
      markPerson(settings.app_id, key === null);
      told();
    } else if (settings.intercom_user_jwt !== current?.intercom_user_jwt) {
      deliverToken(settings);
    }
    down = false;
    current = settings;
    currentKey = key;
    schedule();
  }

  // Timers hardly run in a hidden tab, and not at all in a page kept in the
  // back-forward cache or on a sleeping laptop: when the page is back, a token
  // past its refresh time is refreshed at once.
  function wake(): void {
    if (globalThis.document?.visibilityState !== 'hidden') refreshIfDue();
  }

  // The events on which a page that was hidden, frozen or offline checks its token (timers barely run meanwhile).
  function listeners(method: 'addEventListener' | 'removeEventListener'): void {
    const page = w as Listeners | undefined;
    for (const [target, type] of [
      [globalThis.document as Listeners | undefined, 'visibilitychange'],
      [page, 'pageshow'],
      [page, 'online'],
    ] as const)
      target?.[method]?.(type, wake);
  }

  const sync: IntercomSync = {
    apply,
    navigate() {
      if (disposed || down || !w) return;
      navigationWaiting = true;
      // An update is already waiting: it tells this navigation too.
      if (trailing !== undefined) return;
      // Updates 30 s apart; the first navigation is told at once. A last one later than now (the clock was set back) counts from now.
      const wait = Math.min(budgetOf(w).lastNavigation ?? -Infinity, now()) + 30_000 - now();
      if (wait > 0) trailing = setTimeout(tellNavigation, wait);
      else tellNavigation();
    },
    refresh: () => refresh(false),
    shutdown() {
      const before = current ?? w?.intercomSettings;
      shutdownMessenger(messenger);
      forgetNavigation();
      // Whoever comes next starts from the page's settings; the sync knows them even
      // when the SDK removed window.intercomSettings on its shutdown.
      current = before && startOver(before);
      currentKey = null;
      down = true;
      schedule();
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
      forgetNavigation();
      listeners('removeEventListener');
      if (active === sync) active = null;
    },
  };
  active = sync;
  listeners('addEventListener');
  schedule();
  return sync;
}

/** @deprecated Renamed {@link createIntercomSync}; the old name goes in the next minor version. */
export const createMessengerSync: (options?: IntercomSyncOptions) => IntercomSync = createIntercomSync;
