import { type VerifyUserJwtResult, verifyUserHash, verifyUserJwt } from '@intercom-identity/core';
import { decodeEntities } from './html.js';

/** A secret the doctor knows, by what it is for. The label is what is printed; the value never is. */
export interface NamedSecret {
  kind: 'web' | 'ios' | 'android' | 'also';
  /** e.g. "the web secret", "the iOS secret", "--also-secret #2 (another workspace)" */
  label: string;
  value: string;
  /** A secret being rotated out (INTERCOM_IDENTITY_SECRET_PREVIOUS and the like): it still verifies, nothing should sign with it. */
  previous?: true;
}

export type IdentifierField = 'user_id' | 'email';

/**
 * How the string that was signed relates to the string that is sent:
 * - exact: the same string (the only right answer);
 * - escaped: the sent value, escaped (HTML, JS, URL or JSON) before signing;
 * - unescaped: the sent value is escaped, the signed one was not;
 * - trimmed / lowercased: normalised before signing.
 */
export type FormKind = 'exact' | 'escaped' | 'unescaped' | 'trimmed' | 'lowercased';

export interface Form {
  kind: FormKind;
  /** e.g. "HTML-escaped", "JS-escaped with backslashes". */
  how: string;
  value: string;
}

export interface HashMatch {
  secret: NamedSecret;
  field: IdentifierField;
  form: Form;
}

/** The identifier as the Messenger reads it: a string, or a whole number as its decimal string. */
export function identifierOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

const APOSTROPHES = ['&#39;', '&#039;', '&#x27;', '&apos;'];

/** The forms of `value` a server may have signed by mistake. The exact form comes first. */
export function formsOf(value: string): Form[] {
  const forms: Form[] = [{ kind: 'exact', how: 'as sent', value }];
  const add = (kind: FormKind, how: string, candidate: string) => {
    if (candidate !== value && !forms.some((form) => form.value === candidate)) forms.push({ kind, how, value: candidate });
  };
  const basic = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (const apostrophe of APOSTROPHES) add('escaped', 'HTML-escaped', basic.replace(/"/g, '&quot;').replace(/'/g, apostrophe));
  add('escaped', 'HTML-escaped', basic.replace(/"/g, '&#34;').replace(/'/g, '&#39;'));
  add('escaped', 'HTML-escaped', basic);
  add('escaped', 'JS-escaped with backslashes', value.replace(/[\\'"]/g, '\\$&'));
  add('escaped', 'JS-escaped with backslashes', value.replace(/'/g, "\\'"));
  add('escaped', 'JS-escaped with backslashes', value.replace(/"/g, '\\"'));
  add('escaped', 'JSON-escaped', JSON.stringify(value).slice(1, -1));
  add('escaped', 'URL-encoded', encodeURIComponent(value));
  add('unescaped', 'HTML entities decoded', decodeEntities(value));
  add('unescaped', 'backslash escapes removed', value.replace(/\\(["'\\])/g, '$1'));
  add('trimmed', 'trimmed', value.trim());
  add('lowercased', 'lowercased', value.toLowerCase());
  add('lowercased', 'trimmed and lowercased', value.trim().toLowerCase());
  return forms;
}

async function hashVerifies(secret: string, identifier: string, hash: string): Promise<boolean> {
  try {
    return await verifyUserHash(secret, identifier, hash);
  } catch {
    // An identifier the core refuses (empty, a control character) was not what was signed.
    return false;
  }
}

/**
 * Which secret and which identifier string a user_hash was made from, trying the
 * right answer first: the expected identifier as sent, then the other identifier,
 * then the forms a server may have signed by mistake.
 */
export async function findHashMatch(
  hash: string,
  identifiers: Partial<Record<IdentifierField, string>>,
  secrets: readonly NamedSecret[],
): Promise<HashMatch | undefined> {
  const expected: IdentifierField = identifiers.user_id !== undefined ? 'user_id' : 'email';
  const fields = ([expected, expected === 'user_id' ? 'email' : 'user_id'] as const).filter(
    (field) => identifiers[field] !== undefined,
  );
  const candidates: { field: IdentifierField; form: Form }[] = [];
  // Exact strings of both fields first, then the mistaken forms of each.
  for (const field of fields) candidates.push({ field, form: formsOf(identifiers[field] as string)[0] as Form });
  for (const field of fields) for (const form of formsOf(identifiers[field] as string).slice(1)) candidates.push({ field, form });
  for (const candidate of candidates)
    for (const secret of secrets)
      if (await hashVerifies(secret.value, candidate.form.value, hash)) return { secret, ...candidate };
  return undefined;
}

/** The parts of a JWT, decoded without checking anything. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = parsePart(parts[0] as string);
  const claims = parsePart(parts[1] as string);
  return header && claims ? { header, claims } : undefined;
}

function parsePart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface JwtSigner {
  secret: NamedSecret;
  result: VerifyUserJwtResult;
}

/** The secret whose signature the token carries (expired or not), or undefined when none of them. */
export async function findJwtSigner(token: string, secrets: readonly NamedSecret[], now: number): Promise<JwtSigner | undefined> {
  for (const secret of secrets) {
    const result = await verifyUserJwt(secret.value, token, { now });
    // The core checks the signature before expiry and claims: any other problem means this secret signed it.
    if (result.valid || (result.problem !== 'signature' && result.problem !== 'malformed' && result.problem !== 'algorithm'))
      return { secret, result };
  }
  return undefined;
}
