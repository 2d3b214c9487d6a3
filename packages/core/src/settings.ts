// The shape of the Messenger's settings, on its own so that every module can name it without an import cycle.

/**
 * What `window.intercomSettings` holds. The core sets `app_id`, `api_base`, the
 * identity (`user_id`, `email`), the proof (`user_hash` or `intercom_user_jwt`)
 * and the profile from the user object (`name`, `phone`, `created_at`,
 * `company`, `companies`, custom attributes). Every other Messenger setting the
 * app passes (`settings` of `renderBoot` and the adapters) is sent as it was
 * given: docs/identity-settings.md lists them.
 */
export interface IntercomSettings {
  app_id: string;
  api_base?: string;
  user_id?: string;
  email?: string;
  user_hash?: string;
  intercom_user_jwt?: string;
  name?: string;
  phone?: string;
  created_at?: number;
  /** Intercom's limit on how long a Messenger session lasts, in milliseconds. Passed through as given. */
  session_duration?: number;
  /** Hides the default launcher (`false` forces it on). Passed through as given. */
  hide_default_launcher?: boolean;
  /** The Messenger's language instead of the browser's (`'fr'`). Passed through as given. */
  language_override?: string;
  [setting: string]: unknown;
}
