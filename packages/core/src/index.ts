/**
 * @intercom-identity/core: signs the Intercom Messenger's boot payload on the
 * server (Identity Verification `user_hash` or Messenger security JWT), renders a
 * safe inline boot script, and serves proofs to a site's mobile apps.
 *
 * Server only: the browser build of this package throws on import.
 *
 * @packageDocumentation
 */
export { type AuthJsSession, userFromAuthJsSession } from './auth-js.js';
export {
  API_BASES,
  type ConfigWarning,
  DEFAULT_WIDGET_URL,
  ENV_NAMES,
  type EnvSource,
  type IdentityMode,
  type IntercomIdentityConfig,
  isResolvedConfig,
  type JwtConfig,
  type Logger,
  MODES,
  PLATFORMS,
  type Platform,
  REGIONS,
  type Region,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
export { createEnvIdentity, type EnvIdentity, setupErrorResponse } from './env-identity.js';
export {
  describeError,
  ERROR_CODES,
  IntercomIdentityError,
  type IntercomIdentityErrorCode,
  isIntercomIdentityError,
} from './errors.js';
export { userHash, verifyUserHash } from './hash.js';
export {
  createIdentity,
  type Identity,
  type IdentityProof,
  type IntercomSettings,
  type RenderBootOptions,
  type RenderedBoot,
} from './identity.js';
export { DEFAULT_JWT_EXPIRES_IN, type JwtClaimValue, type SignUserJwtOptions, signUserJwt, type UserJwtClaims } from './jwt.js';
export { createMobileHandler, type MobileHandlerOptions } from './mobile.js';
export { cspScriptHash, type RenderScriptOptions, serializeForScript } from './script.js';
export { Secret } from './secret.js';
export type { AttributeValue, IntercomCompany, IntercomUser } from './user.js';
export { type UserJwtProblem, type VerifyUserJwtOptions, type VerifyUserJwtResult, verifyUserJwt } from './verify-jwt.js';
