import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IntercomIdentityError } from '@intercom-identity/core';

/** How a secret was written where it was found. */
export type SecretEncoding = 'text' | 'base64' | 'base64url' | 'hex' | 'HEX';

/** One place a secret was found. The secret itself is never part of it. */
export interface SecretHit {
  /** Absolute path of the file. */
  file: string;
  /** The label the secret was given, such as 'INTERCOM_IDENTITY_SECRET'. */
  secretLabel: string;
  encoding: SecretEncoding;
}

/** Secrets to look for, by label. Unset (undefined or empty) entries are skipped. */
export type SecretsToFind = Readonly<Record<string, string | undefined>>;

interface Needle {
  label: string;
  encoding: SecretEncoding;
  bytes: Buffer;
}

const MIN_SECRET_LENGTH = 8;
const CHUNK = 1 << 20;

/**
 * The part of the base64 of `bytes` that is the same wherever `bytes` sits in a
 * longer encoded blob, for one of the three byte alignments (`offset` bytes
 * before it in its 3-byte group). Characters that mix in neighbouring bytes are cut.
 */
export function base64Core(bytes: Buffer, offset: 0 | 1 | 2, alphabet: 'base64' | 'base64url'): string {
  const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
  const encoded = padded.toString(alphabet).replace(/=+$/, '');
  const start = [0, 2, 3][offset] as number;
  const remainder = padded.length % 3;
  const end = Math.floor(padded.length / 3) * 4 + [0, 1, 2][remainder]!;
  return encoded.slice(start, end);
}

function needlesFor(label: string, secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles: Needle[] = [{ label, encoding: 'text', bytes }];
  const seen = new Set<string>([secret]);
  const add = (encoding: SecretEncoding, text: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    needles.push({ label, encoding, bytes: Buffer.from(text, 'latin1') });
  };
  for (const offset of [0, 1, 2] as const) {
    add('base64', base64Core(bytes, offset, 'base64'));
    add('base64url', base64Core(bytes, offset, 'base64url'));
  }
  add('hex', bytes.toString('hex'));
  add('HEX', bytes.toString('hex').toUpperCase());
  return needles;
}

async function* filesUnder(path: string): AsyncGenerator<string> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    // Linked files are read; linked folders are not followed, so a loop cannot hang the scan.
    const target = await stat(path).catch(() => undefined);
    if (target?.isFile()) yield path;
    return;
  }
  if (info.isFile()) {
    yield path;
    return;
  }
  if (!info.isDirectory()) return;
  const entries = await readdir(path);
  entries.sort();
  for (const entry of entries) yield* filesUnder(join(path, entry));
}

async function scanFile(file: string, needles: Needle[]): Promise<Set<Needle>> {
  const found = new Set<Needle>();
  const overlap = Math.max(...needles.map((needle) => needle.bytes.length)) - 1;
  let tail = Buffer.alloc(0);
  // In chunks, keeping the last bytes of each, so a large build file costs little memory.
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    for (const needle of needles) if (!found.has(needle) && window.includes(needle.bytes)) found.add(needle);
    if (found.size === needles.length) break;
    tail = window.subarray(Math.max(0, window.length - overlap));
  }
  return found;
}

/**
 * Searches every file under the given folders (recursively, binary files too)
 * for each secret: as text, as base64 and base64url at each of the three byte
 * alignments (so a secret inside a longer encoded blob is found too), and as
 * lower- and upper-case hex. Use it on build output and public folders: a hit
 * means the secret would reach a browser. Hits name the file, the secret's label
 * and the encoding, never the secret.
 *
 * @example
 * ```ts
 * import { findSecretInFiles } from '@intercom-identity/testing';
 * const hits = await findSecretInFiles(['.next/static', 'public'], {
 *   INTERCOM_IDENTITY_SECRET: process.env.INTERCOM_IDENTITY_SECRET,
 * });
 * if (hits.length > 0) throw new Error(`secret shipped in ${hits.map((hit) => hit.file).join(', ')}`);
 * ```
 */
export async function findSecretInFiles(dirs: readonly string[], secrets: SecretsToFind): Promise<SecretHit[]> {
  if (!Array.isArray(dirs) || dirs.length === 0 || !dirs.every((dir) => typeof dir === 'string' && dir !== ''))
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      'findSecretInFiles needs a list of folders, such as [".next", "public"].',
    );
  if (typeof secrets !== 'object' || secrets === null)
    throw new IntercomIdentityError(
      'SETTINGS_INVALID',
      'findSecretInFiles needs the secrets by label: { INTERCOM_IDENTITY_SECRET: value }.',
    );
  const needles: Needle[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    if (secret === undefined || secret === null || secret === '') continue;
    if (typeof secret !== 'string')
      throw new IntercomIdentityError('SECRET_MALFORMED', `The secret labelled "${label}" is not a string.`);
    if (secret.length < MIN_SECRET_LENGTH)
      throw new IntercomIdentityError(
        'SECRET_MALFORMED',
        `The secret labelled "${label}" is shorter than ${MIN_SECRET_LENGTH} characters; searching for it would match by chance. Use the real secret.`,
      );
    needles.push(...needlesFor(label, secret));
  }
  if (needles.length === 0)
    throw new IntercomIdentityError(
      'SECRET_MISSING',
      'findSecretInFiles got no secret to look for; a search for nothing proves nothing.',
    );

  const hits: SecretHit[] = [];
  for (const dir of dirs) {
    const root = resolve(dir);
    const info = await stat(root).catch(() => undefined);
    // A missing folder would make the check pass without looking at anything.
    if (info === undefined)
      throw new IntercomIdentityError('SETTINGS_INVALID', `${root} does not exist. Build the app before searching its output.`);
    for await (const file of filesUnder(root)) {
      const found = await scanFile(file, needles);
      const encodings = new Set<string>();
      for (const needle of needles) {
        const key = `${needle.label}\u0000${needle.encoding}`;
        if (!found.has(needle) || encodings.has(key)) continue;
        encodings.add(key);
        hits.push({ file, secretLabel: needle.label, encoding: needle.encoding });
      }
    }
  }
  return hits;
}
