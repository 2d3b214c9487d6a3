import { userContext } from '@intercom-identity/react-router/server';
import { Suspense } from 'react';
import { Await } from 'react-router';
import type { Route } from './+types/account';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Account · React Router example' }];
}

/** Stands in for a slow lookup in your database: the page does not wait for it. */
async function lastActivity(signedIn: boolean): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return signedIn ? 'You looked at this page a moment ago.' : 'Nothing yet: sign in first.';
}

export function loader({ context }: Route.LoaderArgs) {
  // Not awaited: the shell of the page streams at once, this part follows in the same response.
  return { activity: lastActivity(context.get(userContext) !== null) };
}

export default function Account({ loaderData }: Route.ComponentProps) {
  return (
    <>
      <h1>Account</h1>
      <p>Another page of the app. The Messenger stays booted as the same person across client-side navigation.</p>
      <Suspense fallback={<p data-testid="activity">Looking up your last activity…</p>}>
        <Await resolve={loaderData.activity}>{(activity) => <p data-testid="activity">{activity}</p>}</Await>
      </Suspense>
    </>
  );
}
