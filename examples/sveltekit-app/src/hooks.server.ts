// The whole server side of the Intercom setup: find the session, then sign.
// INTERCOM_APP_ID, INTERCOM_IDENTITY_SECRET (and _IOS / _ANDROID), declared in
// src/env.ts, are read from the server's environment when it starts, never at build time.
import { intercomHandle } from '@intercom-identity/sveltekit';
import { sequence } from '@sveltejs/kit/hooks';
import { sessionHandle } from '#lib/server/session.ts';

// intercomHandle() signs event.locals.user. With @auth/sveltekit:
//   sequence(authHandle, intercomHandle({ getUser: fromAuthJs() }))
export const handle = sequence(sessionHandle, intercomHandle());
