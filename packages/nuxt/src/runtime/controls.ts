// The browser-side controls behind useIntercomSync(), free of Nuxt imports so they can be tested on their own.
import { type ClientSettings, type IntercomSync, shutdownIntercom } from '@intercom-identity/core/client';

/** What {@link useIntercomSync} returns. Every method does nothing on the server. */
export interface IntercomControls {
  /** Shuts the Messenger down: call it on logout, before the session ends. */
  shutdown(): void;
  /**
   * Tells the Messenger about a navigation with `Intercom('update')` (with the
   * current token in JWT mode); the module does it after each navigation. Calls
   * in quick succession share one update per 30 seconds, within Intercom's
   * budget of 20 per 30 minutes.
   */
  update(): void;
  /**
   * Applies settings signed on the server for the current session: another
   * person than before means a shutdown and a new boot as them.
   */
  apply(settings: ClientSettings): void;
  /**
   * After a sign-in or sign-out without a page load: asks the proof endpoint
   * who is signed in now and boots the Messenger as them (or as a visitor).
   * Profile fields such as the name follow with the next page load.
   */
  refresh(): Promise<void>;
}

/** The controls for one page: the module's sync when it runs (in the browser), nothing on the server. */
export function createControls(sync: IntercomSync | undefined): IntercomControls {
  return {
    shutdown: () => (sync ? sync.shutdown() : shutdownIntercom()),
    update: () => sync?.navigate(),
    apply: (settings) => sync?.apply(settings),
    refresh: async () => sync?.refresh(),
  };
}
