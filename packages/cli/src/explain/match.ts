import { CODE_ENTRIES } from './codes.js';
import { FAKE_REASON_ENTRIES } from './fake-reasons.js';
import { MESSENGER_ENTRIES } from './messenger.js';
import type { ExplainMatch, Explanation, MatchedBy } from './types.js';

/** What explain made of the input. Nothing of the input itself is in it. */
export interface ExplainResult {
  matches: ExplainMatch[];
  /** Set when the input named only an HTTP status: the statuses, each of which may mean several messages. */
  statuses: number[];
  /** Secret-looking values found in the input, by kind (never their values), for a warning. */
  sensitive: SensitiveKind[];
  /** The values themselves, for the run's redaction list only: never printed. */
  sensitiveValues: string[];
}

export type SensitiveKind = 'jwt' | 'user_hash' | 'secret';

interface Hit {
  start: number;
  end: number;
  explanation: Explanation;
  by: MatchedBy;
}

// A pasted text may be a whole console dump: more than this is not read.
const MAX_INPUT = 100_000;
const WORD = /[a-z0-9_]/;

/**
 * Finds every known message in a pasted text: the real Messenger's texts and body codes,
 * the fake Messenger's reasons and this project's error codes. A match that lies inside a
 * longer one is the longer one's part (the fake's "missing user_hash" inside the real
 * Messenger's "Missing user_hash or intercom_user_jwt", say). Only when nothing else is
 * found does an HTTP status count, since a status alone may mean several things.
 */
export function explainText(input: string): ExplainResult {
  const text = input.slice(0, MAX_INPUT);
  const flat = text.replace(/\s+/g, ' ').toLowerCase();
  const hits: Hit[] = [];

  for (const entry of MESSENGER_ENTRIES) {
    for (const needle of entry.texts) hits.push(...find(flat, needle, entry.explanation, 'text', false));
    if (entry.code !== undefined) {
      const code = entry.code.toLowerCase();
      // A code that is an ordinary word ("conflict") counts only where it stands as a code.
      if (code.includes('_')) hits.push(...find(flat, code, entry.explanation, 'code', true));
      else {
        const asCode = new RegExp(`^ ?${code} ?$|\\bcode["']?\\s*[:=]\\s*["']?${code}\\b`).exec(flat);
        if (asCode !== null)
          hits.push({ start: asCode.index, end: asCode.index + asCode[0].length, explanation: entry.explanation, by: 'code' });
      }
    }
  }
  for (const explanation of FAKE_REASON_ENTRIES) hits.push(...find(flat, explanation.text, explanation, 'text', false));
  for (const explanation of CODE_ENTRIES) hits.push(...find(flat, explanation.text, explanation, 'code', true));

  const kept = hits.filter(
    (hit) =>
      !hits.some((other) => other.end - other.start > hit.end - hit.start && other.start <= hit.start && other.end >= hit.end),
  );
  kept.sort((a, b) => a.start - b.start);
  const matches: ExplainMatch[] = [];
  for (const hit of kept)
    if (!matches.some((match) => match.source === hit.explanation.source && match.id === hit.explanation.id))
      matches.push({ ...hit.explanation, matchedBy: hit.by });

  const statuses = matches.length === 0 ? statusesIn(text) : [];
  if (statuses.length > 0) matches.push(...byStatus(statuses, flat));
  const { kinds, values } = sensitiveIn(text);
  return { matches, statuses, sensitive: kinds, sensitiveValues: values };
}

function find(flat: string, needle: string, explanation: Explanation, by: MatchedBy, whole: boolean): Hit[] {
  const lower = needle.replace(/\s+/g, ' ').toLowerCase();
  const hits: Hit[] = [];
  for (let at = flat.indexOf(lower); at !== -1; at = flat.indexOf(lower, at + 1)) {
    const end = at + lower.length;
    if (whole && (WORD.test(flat[at - 1] ?? '') || WORD.test(flat[end] ?? ''))) continue;
    hits.push({ start: at, end, explanation, by });
  }
  return hits;
}

const KNOWN_STATUSES = new Set(
  [...MESSENGER_ENTRIES.map((entry) => entry.explanation), ...CODE_ENTRIES]
    .map((explanation) => explanation.status)
    .filter((status) => status !== undefined),
);

/** Every status explain can say something about, in order. */
export const STATUSES: readonly number[] = [...KNOWN_STATUSES].sort((a, b) => a - b);

const STATUS_PATTERNS = [
  // The whole input: "403", "HTTP 403", "status 403".
  /^\s*(?:(?:http|status)\s*)?(\d{3})\s*$/i,
  // "HTTP/1.1 403", "status: 403", "Status Code: 403", "status":403
  /\b(?:HTTP(?:\/[\d.]+)?|status(?:[ _]?code)?)["']?\s*[:=]?\s*(\d{3})\b/gi,
  // Chrome's network line: "POST https://... 403 (Forbidden)"
  /(?:^|[\s"'])(\d{3})\s*\(?\s*(?:Forbidden|Unauthorized|Bad Request|Conflict|Unprocessable|Method Not Allowed|Internal Server Error)\b/gi,
];

function statusesIn(text: string): number[] {
  const found = new Set<number>();
  for (const pattern of STATUS_PATTERNS)
    for (const match of text.matchAll(
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
    )) {
      const status = Number(match[1]);
      if (KNOWN_STATUSES.has(status)) found.add(status);
    }
  return [...found].sort((a, b) => a - b);
}

/** Every message of a status; narrowed to the Messenger or to the proof endpoint when the text says which. */
function byStatus(statuses: readonly number[], flat: string): ExplainMatch[] {
  const endpoint = /\/api\/intercom-identity|intercom-identity\]|proof endpoint/.test(flat);
  const messenger = /intercom\.io|intercomcdn|messenger|widget|\b(?:ios|android|sdk)\b/.test(flat);
  const all = [...MESSENGER_ENTRIES.map((entry) => entry.explanation), ...CODE_ENTRIES];
  const out: ExplainMatch[] = [];
  for (const status of statuses) {
    const candidates = all.filter((explanation) => explanation.status === status);
    const narrowed = candidates.filter((explanation) =>
      endpoint && !messenger
        ? explanation.source === 'error-code'
        : messenger && !endpoint
          ? explanation.source === 'messenger'
          : true,
    );
    for (const explanation of narrowed.length > 0 ? narrowed : candidates) out.push({ ...explanation, matchedBy: 'status' });
  }
  return out;
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const USER_HASH = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/gi;
const OPAQUE = /(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_+/=-]{32,}(?![A-Za-z0-9_+/=-])/g;

/** JWTs, user_hashes and long opaque strings (a secret, a session token) in the input. */
function sensitiveIn(text: string): { kinds: SensitiveKind[]; values: string[] } {
  const kinds = new Set<SensitiveKind>();
  const values: string[] = [];
  let rest = text;
  for (const [kind, pattern] of [
    ['jwt', JWT],
    ['user_hash', USER_HASH],
    ['secret', OPAQUE],
  ] as const) {
    for (const match of rest.matchAll(pattern)) {
      const value = match[0];
      // A long word of letters only (a code, a name) is not a secret; one with digits may be.
      if (kind === 'secret' && !(/\d/.test(value) && /[A-Za-z]/.test(value))) continue;
      kinds.add(kind);
      values.push(value);
    }
    // Found once is enough: a JWT's parts are not also reported as secrets.
    rest = rest.replace(pattern, ' ');
  }
  return { kinds: [...kinds], values };
}
