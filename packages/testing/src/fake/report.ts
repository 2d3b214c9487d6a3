import type { Platform } from '@intercom-identity/core';
import type { CheckResult } from './rules.js';

/** Where a check happened: a web boot, a web update, or a mobile proof check. */
export type CheckKind = 'boot' | 'update' | 'mobile';

/** One check the fake made, in the order it happened. */
export interface FakeMessengerEvent {
  platform: Platform;
  kind: CheckKind;
  outcome: 'valid' | 'invalid' | 'unverified' | 'visitor';
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
  /** By user_id (or email when no user_id was sent); refusals without any identifier are under "". */
  users: Record<string, FakeMessengerUserReport>;
  /** Refusals by reason, over all users. */
  reasons: Record<string, number>;
}

/** What the fake Messenger saw since it started or since `reset()`. */
export interface FakeMessengerReport {
  appId: string;
  mode: 'user_hash' | 'jwt';
  enforce: boolean;
  platforms: Record<Platform, FakeMessengerPlatformReport>;
  /** Every check, oldest first (the newest 1000). */
  events: FakeMessengerEvent[];
}

const MAX_EVENTS = 1000;

function emptyPlatform(): FakeMessengerPlatformReport {
  return { valid: 0, invalid: 0, unverified: 0, visitors: 0, users: {}, reasons: {} };
}

/** Collects checks into a report. */
export class ReportBook {
  #events: FakeMessengerEvent[] = [];
  #platforms: Record<Platform, FakeMessengerPlatformReport> = {
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

  /** A deep copy, so a test can keep it while the fake goes on. */
  snapshot(): FakeMessengerReport {
    return structuredClone({ ...this.header, platforms: this.#platforms, events: this.#events });
  }

  clear(): void {
    this.#events = [];
    this.#platforms = { web: emptyPlatform(), ios: emptyPlatform(), android: emptyPlatform() };
  }
}
