/**
 * The {@link Messenger} of Intercom's official SDK, `@intercom/messenger-js-sdk`.
 * The core does not depend on it: the app hands its own copy of the module in.
 */
import { IntercomIdentityError } from '../errors.js';
import { type ClientSettings, loadMessenger, type Messenger, type MessengerSource, win } from './messenger.js';

/**
 * What {@link fromMessengerJsSdk} uses of `@intercom/messenger-js-sdk`: its
 * initialiser (the default export, also exported as `Intercom`) and `boot`,
 * `update` and `shutdown`. `import * as IntercomSdk from '@intercom/messenger-js-sdk'`
 * is one.
 */
export interface MessengerJsSdk {
  /** `Intercom(props)`: sets `window.intercomSettings` from its props and loads the Messenger. */
  Intercom?(props: Record<string, unknown>): void;
  /** The same initialiser, as the module's default export. */
  default?: unknown;
  boot(settings: ClientSettings): void;
  update(changes?: Record<string, unknown>): void;
  shutdown(): void;
}

// The SDK names regions by code and sets `api_base` from its own table; the backend names the API base.
const REGION_OF_API_BASE: Readonly<Record<string, string>> = {
  'https://api-iam.intercom.io': 'us',
  'https://api-iam.eu.intercom.io': 'eu',
  'https://api-iam.au.intercom.io': 'ap',
};

type Initialiser = (props: Record<string, unknown>) => void;

function initialiserOf(sdk: MessengerJsSdk): Initialiser | undefined {
  if (typeof sdk.Intercom === 'function') return sdk.Intercom.bind(sdk);
  const fallback = sdk.default;
  if (typeof fallback === 'function') return fallback as Initialiser;
  // A bundler's CommonJS interop may hand the whole module over as `default`.
  const nested = (fallback as { Intercom?: unknown } | undefined)?.Intercom;
  return typeof nested === 'function' ? (nested as Initialiser) : undefined;
}

/**
 * The Messenger of `@intercom/messenger-js-sdk`, for `connectIntercom()` (or
 * `createIntercomSync()`): the SDK loads the Messenger from the backend's
 * `widget_url` and boots it with the signed settings.
 *
 * `Intercom(props)` of the SDK sets `window.intercomSettings` from its props and,
 * once the Messenger is there, sends them as an update; so it is called once,
 * with the signed settings, and never again: every later boot goes through
 * `boot()`. The region is passed so that the SDK's `api_base` is the backend's
 * (the SDK names Australia `ap`), and the backend's `api_base` is kept whatever
 * the SDK's table says. With a CSP nonce, the script is added by the core's
 * loader instead, which passes the nonce on (the SDK's tag has none). Do not call `Intercom({...})` or `boot({...})` of the
 * SDK yourself with unsigned props: that overwrites the signed settings.
 *
 * @example
 * ```ts
 * import * as IntercomSdk from '@intercom/messenger-js-sdk';
 * import { connectIntercom, fromMessengerJsSdk } from '@intercom-identity/core/client';
 * const intercom = connectIntercom({ messenger: fromMessengerJsSdk(IntercomSdk) });
 * ```
 */
export function fromMessengerJsSdk(sdk: MessengerJsSdk): Messenger {
  const initialise = typeof sdk === 'object' && sdk !== null ? initialiserOf(sdk) : undefined;
  if (initialise === undefined || typeof sdk.boot !== 'function' || typeof sdk.shutdown !== 'function')
    throw new IntercomIdentityError(
      'HANDLER_OPTIONS_INVALID',
      "fromMessengerJsSdk needs the module @intercom/messenger-js-sdk: import * as IntercomSdk from '@intercom/messenger-js-sdk'.",
    );
  return {
    load(settings: ClientSettings, source: MessengerSource): void {
      const w = win();
      // With a Messenger on the page, Intercom() would send window.intercomSettings as an update.
      if (w === undefined || typeof w.Intercom === 'function') return;
      // The SDK's script tag cannot carry a CSP nonce; this one can, and the SDK's calls reach it the same way.
      if (source.nonce !== undefined && source.nonce !== '') {
        loadMessenger(source);
        return;
      }
      const region = typeof settings.api_base === 'string' ? REGION_OF_API_BASE[settings.api_base] : undefined;
      initialise({ ...settings, ...(region === undefined ? {} : { region }), widgetUrl: source.widgetUrl });
      const given = w.intercomSettings;
      if (given !== undefined && settings.api_base !== undefined) given.api_base = settings.api_base;
    },
    boot: (settings) => sdk.boot(settings),
    update: (changes) => sdk.update(changes),
    shutdown: () => sdk.shutdown(),
  };
}
