// Demo login: GET /demo/login?as=alice (or bob), optionally &name=... as a
// user could set it in a profile form, signs in and goes home. A form may post
// `as` here too (app/switch-user.tsx): then the page stays, and React Router
// revalidates its loaders. Replace it with your real sign-in.
import { data, redirect } from 'react-router';
import { isDemoUserKey } from '../demo-users';
import { signIn } from '../session.server';
import type { Route } from './+types/demo.login';

const UNKNOWN = 'Unknown demo user. Sign in with /demo/login?as=alice or /demo/login?as=bob.\n';

export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const as = params.get('as');
  if (!isDemoUserKey(as))
    return new Response(UNKNOWN, {
      status: 400,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  return redirect('/', {
    status: 303,
    headers: { 'set-cookie': await signIn(request, as, params.get('name')), 'cache-control': 'no-store' },
  });
}

export async function action({ request }: Route.ActionArgs) {
  const as = (await request.formData()).get('as');
  if (!isDemoUserKey(as)) return data({ error: UNKNOWN.trim() }, { status: 400, headers: { 'cache-control': 'no-store' } });
  return data({ signedIn: as }, { headers: { 'set-cookie': await signIn(request, as, null), 'cache-control': 'no-store' } });
}
