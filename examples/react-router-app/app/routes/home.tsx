import type { Route } from './+types/home';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Home · React Router example' }];
}

export default function Home() {
  return (
    <>
      <h1>Home</h1>
      <p>
        This page boots the Intercom Messenger with a proof signed on the server for the signed-in user. Open{' '}
        <code>/account</code> with the link above: React Router shows it without a page load, and the Messenger gets an update.
      </p>
    </>
  );
}
