import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIntercomIdentityError } from '@intercom-identity/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base64Core } from '../src/find-secret.js';
import { findSecretInFiles } from '../src/index.js';

// Chosen so that its base64 has "+" and "/" at every alignment: base64 and base64url differ.
const SECRET = 'k?>~Xq9?>-s3cr3t~?>for-tests';
const OTHER = 'android-secret-for-tests-0123456789';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'find-secret-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function file(path: string, content: string | Buffer): Promise<string> {
  const full = join(root, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, content);
  return full;
}

// The secret inside a longer blob, so the encoder sees it at a given byte offset.
function embedded(offset: number, encoding: 'base64' | 'base64url'): string {
  const blob = Buffer.concat([Buffer.from('{"k":"'.slice(0, offset)), Buffer.from(`${SECRET}`), Buffer.from('","more":1}')]);
  return `const data = "${blob.toString(encoding)}";`;
}

describe('findSecretInFiles', () => {
  it('the test secret really has different base64 and base64url forms at each alignment', () => {
    for (const offset of [0, 1, 2] as const) {
      const standard = base64Core(Buffer.from(SECRET), offset, 'base64');
      expect(standard).toMatch(/[+/]/);
      expect(base64Core(Buffer.from(SECRET), offset, 'base64url')).not.toBe(standard);
    }
  });

  it('finds the secret as text, in a nested folder', async () => {
    const path = await file('static/chunks/app/page.js', `var a = 1; const s = "${SECRET}"; export {}`);
    expect(await findSecretInFiles([root], { INTERCOM_IDENTITY_SECRET: SECRET })).toEqual([
      { file: path, secretLabel: 'INTERCOM_IDENTITY_SECRET', encoding: 'text' },
    ]);
  });

  for (const offset of [0, 1, 2])
    for (const encoding of ['base64', 'base64url'] as const)
      it(`finds it as ${encoding} inside a longer blob at byte alignment ${offset}`, async () => {
        const path = await file(`chunk-${offset}.js`, embedded(offset, encoding));
        const hits = await findSecretInFiles([root], { web: SECRET });
        expect(hits).toContainEqual({ file: path, secretLabel: 'web', encoding });
        expect(hits.some((hit) => hit.encoding === 'text')).toBe(false);
      });

  it('finds it as lower- and upper-case hex in binary files', async () => {
    const lower = await file(
      'a.bin',
      Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(Buffer.from(SECRET).toString('hex')), Buffer.from([0])]),
    );
    const upper = await file(
      'deep/b.wasm',
      Buffer.concat([Buffer.from([0xfe, 0]), Buffer.from(Buffer.from(SECRET).toString('hex').toUpperCase())]),
    );
    const hits = await findSecretInFiles([root], { web: SECRET });
    expect(hits).toContainEqual({ file: lower, secretLabel: 'web', encoding: 'hex' });
    expect(hits).toContainEqual({ file: upper, secretLabel: 'web', encoding: 'HEX' });
  });

  it('finds a secret that straddles two read chunks of a large file', async () => {
    const padding = 'x'.repeat((1 << 20) - 5);
    const path = await file('big.js', `${padding}${SECRET}${padding}`);
    expect(await findSecretInFiles([root], { web: SECRET })).toEqual([{ file: path, secretLabel: 'web', encoding: 'text' }]);
  });

  it('labels each secret, searches several folders, and follows linked files', async () => {
    const first = await file('one/a.txt', `x${OTHER}x`);
    const second = await file('two/b.txt', SECRET);
    await symlink(second, join(root, 'one', 'link.txt'));
    const hits = await findSecretInFiles([join(root, 'one'), join(root, 'two')], { web: SECRET, android: OTHER, ios: undefined });
    expect(hits).toEqual([
      { file: first, secretLabel: 'android', encoding: 'text' },
      { file: join(root, 'one', 'link.txt'), secretLabel: 'web', encoding: 'text' },
      { file: second, secretLabel: 'web', encoding: 'text' },
    ]);
  });

  it('does not report near misses: one character changed, cut short, or other case', async () => {
    const changed = SECRET.slice(0, 10) + (SECRET[10] === 'a' ? 'b' : 'a') + SECRET.slice(11);
    await file('near.js', `${changed} ${SECRET.slice(0, -1)} ${SECRET.toUpperCase()}`);
    await file('near.b64', Buffer.from(changed).toString('base64'));
    await file('near.hex', Buffer.from(SECRET.slice(1)).toString('hex').toUpperCase().slice(0, -2));
    expect(await findSecretInFiles([root], { web: SECRET })).toEqual([]);
  });

  it('never puts the secret in its answer', async () => {
    await file('a.js', `${SECRET}${Buffer.from(SECRET).toString('base64')}`);
    const text = JSON.stringify(await findSecretInFiles([root], { web: SECRET }));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 20));
  });

  it('refuses a missing folder, no secret and a too short secret, rather than passing vacuously', async () => {
    await expect(findSecretInFiles([join(root, 'not-built')], { web: SECRET })).rejects.toSatisfy((error) =>
      isIntercomIdentityError(error, 'SETTINGS_INVALID'),
    );
    await expect(findSecretInFiles([root], { web: undefined })).rejects.toSatisfy((error) =>
      isIntercomIdentityError(error, 'SECRET_MISSING'),
    );
    await expect(findSecretInFiles([root], { web: 'x7q2k9' })).rejects.toSatisfy(
      (error) => isIntercomIdentityError(error, 'SECRET_MALFORMED') && !(error as Error).message.includes('x7q2k9'),
    );
  });
});
