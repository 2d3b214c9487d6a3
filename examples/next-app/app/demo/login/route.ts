// Demo login: GET /demo/login?as=alice (or bob), optionally &name=... as a user
// could set in a profile form. Replace it with your real sign-in.
import { NextResponse } from 'next/server';
import { isDemoUserKey } from '@/lib/demo-users';
import { cookieOptions, type DemoSession, displayName, SESSION_COOKIE, sealSession } from '@/lib/session';

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const as = params.get('as');
  if (!isDemoUserKey(as))
    return new Response('Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  const session: DemoSession = { as };
  const name = displayName(params.get('name'));
  if (name !== undefined) session.name = name;
  // A relative Location: correct behind any proxy or host name.
  const response = new NextResponse(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
  response.cookies.set(SESSION_COOKIE, await sealSession(session), cookieOptions(request));
  return response;
}
