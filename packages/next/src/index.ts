/**
 * @intercom-identity/next: Intercom Identity Verification for the Next.js App
 * Router. A server component renders the signed boot script in the root
 * layout, route handlers serve proofs to mobile apps and fresh JWTs to the
 * browser, and a small client component keeps the Messenger in step.
 *
 * Server only: importing this entry from a client component fails the build.
 * Client code imports `@intercom-identity/next/client`.
 *
 * @packageDocumentation
 */
import 'server-only';

export type { IntercomSettings, IntercomUser, MaybeUser } from '@intercom-identity/core';
export { IntercomIdentityError, isIntercomIdentityError } from '@intercom-identity/core';
export { type AuthJsSession, type AuthJsSessionOptions, fromAuthJs, type SignedInSession } from './auth-js.js';
export {
  createIntercomIdentity,
  type IntercomMessengerProps,
  type NextIntercomIdentity,
  type NextIntercomIdentityOptions,
  type RouteHandler,
} from './identity.js';
