/**
 * @intercom-identity/core/client: keeps the Messenger in step with a single-page
 * app in the browser. It holds no secret and signs nothing: new proofs come from
 * the server (the page, or the app's `/api/intercom-identity` endpoint).
 *
 * Every framework adapter's client helper is a thin wrapper around this module.
 *
 * @packageDocumentation
 */

import { identityKey, personStorageKey, readJwtClaims } from '../person.js';

export { identityKey, personStorageKey, readJwtClaims };

/** What the server rendered into `window.intercomSettings`. */
export interface ClientSettings {
  app_id: string;
  user_id?: string;
  email?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
  [setting: string]: unknown;
}

/** The global `Intercom(command, ...args)` function. */
export type IntercomFunction = (command: string, ...args: unknown[]) => unknown;

interface IntercomWindow {
  Intercom?: IntercomFunction;
  intercomSettings?: ClientSettings;
}

function win(): IntercomWindow | undefined {
  return typeof window === 'undefined' ? undefined : (window as unknown as IntercomWindow);
}

function call(command: string, ...args: unknown[]): void {
  const intercom = win()?.Intercom;
  if (typeof intercom === 'function') intercom(command, ...args);
}

// The person marker is keyed with the secret, so only the server can write it.
// When the person changes in the browser, or the Messenger shuts down, the last
// one is removed: the next page load then cannot tell who was here and, while a
// Messenger session cookie is present, shuts that session down (fail closed).
function forgetPerson(appId: string | undefined): void {
  if (typeof appId !== 'string') return;
  try {
    globalThis.localStorage?.removeItem(personStorageKey(appId));
  } catch {
    // Storage may be disabled; the boot script then fails closed by itself.
  }
}

// The sync that is running on this page (the last one created and not yet
// disposed), so that a logout control can stop its token refresh along with
// the Messenger, whichever adapter created it.
let active: IntercomSync | null = null;

function visitorOf(settings: ClientSettings): ClientSettings {
  const { app_id, api_base } = settings;
  return api_base === undefined ? { app_id } : { app_id, api_base };
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
  if (active !== null) {
    active.shutdown();
    return;
  }
  shutdownMessenger();
}

function shutdownMessenger(): void {
  call('shutdown');
  const w = win();
  forgetPerson(w?.intercomSettings?.app_id);
  if (w?.intercomSettings) w.intercomSettings = visitorOf(w.intercomSettings);
}

/** Options of {@link createIntercomSync}. */
export interface IntercomSyncOptions {
  /** The proof endpoint: fresh JWTs and the proof after a sign-in come from there. Default `/api/intercom-identity`. */
  refreshUrl?: string;
  /** Refresh this many seconds before the token expires. Default 60 (never less than 10% of the lifetime). */
  refreshBeforeSeconds?: number;
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
   * person with a new token: update with it. The same settings again: nothing.
   */
  apply(settings: ClientSettings): void;
  /** Tells the Messenger about a client-side navigation (`Intercom('update')`, with the current token in JWT mode). */
  navigate(): void;
  /**
   * Asks the proof endpoint who is signed in now and boots the Messenger as them
   * (or as a visitor when nobody is): after a sign-in or sign-out without a page
   * load. The same person keeps their profile settings and gets the new token.
   */
  refresh(): Promise<void>;
  /** Shuts the Messenger down (logout). */
  shutdown(): void;
  /** Stops the refresh timer. */
  dispose(): void;
}

/** @deprecated Renamed {@link IntercomSyncOptions}; the old name goes in the next minor version. */
export type MessengerSyncOptions = IntercomSyncOptions;
/** @deprecated Renamed {@link IntercomSync}; the old name goes in the next minor version. */
export type MessengerSync = IntercomSync;

const DEFAULT_REFRESH_URL = '/api/intercom-identity';

interface ProofBody {
  type?: unknown;
  user_id?: unknown;
  email?: unknown;
  user_hash?: unknown;
  intercom_user_jwt?: unknown;
}

/** The settings a proof from the endpoint stands for, on top of the app's base settings; null when it is not a proof. */
function settingsOfProof(base: ClientSettings, proof: ProofBody): ClientSettings | null {
  if (proof.type === 'jwt' && typeof proof.intercom_user_jwt === 'string')
    return { ...base, intercom_user_jwt: proof.intercom_user_jwt };
  if (proof.type !== 'user_hash' || typeof proof.user_hash !== 'string') return null;
  const settings: ClientSettings = { ...base, user_hash: proof.user_hash };
  if (typeof proof.user_id === 'string') settings.user_id = proof.user_id;
  if (typeof proof.email === 'string') settings.email = proof.email;
  return settings;
}

/**
 * Keeps the Messenger in step with a single-page app: an update on every
 * client-side navigation, a shutdown and a fresh boot when the signed-in person
 * changes, and, in JWT mode, a new token from the server before the current one
 * expires. Every adapter's browser side is this, wired to its router.
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
  const refreshUrl = options.refreshUrl ?? DEFAULT_REFRESH_URL;
  const now = options.now ?? (() => Date.now());
  let current: ClientSettings | undefined = win()?.intercomSettings;
  let currentKey = identityKey(current);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const claims = readJwtClaims(current?.intercom_user_jwt);
    const exp = claims?.exp;
    const iat = claims?.iat;
    if (disposed || typeof exp !== 'number') return;
    const lifetime = typeof iat === 'number' ? exp - iat : 3600;
    // Short-lived tokens are refreshed when a fifth of their life is left.
    const margin = Math.min(options.refreshBeforeSeconds ?? 60, lifetime / 5);
    const delay = Math.max(0, (exp - margin) * 1000 - now());
    timer = setTimeout(() => void refresh(true), Math.min(delay, 2_147_483_647));
  }

  // `retry`: a timed token refresh tries again shortly when the network is gone for a moment.
  async function refresh(retry = false): Promise<void> {
    const keyAtStart = currentKey;
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(`${refreshUrl}${refreshUrl.includes('?') ? '&' : '?'}platform=web`, {
        method: 'GET',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { accept: 'application/json' },
      });
    } catch {
      if (retry && !disposed) timer = setTimeout(() => void refresh(true), 10_000);
      return;
    }
    // Another apply (a new server render) came first: its settings are newer than this answer.
    if (disposed || currentKey !== keyAtStart || current === undefined) return;
    const base = visitorOf(current);
    // The session ended in another tab or expired: nobody is signed in any more.
    if (response.status === 401) return apply(base);
    // Any other failure leaves the Messenger as it is; the endpoint's body says why.
    if (!response.ok) return;
    let next: ClientSettings | null;
    try {
      next = settingsOfProof(base, (await response.json()) as ProofBody);
    } catch {
      next = null;
    }
    if (next === null) return;
    if (identityKey(next) !== currentKey) return apply(next);
    // The same person: keep the profile settings the page rendered, take the new token.
    if (next.intercom_user_jwt !== undefined) apply({ ...current, intercom_user_jwt: next.intercom_user_jwt });
  }

  function apply(settings: ClientSettings): void {
    const key = identityKey(settings);
    const w = win();
    if (key !== currentKey) {
      call('shutdown');
      if (w) w.intercomSettings = settings;
      call('boot', settings);
      forgetPerson(settings.app_id);
    } else if (settings.intercom_user_jwt !== current?.intercom_user_jwt) {
      if (w) w.intercomSettings = settings;
      call('update', { intercom_user_jwt: settings.intercom_user_jwt });
    }
    current = settings;
    currentKey = key;
    schedule();
  }

  const sync: IntercomSync = {
    apply,
    navigate() {
      // Every update of a JWT user must carry a valid token, or the Messenger refuses it.
      const token = current?.intercom_user_jwt;
      if (typeof token === 'string') call('update', { intercom_user_jwt: token });
      else call('update');
    },
    refresh: () => refresh(false),
    shutdown() {
      shutdownMessenger();
      current = win()?.intercomSettings;
      currentKey = null;
      schedule();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      if (active === sync) active = null;
    },
  };
  active = sync;
  schedule();
  return sync;
}

/** @deprecated Renamed {@link createIntercomSync}; the old name goes in the next minor version. */
export const createMessengerSync: (options?: IntercomSyncOptions) => IntercomSync = createIntercomSync;
