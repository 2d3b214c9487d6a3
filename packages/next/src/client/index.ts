'use client';
/**
 * @intercom-identity/next/client: the browser side of the Next.js adapter. It
 * holds no secret and signs nothing; it wires `@intercom-identity/core/client`
 * to the App Router.
 *
 * @packageDocumentation
 */
import { type ClientSettings, createIntercomSync, type IntercomSync as Sync } from '@intercom-identity/core/client';
import { usePathname, useSearchParams } from 'next/navigation.js';
import { useEffect, useRef } from 'react';

export type { ClientSettings } from '@intercom-identity/core/client';
/**
 * Shuts the Messenger down and forgets the signed-in user in this browser, and
 * stops the token refresh of the mounted `<IntercomSync />`. Call it in your log
 * out control before the session ends, so the next person on this browser does
 * not see this user's conversations.
 *
 * @example
 * ```tsx
 * 'use client';
 * import { shutdownIntercom } from '@intercom-identity/next/client';
 *
 * export function LogoutLink() {
 *   return (
 *     <a href="/logout" onClick={() => shutdownIntercom()}>
 *       Log out
 *     </a>
 *   );
 * }
 * ```
 */
/**
 * Consent for the Messenger, with `INTERCOM_CONSENT=required`: before
 * `grantIntercomConsent()` the page loads nothing from Intercom and sets no
 * cookie. The library does not store the choice: your consent tool does, and
 * calls `grantIntercomConsent()` on every page load where consent exists.
 * `withdrawIntercomConsent()` shuts the Messenger down and removes its cookies.
 *
 * @example
 * ```tsx
 * 'use client';
 * import { grantIntercomConsent, withdrawIntercomConsent } from '@intercom-identity/next/client';
 *
 * export function MessengerConsent() {
 *   return (
 *     <>
 *       <button type="button" onClick={() => grantIntercomConsent()}>Allow the Messenger</button>
 *       <button type="button" onClick={() => withdrawIntercomConsent()}>Withdraw consent</button>
 *     </>
 *   );
 * }
 * ```
 */
export {
  grantIntercomConsent,
  type IntercomConsentState,
  intercomConsent,
  onIntercomConsent,
  shutdownIntercom,
  withdrawIntercomConsent,
} from '@intercom-identity/core/client';

/** Props of {@link IntercomSync}. */
export interface IntercomSyncProps {
  /** The settings the server signed and rendered for this request. */
  settings: ClientSettings;
  /** Where the proof endpoint is mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string;
}

/** @deprecated Renamed {@link IntercomSyncProps}; the old name goes in the next minor version. */
export type IntercomMessengerSyncProps = IntercomSyncProps;

/**
 * Keeps the Messenger in step with the app: `Intercom('update')` after a
 * client-side navigation (quick ones share one update per 30 seconds, within
 * Intercom's budget of 20 per 30 minutes), a shutdown and a new boot when the
 * server renders another person (after a logout and `router.refresh()`), and in
 * JWT mode a fresh token before the current one expires.
 *
 * `<IntercomMessenger />` renders it for you; render it yourself only when you
 * build the boot script by hand.
 *
 * @example
 * ```tsx
 * import { IntercomSync } from '@intercom-identity/next/client';
 * <IntercomSync settings={settings} refreshUrl="/api/intercom-identity" />;
 * ```
 */
export function IntercomSync({ settings, refreshUrl }: IntercomSyncProps): null {
  const pathname = usePathname();
  const search = useSearchParams()?.toString() ?? '';
  const location = `${pathname}?${search}`;
  const sync = useRef<Sync | null>(null);
  const lastLocation = useRef(location);
  // Compared by content: each server render sends a new object for the same settings.
  const signed = JSON.stringify(settings);

  useEffect(() => {
    const created = createIntercomSync({ refreshUrl });
    sync.current = created;
    return () => {
      created.dispose();
      sync.current = null;
    };
  }, [refreshUrl]);

  useEffect(() => {
    sync.current?.apply(JSON.parse(signed) as ClientSettings);
  }, [signed]);

  useEffect(() => {
    if (lastLocation.current === location) return;
    lastLocation.current = location;
    sync.current?.navigate();
  }, [location]);

  return null;
}

/** @deprecated Renamed {@link IntercomSync}; the old name goes in the next minor version. */
export const IntercomMessengerSync: (props: IntercomSyncProps) => null = IntercomSync;
