// The shape of the Messenger's settings, on its own so that every module can name it without an import cycle.

/** What `window.intercomSettings` holds. */
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
  [setting: string]: unknown;
}
