// Demo logout: ends the session and goes home. The logout button calls
// shutdownIntercom() before it navigates here.
import { NextResponse } from 'next/server';
import { cookieOptions, SESSION_COOKIE } from '@/lib/session';

export function GET(request: Request) {
  const response = new NextResponse(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
  response.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(request), maxAge: 0 });
  return response;
}
