import {
  type ClientSettings,
  createMessengerSync,
  type MessengerSync,
  shutdownIntercom as shutdownMessenger,
} from '@intercom-identity/core/client';

// The sync of the mounted <IntercomSync />, so that a logout button can stop
// its token refresh along with the Messenger.
let active: MessengerSync | null = null;

/**
 * Shuts the Messenger down and forgets the signed-in user in this browser. Call
 * it in your logout button before the session ends, so the next person on this
 * browser does not see this user's conversations.
 *
 * @example
 * ```ts
 * import { shutdownIntercom } from '@intercom-identity/sveltekit/client';
 * function logout() {
 *   shutdownIntercom();
 *   window.location.assign('/logout');
 * }
 * ```
 */
export function shutdownIntercom(): void {
  if (active !== null) active.shutdown();
  else shutdownMessenger();
}

/** Options of {@link startIntercomSync}. */
export interface IntercomSyncOptions {
  /** Where `intercomEndpoint()` is mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string;
}

/** What {@link startIntercomSync} returns. */
export interface IntercomSync {
  /** After a SvelteKit navigation (`afterNavigate`'s `navigation.type`): an update, except for the first page load. */
  navigated(type: string): void;
  /** The settings the server made for this request (`intercomSettings(event)`): boots another person when the user changed. */
  apply(settings: ClientSettings | null | undefined): void;
  /** Stops the token refresh. */
  dispose(): void;
}

/**
 * The browser side, as `<IntercomSync />` uses it: `Intercom('update')` after
 * each client-side navigation, a shutdown and a new boot when the settings
 * after `refreshAll()` name another person, and in JWT mode a fresh token
 * before the current one expires. A thin layer over `@intercom-identity/core/client`.
 *
 * @example
 * ```ts
 * import { afterNavigate } from '$app/navigation';
 * import { startIntercomSync } from '@intercom-identity/sveltekit/client';
 * const sync = startIntercomSync();
 * afterNavigate((navigation) => sync.navigated(navigation.type));
 * ```
 */
export function startIntercomSync(options: IntercomSyncOptions = {}): IntercomSync {
  const sync = createMessengerSync(options.refreshUrl === undefined ? {} : { refreshUrl: options.refreshUrl });
  active = sync;
  // Settings compared by content: every load returns a new object for the same person.
  let applied: string | undefined;
  return {
    navigated(type) {
      // 'enter' is the page load itself: the boot script has just booted the Messenger.
      if (type !== 'enter') sync.navigate();
    },
    apply(settings) {
      if (settings === null || settings === undefined) return;
      const text = JSON.stringify(settings);
      if (text === applied) return;
      applied = text;
      sync.apply(settings);
    },
    dispose() {
      sync.dispose();
      if (active === sync) active = null;
    },
  };
}
