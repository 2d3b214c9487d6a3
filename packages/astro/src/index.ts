/**
 * @intercom-identity/astro: Intercom Identity Verification for Astro. The
 * integration (the default export) signs the Messenger's boot payload for the
 * user in `context.locals.user` into the head of every page rendered on
 * demand, mounts the proof endpoint at `/api/intercom-identity`, and keeps the
 * Messenger in step with view transitions. `intercomMiddleware()`,
 * `intercomProofEndpoint()` and `expireIntercomSession()` are there for apps
 * that compose by hand and for the logout route. It stands on the core's
 * request layer and only translates Astro's middleware, env and routes.
 *
 * Server only: browser code imports `@intercom-identity/astro/client`.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser, MaybeUser } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export type { IntercomAstroOptions } from './adapter.js';
export { type IntercomProofEndpointOptions, intercomProofEndpoint } from './endpoint.js';
export { type IntercomIdentityOptions, intercomIdentity, intercomIdentity as default } from './integration.js';
export { type ExpireIntercomSessionOptions, expireIntercomSession } from './logout.js';
export { type IntercomMiddlewareOptions, intercomMiddleware } from './middleware.js';
export { type ContextWithLocals, userFromLocals } from './users.js';
