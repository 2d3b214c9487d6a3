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

/** Updates Intercom accepts in one window of a page session. */
export const UPDATE_LIMIT = 20;

/** The length of that window: 30 minutes. */
export const UPDATE_WINDOW_MS = 30 * 60 * 1000;

/**
 * Updates left for the app's own `Intercom('update')` calls (to change an
 * attribute, say), which the sync cannot see. Four is room for a few such
 * calls in half an hour while leaving the sync 16: one navigation update per
 * 30 seconds through 8 minutes of non-stop clicking.
 * An app that makes more than 4 in half an hour may get some updates ignored,
 * its own or the sync's.
 */
export const APP_RESERVE = 4;

/** What the sync counts for one page: one per page load, whatever the number of syncs on it. */
interface PageBudget {
  /** When each update the sync sent was sent, in milliseconds, oldest first. */
  sent: number[];
  /** When the Messenger was last told about a navigation; undefined before the first. */
  lastNavigation: number | undefined;
}

// Keyed by the page's window: a page load brings a new window, and so a new
// count, as it does in the Messenger. Every sync on the page shares it, so a
// component that mounts again does not start from zero.
const pages = new WeakMap<object, PageBudget>();

/** The budget of the page whose global object is `page`. */
export function budgetOf(page: object): PageBudget {
  let budget = pages.get(page);
  if (budget === undefined) {
    budget = { sent: [], lastNavigation: undefined };
    pages.set(page, budget);
  }
  return budget;
}

/**
 * Whether the sync may send one more update at `at` and still leave the app's
 * reserve. A sliding window is safe whichever way Intercom aligns its own: no
 * 30 minutes ever hold more than the limit less the reserve. A time later than
 * `at` (the clock was set back) counts from `at`, which only makes it last longer.
 */
export function hasRoom(budget: PageBudget, at: number): boolean {
  budget.sent = budget.sent.filter((sent) => sent > at - UPDATE_WINDOW_MS).map((sent) => Math.min(sent, at));
  return budget.sent.length < UPDATE_LIMIT - APP_RESERVE;
}

/** Counts an update sent at `at`. */
export function spend(budget: PageBudget, at: number): void {
  budget.sent.push(at);
}
