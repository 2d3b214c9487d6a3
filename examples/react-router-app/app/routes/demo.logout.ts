// Demo logout: ends the session, expires the Messenger's session cookie and
// goes home. The Log out button calls shutdownIntercom() before it comes here;
// the expired cookie covers a logout where that never ran.
import { expireIntercomSession } from '@intercom-identity/react-router/server';
import { redirect } from 'react-router';
import { signOut } from '../session.server';
import type { Route } from './+types/demo.logout';

export async function loader({ request, context }: Route.LoaderArgs) {
  const headers = new Headers({ 'set-cookie': await signOut(request), 'cache-control': 'no-store' });
  expireIntercomSession({ request, context }, headers);
  return redirect('/', { status: 303, headers });
}
