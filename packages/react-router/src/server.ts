/**
 * @intercom-identity/react-router/server: the server side of the React Router
 * adapter (framework mode). `intercomMiddleware()` in the root route signs the
 * Messenger's boot payload for the user of each request and applies the cache
 * rule to the response, `intercomSettings(context)` is what the root loader
 * returns for `<IntercomScript>`, `intercomProofEndpoint()` is the resource
 * route that serves proofs to mobile apps and fresh JWTs to the browser, and
 * `expireIntercomSession()` is the server's half of a logout. It stands on the
 * core's request layer and only translates React Router's middleware, context
 * and routes.
 *
 * Server only: import it from `middleware`, `loader` and `action` exports (React
 * Router leaves them out of the browser bundle) and from server modules.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser, MaybeUser } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export type { IntercomReactRouterOptions } from './adapter.js';
export type { RequestArgs } from './args.js';
export type { IntercomBoot } from './boot.js';
export { type IntercomProofEndpoint, type IntercomProofEndpointOptions, intercomProofEndpoint } from './endpoint.js';
export { type ExpireIntercomSessionOptions, expireIntercomSession } from './logout.js';
export { type IntercomMiddlewareOptions, intercomMiddleware, intercomSettings } from './middleware.js';
export { userContext, userFromContext } from './users.js';
