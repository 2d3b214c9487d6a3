// Demo logout: ends the session, expires the Messenger's session cookie and
// goes home. The logout button calls shutdownIntercom() before it navigates
// here; the expired cookie covers a logout where that never ran.
import { NextResponse } from 'next/server';
import { intercom } from '@/lib/intercom';
import { cookieOptions, SESSION_COOKIE } from '@/lib/session';

export function GET(request: Request) {
  const response = new NextResponse(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
  response.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(request), maxAge: 0 });
  return intercom.expireIntercomSession(request, response);
}
