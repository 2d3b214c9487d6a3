/**
 * How the browser side talks to the Messenger: through `window.Intercom`, or
 * through the client SDK the app already has. Whatever the SDK, the sync keeps
 * the same rules, because every boot, update and shutdown goes through one
 * {@link Messenger}.
 */

/** The settings the Messenger boots with (`window.intercomSettings`). */
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

/** Where and how the Messenger's script is loaded: the backend's `widget_url` and the page's CSP nonce. */
export interface MessengerSource {
  widgetUrl: string;
  nonce?: string;
}

/**
 * The three calls the sync makes, in the words of an SDK. The default sends
 * them to `window.Intercom`; `fromMessengerJsSdk` (here) and `fromReactUseIntercom`
 * (`@intercom-identity/react/react-use-intercom`) send them through those SDKs.
 */
export interface Messenger {
  /**
   * Boots the Messenger with these settings, as they are. The sync calls it for a
   * new person (after `shutdown`), and for the same person with a new token when
   * the update budget has no room: then the Messenger is already booted, and the
   * boot must reach it all the same.
   */
  boot(settings: ClientSettings): void;
  /** `Intercom('update')`, with these changes or none. The sync counts every call against the update budget. */
  update(changes?: Record<string, unknown>): void;
  /** Shuts the Messenger down. It may already be down, or not booted yet (the call is then queued). */
  shutdown(): void;
  /**
   * Loads the Messenger's script, for an SDK that loads it itself; `settings` are
   * those of the boot that follows. Without it, the single-page entry adds the
   * script from the backend's `widget_url`. Called only while `window.Intercom` is
   * not a function.
   */
  load?(settings: ClientSettings, source: MessengerSource): void;
}

interface IntercomWindow {
  Intercom?: IntercomFunction;
  intercomSettings?: ClientSettings;
}

/** The page's window, with the Messenger's globals; undefined on a server. */
export function win(): IntercomWindow | undefined {
  return (globalThis as { window?: IntercomWindow }).window;
}

/** Calls `window.Intercom` when there is one. */
export function callIntercom(command: string, ...args: unknown[]): void {
  const intercom = win()?.Intercom;
  if (typeof intercom === 'function') intercom(command, ...args);
}

/** The default {@link Messenger}: `window.Intercom` itself. */
export const windowMessenger: Messenger = {
  boot: (settings) => callIntercom('boot', settings),
  update: (changes) => (changes === undefined ? callIntercom('update') : callIntercom('update', changes)),
  shutdown: () => callIntercom('shutdown'),
};

/** The id of the script tag {@link loadMessenger} adds. */
export const LOADER_ID = 'intercom-identity-messenger';

/** Whether a URL from the backend may be used as the Messenger's script or API base: http(s) only. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Loads the Messenger from `widgetUrl`, as the boot script of a server-rendered
 * page does: a queueing `window.Intercom` right away, so calls made before the
 * Messenger arrives are kept (it reads them from `Intercom.q`), and one script
 * tag. Nothing happens while `window.Intercom` is already a function. A tag left
 * by an earlier load (the app removed `window.Intercom`, as react-use-intercom's
 * `hardShutdown()` does) is replaced, so the Messenger runs again.
 */
export function loadMessenger(source: MessengerSource): void {
  const w = win();
  if (w === undefined || typeof document === 'undefined' || typeof w.Intercom === 'function') return;
  if (!isHttpUrl(source.widgetUrl)) return;
  const calls: unknown[][] = [];
  const queue = Object.assign((...args: unknown[]) => void calls.push(args), { q: calls });
  w.Intercom = queue;
  document.getElementById(LOADER_ID)?.remove();
  const tag = document.createElement('script');
  tag.id = LOADER_ID;
  tag.async = true;
  tag.src = source.widgetUrl;
  if (source.nonce !== undefined && source.nonce !== '') tag.nonce = source.nonce;
  (document.head ?? document.documentElement).appendChild(tag);
}
