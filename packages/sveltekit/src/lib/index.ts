/**
 * @intercom-identity/sveltekit: Intercom Identity Verification for SvelteKit.
 * A `handle` signs the Messenger's boot payload for the user of each request
 * and puts the boot script into the page head, `intercomProofEndpoint()` serves
 * proofs to mobile apps and fresh JWTs to the browser, and
 * `@intercom-identity/sveltekit/client` keeps the Messenger in step with
 * client-side navigation. It stands on the core's request layer and only
 * translates SvelteKit's hooks, env and routes.
 *
 * Server only: it reads `$app/env/private`, which SvelteKit refuses to bundle
 * for the browser. Browser code imports `@intercom-identity/sveltekit/client`.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export {
  type IntercomEndpointOptions,
  type IntercomProofEndpointOptions,
  intercomEndpoint,
  intercomProofEndpoint,
} from './endpoint.js';
export { type IntercomHandle, type IntercomHandleOptions, intercomHandle, intercomSettings } from './handle.js';
export { injectIntoHead, type PageChunk } from './inject.js';
export { type ExpireIntercomSessionOptions, expireIntercomSession } from './logout.js';
export {
  type AuthJsSession,
  type EventWithAuth,
  type EventWithLocals,
  fromAuthJs,
  type MaybeUser,
  userFromLocals,
} from './users.js';
