import {
  connectIntercom,
  type IntercomConnection,
  IntercomIdentityError,
  type IntercomIdentityState,
  type Messenger,
  shutdownIntercom,
} from '@intercom-identity/core/client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';

/** Props of {@link IntercomIdentityProvider}. */
export interface IntercomIdentityProviderProps {
  /**
   * The backend's proof endpoint. Default `/api/intercom-identity` on this origin.
   * A backend on another origin is a full URL: it is asked with the user's cookies
   * (`credentials: 'include'`) and must list this app's origin in
   * `INTERCOM_IDENTITY_ALLOWED_ORIGINS`.
   */
  endpoint?: string;
  /**
   * The SDK the Messenger boots through: `fromMessengerJsSdk(IntercomSdk)` for
   * `@intercom/messenger-js-sdk`. Default: `window.Intercom`. Read once, when the
   * provider mounts: create it outside your components.
   */
  messenger?: Messenger;
  /** The page's CSP nonce, for the Messenger's script tag. */
  nonce?: string;
  /** Messenger settings of the app that every boot carries (`{ hide_default_launcher: true }`); never the identity. */
  settings?: Record<string, unknown>;
  /**
   * Whether the Messenger waits for consent. Default: what the backend says
   * (`INTERCOM_CONSENT=required`), else `none`. Until `grantIntercomConsent()`
   * nothing of Intercom loads and `status` is `awaiting-consent`;
   * `withdrawIntercomConsent()` shuts it down and removes its cookies.
   */
  consent?: 'none' | 'required';
  children?: ReactNode;
}

/** What {@link useIntercomIdentity} gives. */
export interface IntercomIdentity extends IntercomIdentityState {
  /** Whether the Messenger is booted for a signed-in user (with a proof). */
  readonly signedIn: boolean;
  /**
   * Asks the backend who is signed in now and boots the Messenger as them, or as
   * a visitor: after a sign-in or sign-out that did not load a page.
   */
  refresh(): Promise<void>;
  /**
   * Call it after each client-side navigation: the Messenger looks for new
   * messages (within the update budget). The same function for the provider's
   * life, as `refresh` and `logout` are: effects may depend on it.
   */
  navigate(): void;
  /** Shuts the Messenger down and forgets the user in this browser. Call it first in your log out control, then end the session. */
  logout(): void;
}

const Context = createContext<IntercomIdentity | null>(null);

const LOADING: IntercomIdentityState = Object.freeze({
  status: 'loading',
  workspace: null,
  user: null,
  proof: null,
  problem: null,
});

/**
 * Boots the Intercom Messenger with the proof of the signed-in user, which the
 * app's backend signs (`/api/intercom-identity`). It asks the backend once it
 * mounts; the answer names the workspace too (app id, region, the Messenger's
 * script), so the same build serves any workspace. Then it keeps the Messenger
 * in step: another person is a shutdown, then a boot; a JWT is refreshed before
 * it expires; `logout()` shuts down. {@link useIntercomIdentity} reads it.
 *
 * With react-use-intercom, use the `IntercomProvider` of
 * `@intercom-identity/react/react-use-intercom` instead: it renders this one.
 *
 * When the backend requires consent (`INTERCOM_CONSENT=required`), it asks the
 * backend but loads nothing of Intercom until `grantIntercomConsent()`, and
 * shuts the Messenger down on `withdrawIntercomConsent()`.
 *
 * @example
 * ```tsx
 * import * as IntercomSdk from '@intercom/messenger-js-sdk';
 * import { IntercomIdentityProvider, fromMessengerJsSdk } from '@intercom-identity/react';
 *
 * const messenger = fromMessengerJsSdk(IntercomSdk);
 * export function Root() {
 *   return (
 *     <IntercomIdentityProvider messenger={messenger}>
 *       <App />
 *     </IntercomIdentityProvider>
 *   );
 * }
 * ```
 */
export function IntercomIdentityProvider({
  endpoint,
  messenger,
  nonce,
  settings,
  consent,
  children,
}: IntercomIdentityProviderProps): ReactNode {
  const [state, setState] = useState<IntercomIdentityState>(LOADING);
  const connection = useRef<IntercomConnection | null>(null);
  // The SDK is fixed for the provider's life: a new object on every render must not reconnect.
  const [sdk] = useState(() => messenger);
  // Compared by content: an inline object is a new one on every render.
  const pageSettings = settings === undefined ? undefined : JSON.stringify(settings);

  useEffect(() => {
    const created = connectIntercom({
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(sdk === undefined ? {} : { messenger: sdk }),
      ...(nonce === undefined ? {} : { nonce }),
      ...(pageSettings === undefined ? {} : { settings: JSON.parse(pageSettings) as Record<string, unknown> }),
      ...(consent === undefined ? {} : { consent }),
    });
    connection.current = created;
    setState(created.getState());
    const stop = created.subscribe(setState);
    return () => {
      stop();
      created.dispose();
      if (connection.current === created) connection.current = null;
    };
  }, [endpoint, sdk, nonce, pageSettings, consent]);

  // The same functions for the provider's life, so that effects can depend on them.
  const controls = useMemo(
    () => ({
      refresh: () => connection.current?.refresh() ?? Promise.resolve(),
      navigate: () => connection.current?.navigate(),
      logout: () => (connection.current === null ? shutdownIntercom() : connection.current.logout()),
    }),
    [],
  );
  const value = useMemo<IntercomIdentity>(() => ({ ...state, signedIn: state.user !== null, ...controls }), [state, controls]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/**
 * The Messenger's state and controls: whether it is booted and for whom
 * (`signedIn`, `user`, `proof`), the workspace the backend serves (`workspace`:
 * `appId`, `apiBase`, `widgetUrl`), and `refresh()`, `navigate()`, `logout()`.
 * Inside {@link IntercomIdentityProvider} (or the react-use-intercom
 * `IntercomProvider` of this package).
 *
 * @example
 * ```tsx
 * import { useIntercomIdentity } from '@intercom-identity/react';
 *
 * export function LogoutButton() {
 *   const { logout } = useIntercomIdentity();
 *   return (
 *     <button type="button" onClick={() => { logout(); window.location.assign('/logout'); }}>
 *       Log out
 *     </button>
 *   );
 * }
 * ```
 */
export function useIntercomIdentity(): IntercomIdentity {
  const value = useContext(Context);
  if (value === null)
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      'useIntercomIdentity() needs a provider above it: <IntercomIdentityProvider>, or the IntercomProvider of @intercom-identity/react/react-use-intercom.',
    );
  return value;
}
