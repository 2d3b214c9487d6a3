/**
 * @intercom-identity/fastify: Intercom Identity Verification for Fastify 5.
 * One plugin signs the Messenger's boot payload for the user of each request
 * (`reply.intercomBoot()`), mounts the proof endpoint that serves mobile apps,
 * fresh JWTs and single-page apps, applies the cache rule to signed replies and
 * gives `reply.expireIntercomSession()` for logout. It stands on the core's
 * request layer and only translates Fastify's requests, replies and routes.
 *
 * Server only: it reads the secrets from the server's environment.
 *
 * @packageDocumentation
 */
export type { IntercomSettings, IntercomUser, RenderedBoot } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export { type IntercomBootOptions, type IntercomIdentityOptions, intercomIdentity } from './plugin.js';
export { type MaybeUser, userFromRequest } from './users.js';
