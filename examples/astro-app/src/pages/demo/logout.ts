// Demo logout: ends the session, expires the Messenger's session cookie and goes home. The Log out
// button calls shutdownIntercom() before it comes here; the expired cookie covers a logout where that never ran.
import { expireIntercomSession } from '@intercom-identity/astro';
import type { APIRoute } from 'astro';
import { signOut } from '../../lib/session.js';

export const GET: APIRoute = (context) => {
  signOut(context.cookies, context.url);
  // Adds the Set-Cookie headers that expire intercom-session-{app_id} to this response.
  return expireIntercomSession(
    context,
    new Response(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } }),
  );
};
