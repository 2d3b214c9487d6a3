// The app's own middleware, before the Intercom integration's (which Astro runs
// after this one): it finds the signed-in user of the demo login and puts it in
// `context.locals.user`, the user the integration signs. It also gives every
// page rendered on demand a Content-Security-Policy with a fresh nonce, which the
// boot script carries (astro.config.mjs passes it to the integration).

import { defineMiddleware } from 'astro:middleware';
import { randomBytes } from 'node:crypto';
import { userOf } from './lib/session.js';

// Astro's bundled scripts come from 'self'; the boot script and the Messenger's script carry the nonce.
// Report-only, so the demo never breaks: the browser's console tells what the policy would block.
const policy = (nonce: string) =>
  [
    `script-src 'self' 'nonce-${nonce}' https://app.intercom.io https://widget.intercom.io https://js.intercomcdn.com`,
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');

export const onRequest = defineMiddleware(async (context, next) => {
  // A prerendered page is built once for everyone: no session, no nonce.
  if (context.isPrerendered) {
    context.locals.user = null;
    context.locals.cspNonce = undefined;
    return next();
  }
  context.locals.user = userOf(context.cookies);
  const nonce = randomBytes(16).toString('base64');
  context.locals.cspNonce = nonce;
  const response = await next();
  if (response.headers.get('content-type')?.startsWith('text/html'))
    response.headers.set('content-security-policy-report-only', policy(nonce));
  return response;
});
