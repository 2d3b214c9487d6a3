/**
 * @intercom-identity/core: signs the Intercom Messenger's boot payload on the
 * server (Identity Verification `user_hash` or Messenger security JWT), renders a
 * safe inline boot script, serves the proof endpoint, and is the request layer
 * every framework adapter stands on.
 *
 * Server only: the browser build of this package throws on import.
 *
 * @packageDocumentation
 */
export {
  type AdapterBootOptions,
  type AdapterDefaults,
  type AdapterOptions,
  createIntercomAdapter,
  type IntercomAdapter,
} from './adapter.js';
export {
  type AuthJsSession,
  type AuthJsSessionOptions,
  type SignedInSession,
  userFromAuthJsSession,
} from './auth-js.js';
export {
  applySignedCacheRule,
  type CacheRuleResult,
  CDN_CACHE_HEADERS,
  type HeaderTarget,
  isPrivateNoStore,
  SIGNED_CACHE_CONTROL,
} from './cache.js';
export {
  API_BASES,
  APP_ID_PATTERN,
  CONSENT_MODES,
  type ConfigWarning,
  type ConsentMode,
  DEFAULT_WIDGET_URL,
  ENV_NAMES,
  type EnvSource,
  type IdentityMode,
  type IntercomIdentityConfig,
  isResolvedConfig,
  type JwtConfig,
  LOAD_MODES,
  type LoadMode,
  type Logger,
  MODES,
  PLATFORMS,
  type Platform,
  REGIONS,
  type Region,
  type ResolvedConfig,
  resolveConfig,
} from './config.js';
export { createEnvIdentity, ENV_VARIABLES, type EnvIdentity } from './env-identity.js';
export {
  describeError,
  ERROR_CODES,
  IntercomIdentityError,
  type IntercomIdentityErrorCode,
  isIntercomIdentityError,
} from './errors.js';
export { type MatchedSecret, matchUserHash, userHash, type VerificationSecrets, verifyUserHash } from './hash.js';
export { problemResponse, setupErrorResponse } from './http.js';
export {
  createIdentity,
  type Identity,
  type IdentityProof,
  type IntercomSettings,
  type RenderBootOptions,
  type RenderedBoot,
} from './identity.js';
export { DEFAULT_JWT_EXPIRES_IN, type JwtClaimValue, type SignUserJwtOptions, signUserJwt, type UserJwtClaims } from './jwt.js';
export {
  type ExpiredCookie,
  type MessengerLogoutOptions,
  messengerLogoutCookieList,
  messengerLogoutCookies,
} from './logout.js';
export { personMarker, personMarkerKey } from './marker.js';
export {
  MESSENGER_ERRORS,
  type MessengerError,
  type MessengerErrorId,
  MISSING_PROOF_CONSOLE_TEXT,
} from './messenger-errors.js';
export {
  createMobileHandler,
  createProofEndpoint,
  type MaybeUser,
  type MobileHandlerOptions,
  type ProofEndpointOptions,
} from './mobile.js';
export { type NodeRequestOrigin, type NodeRequestParts, requestFromNode } from './node-request.js';
export {
  type BootScriptAttributes,
  cspScriptHash,
  messengerSessionCookie,
  type RenderScriptOptions,
  serializeForScript,
} from './script.js';
export { Secret } from './secret.js';
export type { AttributeValue, IntercomCompany, IntercomUser } from './user.js';
export {
  MAX_USER_JWT_LENGTH,
  type UserJwtProblem,
  type VerifyUserJwtOptions,
  type VerifyUserJwtResult,
  verifyUserJwt,
} from './verify-jwt.js';
