#!/usr/bin/env node
// Writes test/vectors.json, the cross-language vectors of the signing, the boot
// script and the person markers.
//   node test/generate-vectors.mjs           compute, cross-check, write
//   node test/generate-vectors.mjs --check   compute, cross-check, fail if the file differs
// Signing values come from node:crypto called directly (test/support/vector-cases.mjs).
// When openssl is on PATH, every one is also recomputed with `openssl dgst` and
// the run fails on any disagreement, so a bug in Node's HMAC would not go unseen.
// The boot scripts and the person markers come from the built core (dist): build it
// first (pnpm --filter @intercom-identity/core build), so a change of the core's
// loader shows as a difference here until the file is regenerated.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildVectors, loadBuiltCore, serializeVectors, VECTORS_FILE } from './support/vector-cases.mjs';

const check = process.argv.includes('--check');
let core;
try {
  core = await loadBuiltCore();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const vectors = buildVectors(core);
const problems = crossCheckWithOpenssl(vectors);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`openssl disagrees with node:crypto on ${problems.length} vector(s); vectors.json was not written.`);
  process.exit(1);
}

const text = serializeVectors(vectors);
const where = relative(process.cwd(), VECTORS_FILE) || VECTORS_FILE;
const count =
  `${vectors.hash.length} hash, ${vectors.jwt.length} JWT, ${vectors.loader.length} boot script ` +
  `and ${vectors.personMarkers.length} person marker vectors`;
if (check) {
  let current = '';
  try {
    current = readFileSync(VECTORS_FILE, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${where} differs from what the generator computes. Run: pnpm --filter @intercom-identity/core vectors`);
    process.exit(1);
  }
  console.log(`${where} is up to date (${count}).`);
} else {
  writeFileSync(VECTORS_FILE, text);
  console.log(`Wrote ${count} to ${where}.`);
}

/** Returns one line per disagreement; prints why the check was skipped when openssl is missing. */
function crossCheckWithOpenssl({ hash, jwt }) {
  const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    console.log('openssl is not on PATH: skipping the openssl cross-check.');
    return [];
  }
  const problems = [];
  let ascii = 0;
  for (const { name, secret, identifier, user_hash } of hash) {
    const out = opensslHmac(secret, Buffer.from(identifier, 'utf8'), false);
    if (isAscii(secret)) ascii++;
    if (out.error) problems.push(`${name}: ${out.error}`);
    else if (out.value.toString('hex') !== user_hash) problems.push(`${name}: openssl says ${out.value.toString('hex')}`);
  }
  for (const { name, secret, token } of jwt) {
    const [header, payload, signature] = token.split('.');
    const out = opensslHmac(secret, Buffer.from(`${header}.${payload}`, 'utf8'), true);
    if (out.error) problems.push(`${name}: ${out.error}`);
    else if (out.value.toString('base64url') !== signature) problems.push(`${name}: openssl signs it differently`);
  }
  if (problems.length === 0)
    console.log(
      `openssl (${probe.stdout.trim()}) agrees on all ${hash.length} hash vectors ` +
        `(${ascii} with -hmac, ${hash.length - ascii} with a hex key) and all ${jwt.length} JWT signatures.`,
    );
  return problems;
}

function isAscii(text) {
  return /^[\x21-\x7e]+$/.test(text);
}

/** HMAC-SHA256 by the openssl CLI: `-hmac` for ASCII secrets, the UTF-8 bytes as a hex key otherwise. */
function opensslHmac(secret, message, binary) {
  const key = isAscii(secret)
    ? ['-hmac', secret]
    : ['-mac', 'HMAC', '-macopt', `hexkey:${Buffer.from(secret, 'utf8').toString('hex')}`];
  const result = spawnSync('openssl', ['dgst', '-sha256', ...key, ...(binary ? ['-binary'] : [])], { input: message });
  if (result.error !== undefined || result.status !== 0)
    return { error: `openssl failed: ${result.error?.message ?? result.stderr.toString('utf8').trim()}` };
  if (binary) {
    if (result.stdout.length !== 32) return { error: `openssl returned ${result.stdout.length} bytes, not 32` };
    return { value: result.stdout };
  }
  const match = /= ?([0-9a-f]{64})\s*$/.exec(result.stdout.toString('utf8'));
  if (match === null) return { error: `unexpected openssl output: ${result.stdout.toString('utf8').slice(0, 120)}` };
  return { value: Buffer.from(match[1], 'hex') };
}
