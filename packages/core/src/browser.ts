// Bundlers pick this file for browser builds instead of the real core.
const error = new Error(
  '@intercom-identity/core was bundled for a browser. It signs with your Intercom Identity Verification secret and must only run on a server: import it from server code (a server component, a server hook, an API route), never from client code.',
);
error.name = 'IntercomIdentityError';
throw Object.assign(error, { code: 'BROWSER_IMPORT' });
