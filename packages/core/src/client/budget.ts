/**
 * The Messenger's update budget in one page session, as the browser sync spends it.
 *
 * Intercom accepts at most 20 `Intercom('update')` calls per 30 minutes in one
 * page session and silently ignores the rest; a page load starts a new session,
 * and `boot` and `shutdown` are not updates. An update that is ignored is worse
 * than one never sent: a refreshed JWT in it never arrives, the held token
 * expires, and the Messenger refuses the signed-in user. So the sync counts every
 * update it sends and stops short of the limit.
 */

// Intercom accepts 20 updates in any 30 minutes of a page session. The sync
// leaves 4 of them for the app's own `Intercom('update')` calls (to change an
// attribute, say), which it cannot see: room for a few such calls in half an
// hour while leaving the sync 16, one navigation update per 30 seconds through
// 8 minutes of non-stop clicking. An app that makes more than 4 in half an hour
// may get some updates ignored, its own or the sync's. (The figures are written
// as numbers where they are used, as the sync's waits are: see sync.ts.)

/** What the sync counts for one page: one per page load, whatever the number of syncs on it. */
interface PageBudget {
  /** When each update the sync sent was sent, in milliseconds, oldest first. */
  sent: number[];
  /** When the Messenger was last told about a navigation; undefined before the first. */
  lastNavigation?: number;
}

/**
 * The budget of the page whose global object is `page`. It is kept on that
 * object: a page load brings a new window, and so a new count, as it does in
 * the Messenger. Every sync on the page shares it, so a component that mounts
 * again does not start from zero, and neither does a second copy of this
 * package that a bundle may carry.
 */
export function budgetOf(page: object): PageBudget {
  // biome-ignore lint/suspicious/noAssignInExpressions: creates the page's budget on first use
  return ((page as { intercomIdentityUpdates?: PageBudget }).intercomIdentityUpdates ??= { sent: [] });
}

/**
 * Whether the sync may send one more update at `at` and still leave the app's
 * reserve. A sliding window is safe whichever way Intercom aligns its own: no
 * 30 minutes ever hold more than the limit less the reserve. A time later than
 * `at` (the clock was set back) counts from `at`, which only makes it last longer.
 */
export function hasRoom(budget: PageBudget, at: number): boolean {
  // 30 minutes; 20 less the app's 4.
  budget.sent = budget.sent.filter((sent) => sent > at - 1_800_000).map((sent) => Math.min(sent, at));
  return budget.sent.length < 16;
}
