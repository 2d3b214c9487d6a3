/**
 * What the proof endpoint answers the browser (`?platform=web`), read without
 * trusting it more than a network answer deserves, and how the browser asks.
 */
import type { ClientSettings } from './messenger.js';
import { isHttpUrl } from './messenger.js';

/** The body of a proof endpoint answer, as it arrived. */
export interface ProofBody {
  type?: unknown;
  user_id?: unknown;
  email?: unknown;
  user_hash?: unknown;
  intercom_user_jwt?: unknown;
  app_id?: unknown;
  api_base?: unknown;
  widget_url?: unknown;
  /** What a page rendered on the server would boot with: the proof and the plain profile. */
  settings?: unknown;
  error?: unknown;
}

// Set from the proof's own fields, or by the app's base settings: never taken from `settings`.
// (In JWT mode an email the token does not sign is sent in plain beside it, as a page would.)
const FROM_PROOF = new Set(['app_id', 'api_base', 'user_id', 'email', 'user_hash', 'intercom_user_jwt']);
const FROM_JWT_PROOF = new Set(['app_id', 'api_base', 'user_id', 'user_hash', 'intercom_user_jwt']);

/**
 * The plain profile of the proof's `settings` (name, created_at, custom
 * attributes): the values a server-rendered page would boot with beside the
 * proof. Only JSON values, only when it stands for the same proof.
 */
function profileOf(proof: ProofBody): Record<string, unknown> {
  const settings = proof.settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return {};
  const record = settings as Record<string, unknown>;
  const same =
    proof.type === 'jwt'
      ? record.intercom_user_jwt === proof.intercom_user_jwt
      : record.user_hash === proof.user_hash && record.user_id === proof.user_id;
  if (!same) return {};
  const fromProof = proof.type === 'jwt' ? FROM_JWT_PROOF : FROM_PROOF;
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (fromProof.has(key) || key === '__proto__' || value === undefined || typeof value === 'function') continue;
    profile[key] = value;
  }
  return profile;
}

/** The settings a proof from the endpoint stands for, on top of the app's base settings; null when it is not a proof. */
export function settingsOfProof(base: ClientSettings, proof: ProofBody): ClientSettings | null {
  // The app's own settings (launcher options) win over the server's for everything but the identity.
  if (proof.type === 'jwt' && typeof proof.intercom_user_jwt === 'string')
    return { ...profileOf(proof), ...base, intercom_user_jwt: proof.intercom_user_jwt };
  if (proof.type !== 'user_hash' || typeof proof.user_hash !== 'string') return null;
  const settings: ClientSettings = { ...profileOf(proof), ...base, user_hash: proof.user_hash };
  if (typeof proof.user_id === 'string') settings.user_id = proof.user_id;
  if (typeof proof.email === 'string') settings.email = proof.email;
  return settings;
}

/** The Intercom workspace the backend serves: where the Messenger comes from and which region it talks to. */
export interface IntercomWorkspace {
  /** The workspace's app id (`app_id`). */
  appId: string;
  /** The region's API base (`api_base`), such as `https://api-iam.eu.intercom.io`. */
  apiBase: string;
  /** The Messenger's script (`widget_url`): `https://widget.intercom.io/widget/{app_id}`, or a local fake in tests. */
  widgetUrl: string;
}

// The shape the server accepts for app ids (APP_ID_PATTERN); anything else is not a workspace.
const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The workspace an endpoint answer names; null when it names none (an error answer, or not this endpoint). */
export function workspaceOf(body: ProofBody): IntercomWorkspace | null {
  const { app_id: appId, api_base: apiBase, widget_url: widgetUrl } = body;
  if (typeof appId !== 'string' || !APP_ID.test(appId)) return null;
  if (!isHttpUrl(apiBase) || !isHttpUrl(widgetUrl)) return null;
  return { appId, apiBase, widgetUrl };
}

/** The error code of an endpoint answer (`{ error: { code } }`), if it has one. */
export function problemOf(body: ProofBody): string | null {
  const error = body.error;
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : null;
}

/**
 * The endpoint's URL for the web proof, and the credentials to send. An endpoint
 * on another origin (a front end on `app.example.com`, its backend on
 * `api.example.com`) gets the user's cookies only with `credentials: 'include'`,
 * and answers only origins it lists (`INTERCOM_IDENTITY_ALLOWED_ORIGINS`).
 */
export function proofRequest(endpoint: string): { url: string; init: RequestInit } {
  const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}platform=web`;
  let credentials: RequestCredentials = 'same-origin';
  const here = typeof location === 'undefined' ? undefined : location;
  if (here !== undefined) {
    try {
      if (new URL(url, here.href).origin !== here.origin) credentials = 'include';
    } catch {
      // Not a URL the browser could fetch anyway.
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(endpoint)) {
    credentials = 'include';
  }
  return { url, init: { method: 'GET', credentials, cache: 'no-store', headers: { accept: 'application/json' } } };
}
