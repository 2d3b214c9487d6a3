// Runs before every page request, for two jobs:
//
// 1. `Cache-Control: private, no-store` on every page. Next.js sends it itself
//    for dynamic pages on the Node.js runtime, but not for Edge runtime pages;
//    a page with a user's proof must never be stored by a shared cache.
//
// 2. A fresh CSP nonce. Next.js puts it on its own scripts (it reads the policy
//    from the request), and <IntercomMessenger /> reads it from the x-nonce
//    request header and puts it on the boot script, which passes it on to the
//    Messenger's script. The policy is report-only here, so the demo cannot
//    break a Messenger loaded from elsewhere: violations show in the browser
//    console. Once your policy covers every script of your site, send it as
//    Content-Security-Policy.
import { type NextRequest, NextResponse } from 'next/server';

const POLICY_HEADER = 'content-security-policy-report-only';

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  // React needs eval in development only, for its error overlays.
  const devEval = process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : '';
  const policy = `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${devEval}; object-src 'none'; base-uri 'self'`;

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set(POLICY_HEADER, policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(POLICY_HEADER, policy);
  response.headers.set('cache-control', 'private, no-store');
  return response;
}

export const config = {
  // Every page, client navigation and prefetch; not the API routes (they set
  // their own headers) or the static files.
  matcher: ['/((?!api/|_next/static/|_next/image|favicon.ico).*)'],
};
