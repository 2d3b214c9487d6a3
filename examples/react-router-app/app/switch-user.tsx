import { useFetcher } from 'react-router';

/**
 * A sign-in without a page load, as a login form that posts with a fetcher
 * does it: the action sets the session cookie, React Router revalidates the
 * loaders, and <IntercomScript> boots the Messenger as the new person.
 */
export function SwitchUser() {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" action="/demo/login">
      Switch without a page load:{' '}
      <button type="submit" name="as" value="alice">
        Sign in as Alice here
      </button>{' '}
      <button type="submit" name="as" value="bob">
        Sign in as Bob here
      </button>
    </fetcher.Form>
  );
}
