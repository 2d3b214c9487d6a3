// The browser-side controls behind useIntercom(), free of Nuxt imports so they can be tested on their own.
import { type ClientSettings, type MessengerSync, shutdownIntercom } from '@intercom-identity/core/client';

/** What {@link useIntercom} returns. Every method does nothing on the server. */
export interface IntercomControls {
  /** Shuts the Messenger down: call it on logout, before the session ends. */
  shutdown(): void;
  /** Sends `Intercom('update')` (with the current token in JWT mode); the module does it after each navigation. */
  update(): void;
  /**
   * Applies settings signed on the server for the current session: another
   * person than before means a shutdown and a new boot as them.
   */
  apply(settings: ClientSettings): void;
  /**
   * After a sign-in or sign-out without a page load: asks the endpoint who is
   * signed in now and boots the Messenger as them (or as a visitor). Profile
   * fields such as the name follow with the next page load.
   */
  refresh(): Promise<void>;
}

interface Proof {
  type?: string;
  user_id?: string;
  email?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
}

/** The controls for one page: the module's sync when it runs, and the endpoint it mounted (or false). */
export function createControls(
  sync: MessengerSync | undefined,
  route: string | false | undefined,
  fetcher: typeof fetch = (...args) => fetch(...args),
): IntercomControls {
  return {
    shutdown() {
      if (sync) sync.shutdown();
      else shutdownIntercom();
    },
    update() {
      sync?.navigate();
    },
    apply(settings) {
      sync?.apply(settings);
    },
    async refresh() {
      const current =
        typeof window === 'undefined' ? undefined : (window as { intercomSettings?: ClientSettings }).intercomSettings;
      if (!sync || !route || current === undefined) return;
      const base: ClientSettings = { app_id: current.app_id };
      if (current.api_base !== undefined) base.api_base = current.api_base;
      const response = await fetcher(`${route}${route.includes('?') ? '&' : '?'}platform=web`, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { accept: 'application/json' },
      });
      if (response.status === 401) {
        sync.apply(base);
        return;
      }
      // Any other failure leaves the Messenger as it is; the endpoint's body says why.
      if (!response.ok) return;
      const proof = (await response.json()) as Proof;
      if (proof.type === 'jwt' && typeof proof.intercom_user_jwt === 'string') {
        sync.apply({ ...base, intercom_user_jwt: proof.intercom_user_jwt });
      } else if (proof.type === 'user_hash' && typeof proof.user_hash === 'string') {
        const settings: ClientSettings = { ...base, user_hash: proof.user_hash };
        if (typeof proof.user_id === 'string') settings.user_id = proof.user_id;
        if (typeof proof.email === 'string') settings.email = proof.email;
        sync.apply(settings);
      }
    },
  };
}
