/**
 * Where the backend is. Empty: this origin (the backend serves the app, as
 * `pnpm start` does). For a front end on another origin, build with
 * `VITE_BACKEND_URL=https://api.example.com`; that backend lists this app's
 * origin in INTERCOM_IDENTITY_ALLOWED_ORIGINS. It is a URL, never a secret:
 * nothing of Intercom's is decided at build time.
 */
export const backend: string = (import.meta.env.VITE_BACKEND_URL ?? '').replace(/\/+$/, '');
