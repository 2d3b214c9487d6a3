// Demo login: /demo/login?as=alice (or bob), optionally &name=... as a profile form could set it.
import type { APIRoute } from 'astro';
import { isDemoUserKey } from '../../lib/demo-users.js';
import { signIn } from '../../lib/session.js';

export const GET: APIRoute = ({ url, cookies }) => {
  const as = url.searchParams.get('as');
  if (!isDemoUserKey(as))
    return new Response('Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n', {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  signIn(cookies, url, as, url.searchParams.get('name'));
  return new Response(null, { status: 303, headers: { location: '/', 'cache-control': 'no-store' } });
};
