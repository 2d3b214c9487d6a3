'use client';
/**
 * @intercom-identity/react/react-use-intercom: react-use-intercom, booted with
 * the proof from the app's backend.
 *
 * @packageDocumentation
 */
import type { ClientSettings, Messenger } from '@intercom-identity/core/client';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';
import {
  type IntercomContextValues,
  type IntercomProps,
  IntercomProvider as UseIntercomProvider,
  type IntercomProviderProps as UseIntercomProviderProps,
  useIntercom,
} from 'react-use-intercom';
import { IntercomIdentityProvider, useIntercomIdentity } from './provider.js';

/** What {@link fromReactUseIntercom} uses of `useIntercom()`. */
export type UseIntercomMethods = Pick<IntercomContextValues, 'boot' | 'update' | 'shutdown'>;

// The settings react-use-intercom has a prop for; every other setting goes as it is, through customAttributes.
const PROPS: Readonly<Record<string, keyof IntercomProps>> = {
  user_id: 'userId',
  email: 'email',
  name: 'name',
  phone: 'phone',
  created_at: 'createdAt',
  user_hash: 'userHash',
  intercom_user_jwt: 'intercomUserJwt',
};

/**
 * react-use-intercom's props for Messenger settings. `customAttributes` are spread
 * into the settings last and unchanged, so `app_id` and `api_base` from the
 * backend win over the provider's props, whatever it was rendered with.
 */
function propsOf(settings: Record<string, unknown>): IntercomProps {
  const props: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const name = PROPS[key];
    if (name === undefined) raw[key] = value;
    else props[name] = value;
  }
  return { ...props, customAttributes: raw } as IntercomProps;
}

interface IntercomWindow {
  Intercom?: (command: string, ...args: unknown[]) => unknown;
  intercomSettings?: unknown;
}

function page(): IntercomWindow | undefined {
  return typeof window === 'undefined' ? undefined : (window as unknown as IntercomWindow);
}

/**
 * The Messenger of react-use-intercom, from `useIntercom()`: boots with
 * `boot({ userHash })` or `boot({ intercomUserJwt })`, updates with `update()`,
 * shuts down with `shutdown()`, so react-use-intercom knows the Messenger is
 * booted and its other methods (`show`, `trackEvent`, ...) work.
 *
 * react-use-intercom boots once: while booted, its `boot()` does nothing. A new
 * token for the same person must still reach the Messenger when the update
 * budget has no room, so that boot goes to `window.Intercom` itself. Its
 * `shutdown()` acts only on a Messenger it booted; one it did not boot (before
 * the first boot, or after `hardShutdown()`) is shut down directly too. After a
 * `hardShutdown()`, which removes `window.Intercom`, the next boot loads the
 * Messenger again.
 *
 * The `IntercomProvider` of this module wires it for you.
 */
export function fromReactUseIntercom(intercom: UseIntercomMethods): Messenger {
  return {
    boot(settings: ClientSettings) {
      const w = page();
      const before = w?.intercomSettings;
      intercom.boot(propsOf(settings));
      // Its boot sets window.intercomSettings; unchanged, it did nothing.
      if (w !== undefined && w.intercomSettings === before) {
        w.intercomSettings = settings;
        w.Intercom?.('boot', settings);
      }
    },
    update(changes) {
      intercom.update(changes === undefined ? undefined : propsOf(changes));
    },
    shutdown() {
      const w = page();
      const before = w?.intercomSettings;
      intercom.shutdown();
      // Its shutdown removes window.intercomSettings; still there (or never there), it may have done nothing.
      if (w !== undefined && (before === undefined || 'intercomSettings' in w)) w.Intercom?.('shutdown');
    },
  };
}

/** Props of {@link IntercomProvider}: react-use-intercom's, less what comes from the backend. */
export interface IntercomProviderProps
  extends Omit<
    UseIntercomProviderProps,
    | 'appId'
    | 'apiBase'
    | 'autoBoot'
    | 'autoBootProps'
    | 'shouldInitialize'
    | 'initializeDelay'
    | 'crossOrigin'
    | 'onLoad'
    | 'onLoadFailed'
  > {
  /**
   * The backend's proof endpoint. Default `/api/intercom-identity` on this origin;
   * on another origin a full URL, which lists this app's origin in
   * `INTERCOM_IDENTITY_ALLOWED_ORIGINS`.
   */
  endpoint?: string;
  /** Messenger settings of the app that every boot carries (`{ hide_default_launcher: true }`); never the identity. */
  settings?: Record<string, unknown>;
  /**
   * Whether the Messenger waits for consent. Default: what the backend says
   * (`INTERCOM_CONSENT=required`), else `none`. Until `grantIntercomConsent()`
   * neither this provider nor react-use-intercom loads anything of Intercom.
   */
  consent?: 'none' | 'required';
  children?: ReactNode;
}

function Bind({ to }: { to: RefObject<UseIntercomMethods | null> }): null {
  const intercom = useIntercom();
  useEffect(() => {
    to.current = intercom;
  }, [to, intercom]);
  return null;
}

function WorkspaceProvider({
  props,
  children,
}: {
  props: Omit<IntercomProviderProps, 'endpoint' | 'settings' | 'consent'>;
  children: ReactNode;
}) {
  const { workspace } = useIntercomIdentity();
  return (
    <UseIntercomProvider
      {...props}
      appId={workspace?.appId ?? ''}
      {...(workspace === null ? {} : { apiBase: workspace.apiBase })}
      // The Messenger's script comes from the backend's widget_url, which react-use-intercom cannot load.
      shouldInitialize={false}
    >
      {children}
    </UseIntercomProvider>
  );
}

/**
 * react-use-intercom's `IntercomProvider`, booted with the signed-in user's proof
 * from the backend. Use it in place of react-use-intercom's: same props, less
 * `appId` and `apiBase` (the backend names the workspace, so one build serves any)
 * and `autoBoot` (it boots as soon as the backend answers: the user with their
 * `intercomUserJwt` or `userHash`, or a visitor). `useIntercom()` works under it
 * as before (`show`, `trackEvent`, ...), and `useIntercomIdentity()` gives who is
 * signed in, `refresh()`, `navigate()` and `logout()`.
 *
 * With consent required (by the backend, or the `consent` prop), it loads
 * nothing of Intercom until `grantIntercomConsent()`: react-use-intercom never
 * loads its script here (the Messenger comes from the backend's `widget_url`).
 *
 * Never call react-use-intercom's `boot()` yourself, nor `update()` with the
 * identity (`userId`, `email`): unsigned, they overwrite the signed settings.
 *
 * @example
 * ```tsx
 * import { IntercomProvider } from '@intercom-identity/react/react-use-intercom';
 *
 * createRoot(document.getElementById('root')!).render(
 *   <IntercomProvider>
 *     <App />
 *   </IntercomProvider>,
 * );
 * ```
 */
export function IntercomProvider({ endpoint, settings, consent, children, ...props }: IntercomProviderProps): ReactNode {
  const bound = useRef<UseIntercomMethods | null>(null);
  const [messenger] = useState(() =>
    fromReactUseIntercom({
      boot: (boot) => bound.current?.boot(boot),
      update: (changes) => bound.current?.update(changes),
      shutdown: () => bound.current?.shutdown(),
    }),
  );
  return (
    <IntercomIdentityProvider
      messenger={messenger}
      {...(endpoint === undefined ? {} : { endpoint })}
      {...(settings === undefined ? {} : { settings })}
      {...(consent === undefined ? {} : { consent })}
      {...(props.cspNonce === undefined ? {} : { nonce: props.cspNonce })}
    >
      <WorkspaceProvider props={props}>
        <Bind to={bound} />
        {children}
      </WorkspaceProvider>
    </IntercomIdentityProvider>
  );
}
