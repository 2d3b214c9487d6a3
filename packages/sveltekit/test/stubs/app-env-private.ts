// Stands in for SvelteKit's $app/env/private: the variables an app declares in
// src/env.ts. The exports are live bindings, so tests change them with setDeclared().
export let INTERCOM_APP_ID: string | undefined;
export let INTERCOM_IDENTITY_SECRET: string | undefined;
export let INTERCOM_IDENTITY_SECRET_ANDROID: string | undefined;
export let INTERCOM_WIDGET_URL: string | undefined;

export function setDeclared(values: {
  INTERCOM_APP_ID?: string;
  INTERCOM_IDENTITY_SECRET?: string;
  INTERCOM_IDENTITY_SECRET_ANDROID?: string;
  INTERCOM_WIDGET_URL?: string;
}): void {
  INTERCOM_APP_ID = values.INTERCOM_APP_ID;
  INTERCOM_IDENTITY_SECRET = values.INTERCOM_IDENTITY_SECRET;
  INTERCOM_IDENTITY_SECRET_ANDROID = values.INTERCOM_IDENTITY_SECRET_ANDROID;
  INTERCOM_WIDGET_URL = values.INTERCOM_WIDGET_URL;
}
