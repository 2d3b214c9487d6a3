// Demo logout: ends the session, expires the Messenger's session cookie and
// goes home. The Log out button calls shutdownIntercom() before it navigates
// here; the expired cookie covers a logout where that never ran.
import { expireIntercomSession } from '@intercom-identity/sveltekit';
import { signOut } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  signOut(event.cookies, event.url);
  await expireIntercomSession(event);
  return new Response(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
};
