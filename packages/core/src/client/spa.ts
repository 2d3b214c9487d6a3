/**
 * The single-page entry: a page that the server did not render asks the backend
 * for the proof, loads the Messenger, boots it through the app's SDK and keeps
 * it in step. The app id, the region's API base and the Messenger's script all
 * come from the backend's answer, so one build of the app serves any workspace.
 */
import { IntercomIdentityError } from '../errors.js';
import { identityKey, personStorageKey, readJwtClaims } from '../person.js';
import {
  clearIntercomStorage,
  dropWaitingCalls,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  openConsentGate,
} from './consent.js';
import { type ClientSettings, loadMessenger, type Messenger, type MessengerSource, win, windowMessenger } from './messenger.js';
import { type IntercomWorkspace, type ProofBody, problemOf, proofRequest, settingsOfProof, workspaceOf } from './proof.js';
import { type IntercomSync, startSync } from './sync.js';

/** Options of {@link connectIntercom}. */
export interface ConnectIntercomOptions {
  /**
   * The proof endpoint. Default `/api/intercom-identity` on this origin. A backend
   * on another origin is a full URL (`https://api.example.com/api/intercom-identity`):
   * it is asked with `credentials: 'include'`, and must list this page's origin in
   * `INTERCOM_IDENTITY_ALLOWED_ORIGINS`.
   */
  endpoint?: string;
  /** The SDK to boot through: `fromMessengerJsSdk(sdk)`, or react-use-intercom's (see `@intercom-identity/react`). Default: `window.Intercom`. */
  messenger?: Messenger;
  /** The page's CSP nonce, for the Messenger's script tag. */
  nonce?: string;
  /**
   * Messenger settings of the page that every boot carries, whoever is signed in
   * (`{ hide_default_launcher: true, alignment: 'left' }`). The identity, the proof,
   * `app_id` and `api_base` come from the backend and are refused here.
   */
  settings?: Record<string, unknown>;
  /** Refresh a JWT this many seconds before it expires. Default 60, and at most a fifth of its lifetime. */
  refreshBeforeSeconds?: number;
  /**
   * Whether the Messenger waits for the visitor's consent. Default: what the
   * backend's answer says (`consent: 'required'` when it runs with
   * `INTERCOM_CONSENT=required`), else `none`. With `required` the proof is
   * fetched from the backend (the app's own server, not Intercom), but nothing
   * of Intercom is loaded and no cookie is set until `grantIntercomConsent()`;
   * `withdrawIntercomConsent()` shuts the Messenger down and removes its cookies.
   * Set it to override the backend, `none` included.
   */
  consent?: 'none' | 'required';
  /** For tests: the fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** For tests: the clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * Where the Messenger is: `loading` until the backend answers; `booted` for the
 * signed-in user or a visitor; `shutdown` after {@link IntercomConnection.logout};
 * `awaiting-consent` while consent is required and not granted (not yet, or
 * withdrawn), so nothing of Intercom is loaded; `unavailable` when the backend
 * named no workspace (the endpoint could not be reached, refused this origin, or
 * answered an error), so nothing was booted.
 */
export type IntercomIdentityStatus = 'loading' | 'booted' | 'shutdown' | 'awaiting-consent' | 'unavailable';

/** Who the Messenger is booted for, as the proof names them. */
export interface IntercomIdentityUser {
  userId?: string;
  email?: string;
}

/** What {@link IntercomConnection.getState} gives: a new object on every change. */
export interface IntercomIdentityState {
  readonly status: IntercomIdentityStatus;
  /** The workspace the backend serves, once it answered. */
  readonly workspace: IntercomWorkspace | null;
  /** The signed-in user the Messenger is booted for; null for a visitor, before the boot and after logout. */
  readonly user: IntercomIdentityUser | null;
  /** How that user is proven: `jwt` or `user_hash`; null without a user. */
  readonly proof: 'jwt' | 'user_hash' | null;
  /**
   * Why there is no proof when one was asked for: the endpoint's error code
   * (`ORIGIN_NOT_ALLOWED`, `JWT_USER_ID_REQUIRED`, ...), `FETCH_FAILED` (offline,
   * or a cross-origin answer the browser withheld) or `ANSWER_INVALID`; null
   * otherwise (a visitor is not a problem).
   */
  readonly problem: string | null;
}

/** What {@link connectIntercom} returns. */
export interface IntercomConnection {
  /** Settles once the backend's first answer is applied (it never rejects: see {@link IntercomIdentityState.status}). */
  readonly ready: Promise<IntercomIdentityState>;
  /** The current state; the same object until something changes. */
  getState(): IntercomIdentityState;
  /** Calls `listener` with each new state; returns the function that stops it. */
  subscribe(listener: (state: IntercomIdentityState) => void): () => void;
  /**
   * Asks the backend who is signed in now and boots the Messenger as them (a
   * shutdown first when the person changed), or as a visitor: after a sign-in
   * or sign-out without a page load, and after {@link IntercomConnection.logout}.
   */
  refresh(): Promise<void>;
  /** After a client-side navigation: the Messenger looks for new messages (updates within the budget). */
  navigate(): void;
  /**
   * Shuts the Messenger down and forgets the user in this browser: call it in
   * the log out control, then end the session on the server.
   */
  logout(): void;
  /** Stops the token refresh and the listeners; the Messenger stays as it is. */
  dispose(): void;
}

const DEFAULT_ENDPOINT = '/api/intercom-identity';
// The backend's to set: the app's settings may not name them.
const SERVER_KEYS = new Set(['app_id', 'api_base', 'user_id', 'email', 'user_hash', 'intercom_user_jwt']);

// Pure: an app that does not use connectIntercom does not get it in its bundle.
const LOADING: IntercomIdentityState = /* @__PURE__ */ Object.freeze({
  status: 'loading',
  workspace: null,
  user: null,
  proof: null,
  problem: null,
});

function who(settings: ClientSettings): Pick<IntercomIdentityState, 'user' | 'proof'> {
  const user: IntercomIdentityUser = {};
  const claims = readJwtClaims(settings.intercom_user_jwt);
  const userId = settings.user_id ?? claims?.user_id;
  const email = settings.email ?? claims?.email;
  if (typeof userId === 'string' || typeof userId === 'number') user.userId = String(userId);
  if (typeof email === 'string') user.email = email;
  if (typeof settings.intercom_user_jwt === 'string' && claims !== null) return { user, proof: 'jwt' };
  if (typeof settings.user_hash === 'string') return { user, proof: 'user_hash' };
  return { user: null, proof: null };
}

/**
 * Whether a visitor's boot must shut the last session down first: the browser
 * showed the Messenger to a signed-in person last (a marker that is not
 * "visitor"), or cannot tell and holds a Messenger session cookie. The rule of
 * the server-rendered boot script, so that a visitor never continues the last
 * person's conversation.
 */
function lastSessionMayBeSomeoneElse(appId: string): boolean {
  let last: string | null = null;
  try {
    last = globalThis.localStorage?.getItem(personStorageKey(appId)) ?? null;
  } catch {
    last = null;
  }
  if (last !== null) return last !== 'visitor';
  try {
    return `; ${document.cookie}`.includes(`; intercom-session-${appId}=`);
  } catch {
    return false;
  }
}

function checkOptions(options: ConnectIntercomOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new IntercomIdentityError('HANDLER_OPTIONS_INVALID', 'connectIntercom takes an options object, such as { endpoint }.');
  const { endpoint, messenger, settings, nonce, consent } = options;
  if (consent !== undefined && consent !== 'none' && consent !== 'required')
    throw new IntercomIdentityError('CONSENT_UNKNOWN', "consent must be 'none' or 'required'.");
  if (endpoint !== undefined && (typeof endpoint !== 'string' || endpoint === ''))
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      `endpoint must be the URL of the proof endpoint, such as "${DEFAULT_ENDPOINT}".`,
    );
  if (
    messenger !== undefined &&
    (typeof messenger !== 'object' ||
      messenger === null ||
      typeof messenger.boot !== 'function' ||
      typeof messenger.update !== 'function' ||
      typeof messenger.shutdown !== 'function')
  )
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'messenger must have boot, update and shutdown functions, such as fromMessengerJsSdk(sdk) returns.',
    );
  if (nonce !== undefined && typeof nonce !== 'string')
    throw new IntercomIdentityError('NONCE_INVALID', 'nonce must be the CSP nonce of the page, a string.');
  if (settings === undefined) return;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new IntercomIdentityError('SETTINGS_INVALID', 'settings must be an object of Messenger settings.');
  for (const key of Object.keys(settings))
    if (SERVER_KEYS.has(key.trim().toLowerCase()))
      throw new IntercomIdentityError(
        'ATTRIBUTE_RESERVED',
        `The setting "${key}" comes from the server's proof endpoint; remove it from settings.`,
      );
}

/**
 * Boots the Messenger of a single-page app with the proof from its backend, and
 * keeps it in step. It asks the proof endpoint (`?platform=web`) who is signed
 * in; the answer names the workspace (`app_id`, `api_base`, `widget_url`) and,
 * for a signed-in user, their `intercom_user_jwt` or `user_hash`. It loads the
 * Messenger from `widget_url` (or lets the SDK load it), boots it through the
 * SDK, then follows the browser sync's rules: a change of person is a shutdown,
 * then a boot; a JWT is refreshed before it expires (an update within the
 * budget, else a boot without shutdown); navigations share updates within the
 * budget; {@link IntercomConnection.logout} shuts down.
 *
 * Nothing here holds a secret: the proof is made on the server, for the user of
 * the session only. A visitor boots without a proof, after a shutdown when the
 * browser may still hold the last person's Messenger session.
 *
 * Consent: when the backend requires it (its answer says `consent: 'required'`,
 * or the `consent` option does), nothing is loaded or booted until
 * `intercomConsent()` is `granted`; the page's gate is `pending` from the answer
 * on, so a consent banner can show (`onIntercomConsent`). The grant asks the
 * backend again and boots; a withdrawal shuts the Messenger down through the
 * SDK, removes the `intercom-*` cookies and the marker, and stops the token
 * refresh until the next grant. The backend's `load: 'interaction'` is not
 * followed here: the Messenger loads when consent allows, because the app's SDK
 * owns the launcher and its methods (`show`, `onUnreadCountChange`, ...) expect
 * a booted Messenger. To load it on demand, call `connectIntercom` (or mount the
 * provider) on the visitor's first interaction.
 *
 * @example
 * ```ts
 * import { connectIntercom } from '@intercom-identity/core/client';
 * const intercom = connectIntercom();                     // same origin: /api/intercom-identity
 * router.afterEach(() => intercom.navigate());
 * logoutButton.onclick = () => { intercom.logout(); location.assign('/logout'); };
 * ```
 */
export function connectIntercom(options: ConnectIntercomOptions = {}): IntercomConnection {
  checkOptions(options);
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const inner = options.messenger ?? windowMessenger;
  const pageSettings = { ...options.settings };
  const listeners = new Set<(state: IntercomIdentityState) => void>();
  let state = LOADING;
  let workspace: IntercomWorkspace | null = null;
  let sync: IntercomSync | null = null;
  let connecting: Promise<void> | null = null;
  let loggedOut = false;
  let disposed = false;
  let stopConsent: (() => void) | null = null;

  function set(patch: Partial<IntercomIdentityState>): void {
    state = Object.freeze({ ...state, ...patch });
    for (const listener of [...listeners]) listener(state);
  }

  // The Messenger's script, before the first boot and again when the app removed
  // window.Intercom (react-use-intercom's hardShutdown); the SDK's own loader when it has one.
  function ensureLoaded(settings: ClientSettings): void {
    const w = win();
    if (w === undefined || workspace === null || typeof w.Intercom === 'function') return;
    const source: MessengerSource = { widgetUrl: workspace.widgetUrl };
    if (options.nonce !== undefined && options.nonce !== '') source.nonce = options.nonce;
    if (inner.load !== undefined) inner.load(settings, source);
    else loadMessenger(source);
  }

  // The sync's Messenger: the app's SDK, and the state the app renders from.
  const messenger: Messenger = {
    boot(settings) {
      ensureLoaded(settings);
      inner.boot(settings);
      set({ status: 'booted', ...who(settings) });
    },
    update: (changes) => inner.update(changes),
    shutdown() {
      inner.shutdown();
      set({ status: 'shutdown', user: null, proof: null });
    },
  };

  // The consent gate, once an answer said it is required: a grant boots, a withdrawal shuts down.
  function watchConsent(): void {
    stopConsent ??= onIntercomConsent((consent: IntercomConsentState) => {
      if (disposed) return;
      if (consent === 'withdrawn') withdraw();
      // An answer on its way may have looked at the gate before this grant: ask again once it is applied.
      else if (consent === 'granted') void (connecting ?? Promise.resolve()).then(bootIfGranted);
    });
  }

  function bootIfGranted(): void {
    if (!disposed && state.status === 'awaiting-consent' && intercomConsent() === 'granted') void connectOnce();
  }

  function withdraw(): void {
    if (sync !== null) {
      sync.shutdown();
      sync.dispose();
      sync = null;
    }
    dropWaitingCalls();
    clearIntercomStorage(workspace?.appId);
    if (workspace !== null && !loggedOut) set({ status: 'awaiting-consent', user: null, proof: null });
  }

  async function connect(): Promise<void> {
    const request = proofRequest(endpoint);
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(request.url, request.init);
    } catch {
      if (!disposed) set({ status: 'unavailable', problem: 'FETCH_FAILED' });
      return;
    }
    let body: ProofBody;
    try {
      body = ((await response.json()) ?? {}) as ProofBody;
    } catch {
      body = {};
    }
    if (disposed) return;
    const found = typeof body === 'object' ? workspaceOf(body) : null;
    if (found === null) {
      set({ status: 'unavailable', problem: problemOf(body) ?? (response.ok ? 'ANSWER_INVALID' : `HTTP_${response.status}`) });
      return;
    }
    workspace = found;
    const base: ClientSettings = { app_id: found.appId, api_base: found.apiBase, ...pageSettings };
    const signed = response.ok ? settingsOfProof(base, body) : null;
    // No session is a visitor; an answer without a proof (a broken setup) boots a visitor too, as a server-rendered page does.
    const problem = signed !== null || response.status === 401 ? null : (problemOf(body) ?? 'ANSWER_INVALID');
    const settings = signed ?? base;
    set({ workspace: found, problem });
    const consent = options.consent ?? ((body as { consent?: unknown }).consent === 'required' ? 'required' : 'none');
    if (consent === 'required') watchConsent();
    if (loggedOut) {
      set({ status: 'shutdown' });
      return;
    }
    if (consent === 'required' && openConsentGate() !== 'granted') {
      set({ status: 'awaiting-consent', user: null, proof: null });
      return;
    }
    // The sync takes refreshBeforeSeconds, fetch and now from the options as they are, and ignores the rest.
    const started = startSync({ ...options, refreshUrl: endpoint, messenger }, { booted: false, pageSettings });
    sync = started;
    if (identityKey(settings) === null && lastSessionMayBeSomeoneElse(found.appId)) {
      ensureLoaded(settings);
      inner.shutdown();
    }
    started.apply(settings);
  }

  function connectOnce(): Promise<void> {
    connecting ??= connect().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  const ready = connectOnce().then(() => state);

  return {
    ready,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async refresh() {
      if (disposed) return;
      loggedOut = false;
      if (sync !== null) return sync.refresh();
      // The first answer is still coming (it is fresh), or it named no workspace, or came after a logout: ask.
      return connecting ?? connectOnce();
    },
    navigate() {
      sync?.navigate();
    },
    logout() {
      if (sync !== null) return sync.shutdown();
      // Nothing is booted yet: the answer that comes boots nobody.
      loggedOut = true;
      if (state.status !== 'loading') set({ status: 'shutdown', user: null, proof: null });
    },
    dispose() {
      disposed = true;
      sync?.dispose();
      stopConsent?.();
      listeners.clear();
    },
  };
}
