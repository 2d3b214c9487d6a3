import type { DemoUser } from '../../shared/demo-users';

/** The signed-in demo user, as the server read it from the session cookie. */
export function useDemoUser() {
  return useState<DemoUser | null>('demo-user', () => (useRequestEvent()?.context.user as DemoUser | null | undefined) ?? null);
}
