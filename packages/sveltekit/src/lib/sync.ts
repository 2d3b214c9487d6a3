import { type ClientSettings, createIntercomSync, type IntercomSync as Sync } from '@intercom-identity/core/client';

/**
 * Shuts the Messenger down and forgets the signed-in user in this browser, and
 * stops the token refresh of the mounted `<IntercomSync />`. Call it in your
 * logout button before the session ends, so the next person on this browser
 * does not see this user's conversations.
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
export { shutdownIntercom } from '@intercom-identity/core/client';

/** Options of {@link startIntercomSync}. */
export interface IntercomSyncOptions {
  /** Where the proof endpoint is mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string;
}

/** What {@link startIntercomSync} returns. */
export interface IntercomSync {
  /** After a SvelteKit navigation (`afterNavigate`'s `navigation.type`): an update (quick ones share one), except for the first page load. */
  navigated(type: string): void;
  /** The settings the server made for this request (`intercomSettings(event)`): boots another person when the user changed. */
  apply(settings: ClientSettings | null | undefined): void;
  /** Stops the token refresh. */
  dispose(): void;
}

/**
 * The browser side, as `<IntercomSync />` uses it: `Intercom('update')` after
 * a client-side navigation (quick ones share one update per 30 seconds, within
 * Intercom's budget of 20 per 30 minutes), a shutdown and a new boot when the
 * settings after `refreshAll()` name another person, and in JWT mode a fresh
 * token before the current one expires. The core's sync, wired to SvelteKit's
 * navigation.
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
  const sync: Sync = createIntercomSync({ refreshUrl: options.refreshUrl });
  return {
    navigated(type) {
      // 'enter' is the page load itself: the boot script has just booted the Messenger.
      if (type !== 'enter') sync.navigate();
    },
    apply(settings) {
      if (settings) sync.apply(settings);
    },
    dispose: sync.dispose,
  };
}
