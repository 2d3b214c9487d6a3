// Runs before every page request. withIntercomCacheRule keeps the headers a
// proxy sets from letting a CDN keep a page that carries a user's proof.
import { withIntercomCacheRule } from '@intercom-identity/next/proxy';
import { NextResponse } from 'next/server';

export const proxy = withIntercomCacheRule(() => {
  const response = NextResponse.next();
  response.headers.set('x-frame-options', 'DENY');
  // A site-wide CDN rule, as a hosting setup may add one: on the pages it is
  // taken off again, and they are sent with Cache-Control: private, no-store.
  response.headers.set('cdn-cache-control', 'max-age=600');
  return response;
});

export const config = {
  matcher: ['/((?!_next/static/|_next/image).*)'],
};
