// The environment variables this app reads (SvelteKit's explicit environment
// variables): private, read when the server starts, and in `vite dev` from `.env`.
// `intercomHandle()` and `intercomProofEndpoint()` find the INTERCOM_* ones here.
// All are optional: without the secret the Messenger boots visitors and the server says why.
import { defineEnvVars } from '@sveltejs/kit/env';

const optional = (value: string | undefined) => value;

export const variables = defineEnvVars({
  INTERCOM_APP_ID: { schema: optional, description: 'The Intercom workspace id (app_id) the Messenger boots with.' },
  INTERCOM_IDENTITY_SECRET: { schema: optional, description: 'Messenger security > Web. Never in a public variable.' },
  INTERCOM_IDENTITY_SECRET_IOS: {
    schema: optional,
    description: 'Messenger security > iOS, for /api/intercom-identity?platform=ios.',
  },
  INTERCOM_IDENTITY_SECRET_ANDROID: {
    schema: optional,
    description: 'Messenger security > Android, for /api/intercom-identity?platform=android.',
  },
  INTERCOM_IDENTITY_MODE: { schema: optional, description: 'jwt (default) or user_hash, the compatible mode.' },
  INTERCOM_REGION: { schema: optional, description: 'us (default), eu or au.' },
  INTERCOM_WIDGET_URL: { schema: optional, description: 'A local fake Messenger instead of the real one.' },
  INTERCOM_CONSENT: { schema: optional, description: 'none (default) or required: the Messenger waits for consent.' },
  INTERCOM_LOAD: { schema: optional, description: 'page (default) or interaction: the Messenger loads on first click.' },
  INTERCOM_IDENTITY_JWT_EXPIRES_IN: { schema: optional, description: 'JWT mode: seconds a token is valid.' },
  INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: { schema: optional, description: 'JWT mode: attributes signed into the token.' },
  INTERCOM_IDENTITY_JWT_FALLBACK: { schema: optional, description: 'JWT mode: user_hash for users without a user id.' },
  DEMO_SESSION_SECRET: { schema: optional, description: "The demo login's cookie key (not the Intercom secret)." },
});
