// Demo login: GET /demo/login?as=alice (or bob), optionally &name=... as a user
// could set in a profile form. Replace it with your real sign-in.
import { isDemoUserKey } from '#lib/server/demo-users.ts';
import { signIn } from '#lib/server/session.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies }) => {
  const as = url.searchParams.get('as');
  if (!isDemoUserKey(as))
    return new Response('Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  await signIn(cookies, url, as, url.searchParams.get('name'));
  // A relative Location: correct behind any proxy or host name.
  return new Response(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
};
