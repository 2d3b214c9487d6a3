import { describeValue } from './describe.js';
import { fail } from './errors.js';
import { toIdentifier } from './identifier.js';

/** A plain value Intercom stores as an attribute. */
export type AttributeValue = string | number | boolean | null;

/** A company the user belongs to. `id` is your company id. */
export interface IntercomCompany {
  id: string | number;
  name?: string;
  created_at?: number | Date;
  plan?: string;
  monthly_spend?: number;
  [attribute: string]: AttributeValue | Date | undefined;
}

/**
 * The signed-in user, as your app knows them. This is the one mapping from a
 * user object to the Messenger's settings, used by every adapter, the proof
 * endpoint and `bootSettings` alike:
 *
 * - `user_id`, else `id` (the name most session objects use: Auth.js, Lucia,
 *   a database row), is the user's id; a string or a whole number.
 * - With an id, the id is the identifier that is signed, even next to an email;
 *   without one, `email` is.
 * - `name`, `phone`, `created_at` (Unix seconds or a Date), `company`,
 *   `companies` and `custom_attributes` are sent as profile fields.
 * - Anything else on the object is ignored, so passing a whole database row never
 *   leaks a column. Put extra data under `custom_attributes`.
 * - A user with neither an id nor an email is a visitor. A field of the wrong
 *   type is an error with a code: the adapters log it and boot a visitor.
 */
export interface IntercomUser {
  /** Your stable id for the user. When present it is the identifier that is signed. */
  user_id?: string | number | null;
  /** Taken as `user_id` when `user_id` is not given. */
  id?: string | number | null;
  /** Signed only when there is no `user_id`. */
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  /** Sign-up time: Unix seconds or a Date. */
  created_at?: number | Date | null;
  company?: IntercomCompany | null;
  companies?: readonly IntercomCompany[] | null;
  custom_attributes?: Readonly<Record<string, AttributeValue | undefined>> | null;
}

/** A user after validation: the identifier strings are exactly what is signed and sent. */
export interface NormalizedUser {
  user_id?: string;
  email?: string;
  profile: Record<string, unknown>;
}

/** Keys the core sets itself; a custom attribute or extra setting may not use them. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'app_id',
  'api_base',
  'user_id',
  'email',
  'user_hash',
  'intercom_user_jwt',
  'name',
  'phone',
  'created_at',
  'company',
  'companies',
  'custom_attributes',
]);

/**
 * The reserved key that `key` is, or is a near miss of (another case, whitespace
 * or invisible characters around or inside it, full-width letters): `"USER_ID"`
 * and `"user_id "` would reach the browser next to the real `user_id`. Undefined
 * for a key that is free to use.
 */
export function reservedKeyOf(key: string): string | undefined {
  if (RESERVED_KEYS.has(key)) return key;
  const folded = key
    .normalize('NFKC')
    .replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '')
    .toLowerCase();
  return RESERVED_KEYS.has(folded) ? folded : undefined;
}

/**
 * Keys that are never sent. The boot script writes the settings as a JavaScript
 * object literal, where `"__proto__": {...}` sets the prototype: an inherited
 * `user_id` would slip past every check of own keys. The other two are refused
 * with it, as no Messenger setting or attribute has those names.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function refusePrototypeKey(key: string, path: string, code: 'ATTRIBUTE_INVALID' | 'SETTINGS_INVALID'): void {
  if (PROTOTYPE_KEYS.has(key))
    fail(
      code,
      `The key "${key}" in ${path} would set the object's prototype in the browser (an inherited user_id, say). Rename or remove it.`,
    );
}

/**
 * Throws SETTINGS_INVALID when `value` holds a `__proto__`, `constructor` or
 * `prototype` key at any depth. Used on whatever is written into the boot script.
 */
export function checkNoPrototypeKeys(value: unknown, path: string, depth = 0): void {
  if (typeof value !== 'object' || value === null || depth > 32) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkNoPrototypeKeys(item, `${path}[${index}]`, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    refusePrototypeKey(key, path, 'SETTINGS_INVALID');
    checkNoPrototypeKeys((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
  }
}

/** Newest plausible Unix time in seconds; anything larger was given in milliseconds. */
const MAX_UNIX_SECONDS = 99_999_999_999;

export function unixSeconds(value: unknown, field: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) fail('CREATED_AT_INVALID', `${field} is an invalid Date. Pass a real date or Unix seconds.`);
    return Math.floor(ms / 1000);
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    if (value > MAX_UNIX_SECONDS)
      fail(
        'CREATED_AT_INVALID',
        `${field} is ${value}, which looks like milliseconds. Intercom wants Unix seconds: divide by 1000.`,
      );
    return value;
  }
  return fail('CREATED_AT_INVALID', `${field} is ${describeValue(value)}; pass Unix seconds (a whole number) or a Date.`);
}

function attribute(value: unknown, field: string): AttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return fail(
    'ATTRIBUTE_INVALID',
    `${field} is ${describeValue(value)}; attributes must be strings, finite numbers, booleans or null.`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail('ATTRIBUTE_INVALID', `${field} is ${describeValue(value)}; it must be a string.`);
  return value;
}

function company(value: unknown, field: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail('ATTRIBUTE_INVALID', `${field} is ${describeValue(value)}; pass { id, name, ... }.`);
  if (value.id === undefined || value.id === null)
    fail('ATTRIBUTE_INVALID', `${field} has no id; Intercom needs your company id.`);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    refusePrototypeKey(key, field, 'ATTRIBUTE_INVALID');
    if (raw === undefined) continue;
    if (key === 'id') out.id = toIdentifier(raw, 'identifier');
    else if (key === 'created_at') out.created_at = unixSeconds(raw, `${field}.created_at`);
    else out[key] = attribute(raw, `${field}.${key}`);
  }
  return out;
}

/**
 * Validates a user object. Returns null for a visitor (no user, or a user with
 * neither user_id nor email). Throws an IntercomIdentityError for anything that
 * would be signed or sent wrongly.
 */
export function normalizeUser(user: unknown): NormalizedUser | null {
  if (user === undefined || user === null) return null;
  if (typeof user !== 'object' || Array.isArray(user))
    fail(
      'USER_INVALID',
      `The user is ${describeValue(user)}; pass an object such as { user_id, email, name }, or null for a visitor.`,
    );
  const input = user as Record<string, unknown>;
  const normalized: NormalizedUser = { profile: {} };
  const id = input.user_id ?? input.id;
  if (id !== undefined && id !== null) normalized.user_id = toIdentifier(id, 'user_id');
  if (input.email !== undefined && input.email !== null) normalized.email = toIdentifier(input.email, 'email');
  if (normalized.user_id === undefined && normalized.email === undefined) return null;

  const profile = normalized.profile;
  const name = optionalString(input.name, 'name');
  if (name !== undefined) profile.name = name;
  const phone = optionalString(input.phone, 'phone');
  if (phone !== undefined) profile.phone = phone;
  if (input.created_at !== undefined && input.created_at !== null)
    profile.created_at = unixSeconds(input.created_at, 'created_at');
  if (input.company !== undefined && input.company !== null) profile.company = company(input.company, 'company');
  if (input.companies !== undefined && input.companies !== null) {
    if (!Array.isArray(input.companies))
      fail('ATTRIBUTE_INVALID', `companies is ${describeValue(input.companies)}; pass a list.`);
    profile.companies = input.companies.map((entry, index) => company(entry, `companies[${index}]`));
  }
  const custom = input.custom_attributes;
  if (custom !== undefined && custom !== null) {
    if (!isPlainObject(custom))
      fail('ATTRIBUTE_INVALID', `custom_attributes is ${describeValue(custom)}; pass an object of attribute names to values.`);
    for (const [key, raw] of Object.entries(custom)) {
      refusePrototypeKey(key, 'custom_attributes', 'ATTRIBUTE_INVALID');
      if (raw === undefined) continue;
      const reserved = reservedKeyOf(key);
      if (reserved === key)
        fail('ATTRIBUTE_RESERVED', `The custom attribute "${key}" clashes with a field Intercom sets itself. Rename it.`);
      if (reserved !== undefined)
        fail(
          'ATTRIBUTE_RESERVED',
          `The custom attribute "${key}" is a near miss of "${reserved}", a field Intercom sets itself. Rename it, or pass ${reserved} as the user's own field.`,
        );
      if (key.trim() === '') fail('ATTRIBUTE_INVALID', 'A custom attribute has an empty name. Name it.');
      profile[key] = attribute(raw, `custom_attributes.${key}`);
    }
  }
  return normalized;
}

/** Validates extra Messenger settings (launcher options and the like): plain JSON only. */
export function checkExtra(extra: unknown): Record<string, unknown> {
  if (extra === undefined || extra === null) return {};
  if (!isPlainObject(extra))
    fail(
      'SETTINGS_INVALID',
      `The extra settings are ${describeValue(extra)}; pass a plain object such as { hide_default_launcher: true }.`,
    );
  for (const key of Object.keys(extra)) {
    refusePrototypeKey(key, 'the extra settings', 'SETTINGS_INVALID');
    const reserved = reservedKeyOf(key);
    if (reserved === key)
      fail('ATTRIBUTE_RESERVED', `Extra settings may not set "${key}": identity and profile come from the user object.`);
    if (reserved !== undefined)
      fail(
        'ATTRIBUTE_RESERVED',
        `Extra settings may not set "${key}", a near miss of "${reserved}": identity and profile come from the user object.`,
      );
    checkJson(extra[key], key, 0);
  }
  return extra;
}

function checkJson(value: unknown, path: string, depth: number): void {
  if (depth > 8) fail('SETTINGS_INVALID', `The setting ${path} is nested too deeply.`);
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      fail('SETTINGS_INVALID', `The setting ${path} is ${describeValue(value)}; JSON has no such number.`);
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkJson(item, `${path}[${index}]`, depth + 1);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      refusePrototypeKey(key, `the setting ${path}`, 'SETTINGS_INVALID');
      checkJson(item, `${path}.${key}`, depth + 1);
    }
    return;
  }
  fail(
    'SETTINGS_INVALID',
    `The setting ${path} is ${describeValue(value)}; only plain JSON values can be sent to the Messenger.`,
  );
}
