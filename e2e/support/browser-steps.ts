/** Steps the example contract's suites take in a page: the demo login, and waiting for a real signal. */
import type { Page } from 'playwright-core';

/** Signs in with the example's demo login; the page ends on `/` (the login redirects there). */
export async function login(page: Page, base: string, who: 'alice' | 'bob', name?: string): Promise<void> {
  const query = name === undefined ? '' : `&name=${encodeURIComponent(name)}`;
  await page.goto(`${base}/demo/login?as=${who}${query}`);
}

/** Resolves once `check` holds; fails with `what` when it does not within `timeoutMs`. */
export async function untilTrue(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
