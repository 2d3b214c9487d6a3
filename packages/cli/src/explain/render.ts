import { MESSENGER_ERRORS } from '@intercom-identity/core';
import { CODE_ENTRIES } from './codes.js';
import { FAKE_REASON_ENTRIES } from './fake-reasons.js';
import { type ExplainResult, type SensitiveKind, STATUSES } from './match.js';
import { MESSENGER_ENTRIES } from './messenger.js';
import type { ExplainMatch, Explanation } from './types.js';

// Everything printed here comes from the tables: the input is never part of the answer.

/** The warning for each kind of secret-looking value found in the input. */
export const SENSITIVE_NOTES: Readonly<Record<SensitiveKind, string>> = {
  jwt: 'the input holds what looks like a JWT; it is not printed. Whoever has a token can act as its user until it expires: keep it out of tickets and chats.',
  user_hash:
    'the input holds what looks like a user_hash; it is not printed. A user_hash never expires and proves who a user is: keep it out of tickets and chats.',
  secret:
    'the input holds what looks like a secret or a token; it is not printed. If it is an Identity Verification secret, rotate it in Intercom (Settings > Security > Messenger).',
};

function origin(explanation: Explanation): string {
  if (explanation.source === 'messenger') {
    const where = explanation.surface === 'mobile' ? 'the iOS and Android SDKs' : 'the web Messenger';
    const status = explanation.status !== undefined ? `, HTTP ${explanation.status}` : '';
    const code = explanation.code !== undefined ? `, code ${explanation.code}` : '';
    const words = explanation.documented ? " (Intercom's own words)" : ' (the status is documented, the wording is not)';
    return `${where}${status}${code}${words}`;
  }
  if (explanation.source === 'fake-messenger') {
    const real = explanation.messenger !== undefined ? MESSENGER_ERRORS[explanation.messenger] : undefined;
    const says =
      real !== undefined
        ? `; the real Messenger says "${real.text}"${real.status !== undefined ? ` (HTTP ${real.status})` : ''}`
        : '';
    return `the fake Messenger of @intercom-identity/testing${says}`;
  }
  const status = explanation.status !== undefined ? `; the proof endpoint answers HTTP ${explanation.status}` : '';
  return `an error code of intercom-identity${status}`;
}

function block(explanation: Explanation): string[] {
  const lines = [
    explanation.text,
    `  from:  ${origin(explanation)}`,
    `  cause: ${explanation.cause}`,
    `  fix:   ${explanation.fix}`,
  ];
  for (const [index, command] of explanation.check.entries()) lines.push(`${index === 0 ? '  check: ' : '         '}${command}`);
  return lines;
}

/** The answer for a person: one block per message found. */
export function renderExplanation(result: ExplainResult): string {
  const lines: string[] = [];
  if (result.statuses.length > 0) {
    const named = result.statuses.map((status) => `HTTP ${status}`).join(' and ');
    const count = result.matches.length;
    lines.push(
      count === 1
        ? `${named} has one known cause:`
        : `${named} can be any of these ${count}; paste the console line or the answer's body for one answer.`,
      '',
    );
  }
  result.matches.forEach((match, index) => {
    if (index > 0) lines.push('');
    lines.push(...block(match));
  });
  return `${lines.join('\n')}\n`;
}

/** Every message explain knows, in full (`explain --list`). */
export function renderCatalogue(): string {
  const sections: [string, readonly Explanation[]][] = [
    ['The real Intercom Messenger', MESSENGER_ENTRIES.map((entry) => entry.explanation)],
    ['The fake Messenger (@intercom-identity/testing)', FAKE_REASON_ENTRIES],
    ['Error codes of intercom-identity', CODE_ENTRIES],
  ];
  const lines: string[] = [];
  for (const [title, entries] of sections) {
    if (lines.length > 0) lines.push('');
    lines.push(`== ${title}`, '');
    entries.forEach((entry, index) => {
      if (index > 0) lines.push('');
      lines.push(...block(entry));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** The answer when nothing in the input is known: what explain does know, briefly. */
export function renderUnknown(): string {
  const lines = ['No message that intercom-identity knows is in the input. It knows:', '', 'The real Intercom Messenger:'];
  for (const { explanation } of MESSENGER_ENTRIES) {
    const where = explanation.surface === 'mobile' ? 'mobile' : 'web';
    const code = explanation.code !== undefined ? ` ${explanation.code}` : '';
    lines.push(`  ${where} ${explanation.status ?? ''}${code}: ${explanation.text}`);
  }
  lines.push(
    '',
    'The fake Messenger (@intercom-identity/testing):',
    ...wrap(FAKE_REASON_ENTRIES.map((entry) => `"${entry.text}"`)),
    '',
    'Error codes of intercom-identity:',
    ...wrap(CODE_ENTRIES.map((entry) => entry.text)),
    '',
    `HTTP statuses: ${STATUSES.join(', ')}.`,
    '',
    'Paste the console line, the answer\'s body or the code, such as: intercom-identity explain "Incorrect user_hash".',
    'Run "intercom-identity explain --list" for every cause and fix.',
  );
  return `${lines.join('\n')}\n`;
}

function wrap(items: readonly string[], width = 78): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line === '' ? `  ${item}` : `${line}, ${item}`;
    if (next.length > width && line !== '') {
      lines.push(`${line},`);
      line = `  ${item}`;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The answer as JSON: what was found, the notes, and (when nothing was) what explain knows. */
export function renderExplainJson(result: ExplainResult, notes: readonly string[]): string {
  const known = result.matches.length > 0;
  const body: Record<string, unknown> = {
    known,
    matches: result.matches.map(jsonMatch),
    ...(result.statuses.length > 0 ? { statuses: result.statuses } : {}),
    notes,
  };
  if (!known)
    body.knows = {
      messenger: MESSENGER_ENTRIES.map(({ explanation }) => ({
        id: explanation.id,
        surface: explanation.surface,
        status: explanation.status,
        code: explanation.code,
        text: explanation.text,
      })),
      fakeMessenger: FAKE_REASON_ENTRIES.map((entry) => entry.text),
      errorCodes: CODE_ENTRIES.map((entry) => entry.text),
      statuses: STATUSES,
    };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Every message explain knows, in full, as JSON (`explain --list --json`). */
export function renderCatalogueJson(): string {
  const body = {
    messenger: MESSENGER_ENTRIES.map((entry) => entry.explanation),
    fakeMessenger: FAKE_REASON_ENTRIES,
    errorCodes: CODE_ENTRIES,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function jsonMatch(match: ExplainMatch): ExplainMatch {
  return { ...match, check: [...match.check] };
}
