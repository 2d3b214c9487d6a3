'use client';
/**
 * @intercom-identity/next/client: the browser side of the Next.js adapter. It
 * holds no secret and signs nothing; it is a thin wrapper around
 * `@intercom-identity/core/client`.
 *
 * @packageDocumentation
 */
import {
  type ClientSettings,
  createMessengerSync,
  type MessengerSync,
  shutdownIntercom as shutdownMessenger,
} from '@intercom-identity/core/client';
import { usePathname, useSearchParams } from 'next/navigation.js';
import { useEffect, useRef } from 'react';

export type { ClientSettings } from '@intercom-identity/core/client';

// The sync of the mounted <IntercomMessenger />, so that a logout button can
// stop its token refresh along with the Messenger.
let active: MessengerSync | null = null;

/**
 * Shuts the Messenger down and forgets the signed-in user in this browser. Call
 * it in your log out control before the session ends, so the next person on
 * this browser does not see this user's conversations.
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
export function shutdownIntercom(): void {
  if (active !== null) active.shutdown();
  else shutdownMessenger();
}

/** Props of {@link IntercomMessengerSync}. */
export interface IntercomMessengerSyncProps {
  /** The settings the server signed and rendered for this request. */
  settings: ClientSettings;
  /** Where the route handlers are mounted (fresh JWTs come from there). Default `/api/intercom-identity`. */
  refreshUrl?: string;
}

/**
 * Keeps the Messenger in step with the app: `Intercom('update')` after every
 * client-side navigation, a shutdown and a new boot when the server renders
 * another person (after a logout and `router.refresh()`), and in JWT mode a
 * fresh token before the current one expires.
 *
 * `<IntercomMessenger />` renders it for you; render it yourself only when you
 * build the boot script by hand.
 *
 * @example
 * ```tsx
 * import { IntercomMessengerSync } from '@intercom-identity/next/client';
 * <IntercomMessengerSync settings={settings} refreshUrl="/api/intercom-identity" />;
 * ```
 */
export function IntercomMessengerSync({ settings, refreshUrl }: IntercomMessengerSyncProps): null {
  const pathname = usePathname();
  const search = useSearchParams()?.toString() ?? '';
  const location = `${pathname}?${search}`;
  const sync = useRef<MessengerSync | null>(null);
  const lastLocation = useRef(location);
  // Compared by content: each server render sends a new object for the same settings.
  const signed = JSON.stringify(settings);

  useEffect(() => {
    const created = createMessengerSync(refreshUrl === undefined ? {} : { refreshUrl });
    sync.current = created;
    active = created;
    return () => {
      created.dispose();
      if (active === created) active = null;
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
