/**
 * @intercom-identity/core/client: keeps the Messenger in step with a single-page
 * app in the browser. It holds no secret and signs nothing: new proofs come from
 * the server (the page, or the app's `/api/intercom-identity` endpoint).
 *
 * Every framework adapter's client helper is a thin wrapper around this module.
 *
 * @packageDocumentation
 */

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

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of an `intercom_user_jwt`, read without verifying (the browser has
 * no secret; the Messenger verifies). Null when the token is not a JWT.
 *
 * @example
 * ```ts
 * import { readJwtClaims } from '@intercom-identity/core/client';
 * const exp = readJwtClaims(window.intercomSettings?.intercom_user_jwt)?.exp;
 * ```
 */
export function readJwtClaims(token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  return parts.length === 3 ? decodeSegment(parts[1] as string) : null;
}

/**
 * Who the settings identify: `user_id`, else `email`, else the JWT's `user_id`;
 * null for a visitor. Two settings with different keys belong to different people.
 *
 * @example
 * ```ts
 * import { identityKey } from '@intercom-identity/core/client';
 * identityKey({ app_id: 'abc', email: 'bob@example.com', user_hash: '...' }); // 'email:bob@example.com'
 * ```
 */
export function identityKey(settings: ClientSettings | null | undefined): string | null {
  if (!settings) return null;
  if (typeof settings.user_id === 'string') return `user_id:${settings.user_id}`;
  const jwtUser = readJwtClaims(settings.intercom_user_jwt)?.user_id;
  if (typeof jwtUser === 'string') return `user_id:${jwtUser}`;
  if (typeof settings.email === 'string') return `email:${settings.email}`;
  return null;
}

function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * A short marker of who the settings identify, `'visitor'` for nobody. The boot
 * script keeps the last one in `localStorage` to notice that another person uses
 * this browser, without storing the identifier itself.
 *
 * @example
 * ```ts
 * import { personMarker } from '@intercom-identity/core/client';
 * personMarker({ app_id: 'abc' }); // 'visitor'
 * ```
 */
export function personMarker(settings: ClientSettings | null | undefined): string {
  const key = identityKey(settings);
  return key === null ? 'visitor' : fnv1a(key, 0x811c9dc5) + fnv1a(key, 0x050c5d1f);
}

/** The localStorage key under which the boot script keeps the last person's marker. */
export function personStorageKey(appId: string): string {
  return `intercom-identity:last-person:${appId}`;
}

function rememberPerson(settings: ClientSettings): void {
  try {
    globalThis.localStorage?.setItem(personStorageKey(settings.app_id), personMarker(settings));
  } catch {
    // Storage may be disabled; the boot script then cannot notice a change of person.
  }
}

/**
 * Shuts the Messenger down and forgets the user in this browser: call it when the
 * user logs out, before the next person can use the page. The Messenger clears
 * its session cookie, so the next visitor does not see this user's conversations.
 *
 * @example
 * ```ts
 * import { shutdownIntercom } from '@intercom-identity/core/client';
 * logoutButton.addEventListener('click', () => shutdownIntercom());
 * ```
 */
export function shutdownIntercom(): void {
  call('shutdown');
  const w = win();
  if (w?.intercomSettings) {
    const { app_id, api_base } = w.intercomSettings;
    w.intercomSettings = api_base === undefined ? { app_id } : { app_id, api_base };
  }
}

/** Options of {@link createMessengerSync}. */
export interface MessengerSyncOptions {
  /** The endpoint that returns a fresh proof for the session (JWT mode). Default `/api/intercom-identity`. */
  refreshUrl?: string;
  /** Refresh this many seconds before the token expires. Default 60 (never less than 10% of the lifetime). */
  refreshBeforeSeconds?: number;
  /** For tests: the fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** For tests: the clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** What {@link createMessengerSync} returns. */
export interface MessengerSync {
  /**
   * Applies the settings the server rendered for the current request. A different
   * person than before: shutdown, then boot as them (or as a visitor). The same
   * person with a new token: update with it.
   */
  apply(settings: ClientSettings): void;
  /** Tells the Messenger about a client-side navigation (`Intercom('update')`, with the current token in JWT mode). */
  navigate(): void;
  /** Shuts the Messenger down (logout). */
  shutdown(): void;
  /** Stops the refresh timer. */
  dispose(): void;
}

const DEFAULT_REFRESH_URL = '/api/intercom-identity';

/**
 * Keeps the Messenger in step with a single-page app: an update on every
 * client-side navigation, a shutdown and a fresh boot when the signed-in person
 * changes, and, in JWT mode, a new token from the server before the current one
 * expires.
 *
 * @example
 * ```ts
 * import { createMessengerSync } from '@intercom-identity/core/client';
 * const sync = createMessengerSync();
 * sync.apply(window.intercomSettings!);   // after each server render
 * router.afterEach(() => sync.navigate()); // after each client navigation
 * ```
 */
export function createMessengerSync(options: MessengerSyncOptions = {}): MessengerSync {
  const refreshUrl = options.refreshUrl ?? DEFAULT_REFRESH_URL;
  const now = options.now ?? (() => Date.now());
  let current: ClientSettings | undefined = win()?.intercomSettings;
  let currentKey = identityKey(current);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const exp = readJwtClaims(current?.intercom_user_jwt)?.exp;
    const iat = readJwtClaims(current?.intercom_user_jwt)?.iat;
    if (disposed || typeof exp !== 'number') return;
    const lifetime = typeof iat === 'number' ? exp - iat : 3600;
    // Short-lived tokens are refreshed when a fifth of their life is left.
    const margin = Math.min(options.refreshBeforeSeconds ?? 60, lifetime / 5);
    const delay = Math.max(0, (exp - margin) * 1000 - now());
    timer = setTimeout(() => void refresh(), Math.min(delay, 2_147_483_647));
  }

  async function refresh(): Promise<void> {
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
      // Offline for a moment: try again shortly, while the token may still be valid.
      if (!disposed) timer = setTimeout(() => void refresh(), 10_000);
      return;
    }
    if (disposed || currentKey !== keyAtStart || current === undefined) return;
    if (response.status === 401) {
      // The session ended in another tab or expired: nobody is signed in any more.
      apply({ app_id: current.app_id, ...(current.api_base ? { api_base: current.api_base } : {}) });
      return;
    }
    if (!response.ok) return;
    const body = (await response.json()) as { type?: string; intercom_user_jwt?: string };
    if (body.type !== 'jwt' || typeof body.intercom_user_jwt !== 'string') return;
    const next = { ...current, intercom_user_jwt: body.intercom_user_jwt };
    if (identityKey(next) !== currentKey) {
      apply(next);
      return;
    }
    current = next;
    const w = win();
    if (w) w.intercomSettings = next;
    call('update', { intercom_user_jwt: body.intercom_user_jwt });
    schedule();
  }

  function apply(settings: ClientSettings): void {
    const key = identityKey(settings);
    const w = win();
    if (key !== currentKey) {
      call('shutdown');
      if (w) w.intercomSettings = settings;
      call('boot', settings);
      rememberPerson(settings);
    } else if (settings.intercom_user_jwt !== current?.intercom_user_jwt) {
      if (w) w.intercomSettings = settings;
      call('update', { intercom_user_jwt: settings.intercom_user_jwt });
    }
    current = settings;
    currentKey = key;
    schedule();
  }

  schedule();
  return {
    apply,
    navigate() {
      // Every update of a JWT user must carry a valid token, or the Messenger refuses it.
      const token = current?.intercom_user_jwt;
      if (typeof token === 'string') call('update', { intercom_user_jwt: token });
      else call('update');
    },
    shutdown() {
      shutdownIntercom();
      current = win()?.intercomSettings;
      currentKey = null;
      schedule();
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
