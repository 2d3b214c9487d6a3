import { describe, expect, it } from 'vitest';

// The public API is pinned: changing it must be a deliberate edit of this list.
const EXPECTED = [
  'API_BASES',
  'APP_ID_PATTERN',
  'CDN_CACHE_HEADERS',
  // The consent and load modes of the config (INTERCOM_CONSENT, INTERCOM_LOAD).
  'CONSENT_MODES',
  'DEFAULT_JWT_EXPIRES_IN',
  'DEFAULT_WIDGET_URL',
  'ENV_NAMES',
  'ENV_VARIABLES',
  'ERROR_CODES',
  'IntercomIdentityError',
  'LOAD_MODES',
  'MAX_USER_JWT_LENGTH',
  'MESSENGER_ERRORS',
  'MISSING_PROOF_CONSOLE_TEXT',
  'MODES',
  'PLATFORMS',
  'REGIONS',
  'SIGNED_CACHE_CONTROL',
  'Secret',
  'applySignedCacheRule',
  'createEnvIdentity',
  'createIdentity',
  'createIntercomAdapter',
  // Deprecated alias of createProofEndpoint, kept for one minor version.
  'createMobileHandler',
  'createProofEndpoint',
  'cspScriptHash',
  'describeError',
  'isIntercomIdentityError',
  'isPrivateNoStore',
  'isResolvedConfig',
  'matchUserHash',
  'messengerLogoutCookieList',
  'messengerLogoutCookies',
  'messengerSessionCookie',
  'personMarker',
  'personMarkerKey',
  'problemResponse',
  'requestFromNode',
  'resolveConfig',
  'serializeForScript',
  'setupErrorResponse',
  'signUserJwt',
  'userFromAuthJsSession',
  'userHash',
  'verifyUserHash',
  'verifyUserJwt',
];

describe('public exports of the built package', () => {
  it('the Node build exports exactly the pinned names', async () => {
    const mod = await import('../dist/index.js');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED);
  });

  it('the Web Crypto build exports the same names', async () => {
    const mod = await import('../dist/web.js');
    expect(Object.keys(mod).sort()).toEqual(EXPECTED);
  });

  it('the client entry exports exactly its pinned names', async () => {
    const mod = await import('../dist/client.js');
    expect(Object.keys(mod).sort()).toEqual([
      // The consent gate in the browser: the event, and the helpers a consent banner or a CMP calls.
      'CONSENT_EVENT',
      // Errors thrown in the browser (a misconfigured connectIntercom) have the core's class and codes.
      'IntercomIdentityError',
      'clearIntercomStorage',
      // The single-page entry: the proof and the workspace from the backend.
      'connectIntercom',
      'createIntercomSync',
      // Deprecated alias of createIntercomSync, kept for one minor version.
      'createMessengerSync',
      // The Messenger of @intercom/messenger-js-sdk.
      'fromMessengerJsSdk',
      'grantIntercomConsent',
      'identityKey',
      'intercomConsent',
      'onIntercomConsent',
      // personMarker moved to the server entry: the marker is keyed with the secret.
      'personStorageKey',
      'readJwtClaims',
      // The settings in a boot script, for adapters whose page data carries the script (Astro, React Router).
      'settingsOfBootScript',
      'shutdownIntercom',
      'withdrawIntercomConsent',
    ]);
  });

  it('the browser build refuses to load, naming the reason', async () => {
    await expect(import('../dist/browser.js')).rejects.toMatchObject({
      code: 'BROWSER_IMPORT',
      message: expect.stringContaining('must only run on a server'),
    });
  });
});
