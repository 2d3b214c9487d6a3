// Demo logout: ends the session and goes home. The Log out button calls
// shutdownIntercom() before it navigates here.
import { signOut } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, cookies }) => {
  signOut(cookies, url);
  return new Response(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
};
