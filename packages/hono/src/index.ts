/**
 * @intercom-identity/hono: Intercom Identity Verification for Hono, on any
 * runtime Hono runs on (Node, Cloudflare Workers, Bun, Deno). A middleware
 * signs the Messenger's boot payload for the user of each request into
 * `c.var.intercom`, `intercomProofEndpoint()` serves proofs to mobile apps and
 * fresh JWTs to the browser, and `expireIntercomSession(c)` is the server's
 * half of a logout. It stands on the core's request layer and only translates
 * Hono's context, env and routes. It imports nothing of Node: the core's Web
 * Crypto build serves workerd, Deno and edge runtimes.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser, MaybeUser, RenderedBoot } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export type { IntercomHonoOptions } from './adapter.js';
export { type IntercomProofEndpointOptions, intercomProofEndpoint } from './endpoint.js';
export { type ExpireIntercomSessionOptions, expireIntercomSession } from './logout.js';
export { type IntercomIdentityOptions, type IntercomVariables, intercomIdentity } from './middleware.js';
export { userFromContext } from './users.js';
