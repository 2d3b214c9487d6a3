/**
 * @intercom-identity/express: Intercom Identity Verification for Express 5
 * and 4. A middleware signs the Messenger's boot payload for the user of each
 * page request into `res.locals.intercom`, `intercomProofEndpoint()` serves
 * proofs to mobile apps and fresh JWTs to the browser, and
 * `expireIntercomSession()` is the server's half of a logout. It stands on the
 * core's request layer and only translates Express's requests, responses and
 * conventions (Passport's `req.user`, express-session's `req.session.user`,
 * helmet's `res.locals.cspNonce`).
 *
 * Server only. The browser side is `@intercom-identity/core/client`.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser, MaybeUser, RenderedBoot } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export { type IntercomProofEndpointOptions, intercomProofEndpoint } from './endpoint.js';
export { type ExpireIntercomSessionOptions, expireIntercomSession } from './logout.js';
export { type IntercomIdentityOptions, type IntercomLocals, intercomIdentity } from './middleware.js';
