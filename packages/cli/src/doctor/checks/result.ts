import type { IntercomIdentityErrorCode } from '@intercom-identity/core';
import { CHECK_TITLES, type CheckStatus, type DoctorCheck, type DoctorCheckId, type DoctorFindingCode } from '../types.js';
import type { Facts } from './facts.js';

// What a check that needs a secret says when none was given, and how to give one.
export const NEED_SECRET = 'give --secret-stdin to check this';
export const NEED_SECRET_FIX =
  'Pipe the web secret in: printenv INTERCOM_IDENTITY_SECRET | intercom-identity doctor <url> --secret-stdin.';

/** One line of the report; a fix is kept only where there is something to fix, a code only for a known mistake. */
export function result(
  id: DoctorCheckId,
  status: CheckStatus,
  message: string,
  fix?: string,
  code?: IntercomIdentityErrorCode | DoctorFindingCode,
): DoctorCheck {
  const check: DoctorCheck = { id, title: CHECK_TITLES[id], status, ...(code !== undefined ? { code } : {}), message };
  if (fix !== undefined && (status === 'warn' || status === 'fail')) check.fix = fix;
  return check;
}

/** A page value in a message: quoted, cut short, control characters visible. */
export function q(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

export function hasWebSecret(facts: Facts): boolean {
  return facts.secrets.some((secret) => secret.kind === 'web' && secret.previous !== true);
}

export function unreadableSettings(id: DoctorCheckId): DoctorCheck {
  return result(id, 'skip', 'the settings could not be read (see the loader check).');
}

/** One finding of a check that gathers several (the JWT and escaping checks). */
export interface Problem {
  status: 'warn' | 'fail';
  text: string;
  fix: string;
}

/** The worst problem sets the status and the fix; the message tells every problem. */
export function summarise(id: DoctorCheckId, problems: Problem[], passText: string): DoctorCheck {
  const worst = problems.find((problem) => problem.status === 'fail') ?? problems[0];
  if (worst === undefined) return result(id, 'pass', passText);
  return result(id, worst.status, problems.map((problem) => problem.text).join(' '), worst.fix);
}
