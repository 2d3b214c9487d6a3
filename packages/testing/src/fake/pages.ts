/**
 * The real Messenger's update budget: `Intercom('update')` is accepted at most 20
 * times per 30 minutes per page session, and ignored past that. A page session is
 * one page load (one run of the widget script, which makes a random id); a reload
 * starts a new one. The window slides: an update frees its place 30 minutes after it
 * was let through. A dropped update takes no place.
 */

/** Updates the real Messenger accepts per page session in {@link UPDATE_WINDOW_MS}. */
export const UPDATE_LIMIT = 20;
/** The sliding window of the update budget: 30 minutes. */
export const UPDATE_WINDOW_MS = 30 * 60 * 1000;

/** One page load's Messenger: the widget makes its id once per script execution. */
export interface PageSession {
  id: string;
  /** The Messenger session (cookie token) the page talked to last. */
  session: string;
  /** Who that session belonged to after the page's last call; empty for a visitor or after shutdown. */
  user: string;
  /** The held token's exp when the page's session was last seen (used once the session is gone). */
  tokenExpires: number | null;
  jwt: boolean;
  boots: number;
  /** Updates the budget let through (verification may still have refused them). */
  updates: number;
  /** Updates the budget dropped. */
  dropped: number;
  /** When each update in the window was let through, oldest first (ms of the fake's clock). */
  window: number[];
}

const MAX_PAGES = 10_000;
const PAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The page id a request names: the string when it is one the widget could have
 * made, undefined when none was sent, null when it is not usable.
 */
export function pageId(value: unknown): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && PAGE_ID.test(value) ? value : null;
}

/**
 * Page sessions and the update budget: at most {@link UPDATE_LIMIT} updates per
 * page session in any {@link UPDATE_WINDOW_MS}, counted on the fake's clock.
 */
export class PageStore {
  #pages = new Map<string, PageSession>();

  constructor(private readonly clock: () => number) {}

  /** The page session, created on first sight; it becomes the most recently active one. */
  touch(id: string): PageSession {
    let page = this.#pages.get(id);
    if (page === undefined) {
      page = { id, session: '', user: '', tokenExpires: null, jwt: false, boots: 0, updates: 0, dropped: 0, window: [] };
      if (this.#pages.size >= MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value as string);
    } else {
      this.#pages.delete(id);
    }
    this.#pages.set(id, page);
    return page;
  }

  /**
   * Spends one update of the page's budget. False when the budget is used up:
   * the update is dropped, and a dropped update does not use the budget.
   */
  spendUpdate(page: PageSession): boolean {
    const now = this.clock();
    page.window = page.window.filter((at) => now - at < UPDATE_WINDOW_MS);
    if (page.window.length >= UPDATE_LIMIT) {
      page.dropped++;
      return false;
    }
    page.window.push(now);
    page.updates++;
    return true;
  }

  /** Every page session, least recently active first. */
  list(): PageSession[] {
    return [...this.#pages.values()];
  }

  clear(): void {
    this.#pages.clear();
  }
}
