import { Shell } from '@/components/shell';

export default function HomePage() {
  return (
    <Shell title="Home">
      <p>
        This page boots the Intercom Messenger with a proof signed on the server for the signed-in user. Open{' '}
        <code>/account</code> with the link above: the page changes without a reload and the Messenger gets an update.
      </p>
    </Shell>
  );
}
