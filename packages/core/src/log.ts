import type { Logger } from './config.js';

/** Writes a line at most once per logger: a setup problem is said once, not on every request. */
export type LogOnce = (level: 'warn' | 'error', line: string) => void;

// Keyed by the logger object: one app may create several identities (one per
// config change), and each line should still be said once to that app.
const said = new WeakMap<object, Set<string>>();

/**
 * The once-only writer of a logger. Lines are prefixed with `[intercom-identity]`
 * unless they already are.
 */
export function logOnceTo(logger: Logger): LogOnce {
  return (level, line) => {
    const text = line.startsWith('[intercom-identity]') ? line : `[intercom-identity] ${line}`;
    let seen = said.get(logger);
    if (seen === undefined) {
      seen = new Set();
      said.set(logger, seen);
    }
    // Lines may name a route: past a bound, say nothing more rather than grow without end.
    if (seen.has(text) || seen.size >= 1000) return;
    seen.add(text);
    logger[level](text);
  };
}
