import { Shell } from '@/components/shell';

export default function AccountPage() {
  return (
    <Shell title="Account">
      <p>Another page of the app. The Messenger stays booted as the same person across client-side navigation.</p>
    </Shell>
  );
}
