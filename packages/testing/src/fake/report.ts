import type { Platform } from '@intercom-identity/core';
import type { CheckResult } from './rules.js';

/**
 * Where a check happened: a web boot, a web update, a web message refused because
 * the session's token has expired, or a mobile proof check.
 */
export type CheckKind = 'boot' | 'update' | 'message' | 'mobile';

/** One check the fake made, in the order it happened. */
export interface FakeMessengerEvent {
  platform: Platform;
  kind: CheckKind;
  /** 'dropped': an update the update budget ignored (not checked, not applied). */
  outcome: 'valid' | 'invalid' | 'unverified' | 'visitor' | 'dropped';
  /** The user_id (or email) that was claimed; empty for a visitor or when none was sent. */
  user: string;
  /** How a valid user was proven. */
  via?: 'user_hash' | 'jwt';
  /** Which secret a valid proof was made with: the current one, or the previous one while a secret is rotated. */
  secret?: 'current' | 'previous';
  /** Why it was refused. */
  reason?: string;
  /** A likely cause the real Messenger would not tell you, such as "made with the ios secret". */
  hint?: string;
}

/** Counts for one user on one platform. */
export interface FakeMessengerUserReport {
  valid: number;
  invalid: number;
  /** Accepted without a proof because enforcement is off. */
  unverified: number;
  /** Refusals by reason. */
  reasons: Record<string, number>;
}

/** Counts for one platform: the stand-in for Intercom's "Active integrations with logged-in users". */
export interface FakeMessengerPlatformReport {
  valid: number;
  invalid: number;
  unverified: number;
  visitors: number;
  /** Updates the update budget ignored (20 per 30 minutes per page session). */
  dropped: number;
  /** By user_id (or email when no user_id was sent); refusals without any identifier are under "". */
  users: Record<string, FakeMessengerUserReport>;
  /** Refusals by reason, over all users. */
  reasons: Record<string, number>;
  /** Whether enforcing Identity Verification on this platform would lock nobody out, judged on the recent events. */
  verdict: EnforcementVerdict;
}

/** Whether a platform is ready to enforce Identity Verification, and why (not). */
export interface EnforcementVerdict {
  /** True when the recent events have signed-in users and none was unverified or refused. */
  safe: boolean;
  /** One sentence: why it is safe, or what stands in the way. */
  why: string;
}

/** One page load's Messenger (a page session), as the update budget counts it. */
export interface FakeMessengerPageReport {
  /** The random id the widget made when the page loaded. */
  id: string;
  /** The user_id (or email) the page's Messenger ended with; empty for a visitor or after shutdown. */
  user: string;
  boots: number;
  /** Updates the budget let through (verification may still have refused some). */
  updates: number;
  /** Updates the budget ignored. */
  dropped: number;
  /** The exp (Unix seconds) of the JWT the page's session holds; null without a JWT, or for a JWT without exp. */
  tokenExpires: number | null;
  /** Whether that JWT is still valid on the fake's clock; null when no JWT is held. */
  tokenValid: boolean | null;
}

/** What the fake Messenger saw since it started or since `reset()`. */
export interface FakeMessengerReport {
  appId: string;
  mode: 'user_hash' | 'jwt';
  enforce: boolean;
  platforms: Record<Platform, FakeMessengerPlatformReport>;
  /** Every check, oldest first (the newest 1000). */
  events: FakeMessengerEvent[];
  /** Page sessions, least recently active first (the 200 most recently active). */
  pages: FakeMessengerPageReport[];
}

const MAX_EVENTS = 1000;
/** Page sessions a report lists. */
export const MAX_REPORTED_PAGES = 200;

type PlatformTotals = Omit<FakeMessengerPlatformReport, 'verdict'>;

function emptyPlatform(): PlatformTotals {
  return { valid: 0, invalid: 0, unverified: 0, visitors: 0, dropped: 0, users: {}, reasons: {} };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The verdict for one platform, from its recent events. */
export function enforcementVerdict(platform: Platform, events: readonly FakeMessengerEvent[]): EnforcementVerdict {
  const own = events.filter((event) => event.platform === platform);
  const invalid = own.filter((event) => event.outcome === 'invalid');
  const unverified = own.filter((event) => event.outcome === 'unverified');
  const valid = own.filter((event) => event.outcome === 'valid');
  if (invalid.length > 0 || unverified.length > 0) {
    const problems: string[] = [];
    if (invalid.length > 0) {
      const reasons = [...new Set(invalid.map((event) => event.reason ?? 'refused'))].join(', ');
      problems.push(`${plural(invalid.length, 'refused proof', 'refused proofs')} (${reasons})`);
    }
    if (unverified.length > 0) problems.push(`${plural(unverified.length, 'signed-in boot', 'signed-in boots')} without a proof`);
    return {
      safe: false,
      why: `Not safe: the recent events have ${problems.join(' and ')}; enforcing would lock these users out. Fix the proofs first.`,
    };
  }
  if (valid.length === 0)
    return {
      safe: false,
      why:
        platform === 'web'
          ? 'Not safe yet: no signed-in user was seen on web; sign in on a page that boots the Messenger first.'
          : `Not safe yet: no ${platform} proof was checked; check one from the mobile endpoint first.`,
    };
  const users = new Set(valid.map((event) => event.user)).size;
  return {
    safe: true,
    why: `Safe to enforce: ${plural(users, 'signed-in user', 'signed-in users')} seen, every proof valid, none unverified.`,
  };
}

/** Collects checks into a report. */
export class ReportBook {
  #events: FakeMessengerEvent[] = [];
  #platforms: Record<Platform, PlatformTotals> = {
    web: emptyPlatform(),
    ios: emptyPlatform(),
    android: emptyPlatform(),
  };

  constructor(private readonly header: Pick<FakeMessengerReport, 'appId' | 'mode' | 'enforce'>) {}

  record(platform: Platform, kind: CheckKind, result: CheckResult): void {
    const event: FakeMessengerEvent = {
      platform,
      kind,
      outcome: result.outcome,
      user: result.outcome === 'visitor' ? '' : result.label,
    };
    if (result.outcome === 'valid') {
      event.via = result.via;
      if (result.secret !== undefined) event.secret = result.secret;
    }
    if (result.outcome === 'invalid') {
      event.reason = result.reason;
      if (result.hint !== undefined) event.hint = result.hint;
    }
    this.#events.push(event);
    if (this.#events.length > MAX_EVENTS) this.#events.shift();

    const totals = this.#platforms[platform];
    if (result.outcome === 'visitor') {
      totals.visitors++;
      return;
    }
    totals[result.outcome]++;
    let user = totals.users[event.user];
    if (user === undefined) {
      user = { valid: 0, invalid: 0, unverified: 0, reasons: {} };
      totals.users[event.user] = user;
    }
    user[result.outcome]++;
    if (result.outcome === 'invalid') {
      user.reasons[result.reason] = (user.reasons[result.reason] ?? 0) + 1;
      totals.reasons[result.reason] = (totals.reasons[result.reason] ?? 0) + 1;
    }
  }

  /** An update the budget ignored, for the session's user (empty for a visitor). */
  recordDropped(user: string): void {
    this.#events.push({ platform: 'web', kind: 'update', outcome: 'dropped', user });
    if (this.#events.length > MAX_EVENTS) this.#events.shift();
    this.#platforms.web.dropped++;
  }

  /** A deep copy, so a test can keep it while the fake goes on. */
  snapshot(pages: readonly FakeMessengerPageReport[] = []): FakeMessengerReport {
    const platforms = {} as Record<Platform, FakeMessengerPlatformReport>;
    for (const [platform, totals] of Object.entries(this.#platforms) as [Platform, PlatformTotals][])
      platforms[platform] = { ...totals, verdict: enforcementVerdict(platform, this.#events) };
    return structuredClone({ ...this.header, platforms, events: this.#events, pages: pages.slice(-MAX_REPORTED_PAGES) });
  }

  clear(): void {
    this.#events = [];
    this.#platforms = { web: emptyPlatform(), ios: emptyPlatform(), android: emptyPlatform() };
  }
}
