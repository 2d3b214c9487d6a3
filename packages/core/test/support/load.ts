import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as nodeCore from '../../dist/index.js';
import * as webCore from '../../dist/web.js';
import { type HashVector, VECTORS_FILE, type Vectors } from './vector-cases.mjs';

/** The vectors file as committed. */
export const vectorsText = readFileSync(VECTORS_FILE, 'utf8');
export const vectors = JSON.parse(vectorsText) as Vectors;

/** Both builds of the core: every signing test runs against each. */
export const bundles = [
  ['node:crypto build (dist/index.js)', nodeCore],
  ['Web Crypto build (dist/web.js)', webCore],
] as const;

export const distFile = (name: string): string => fileURLToPath(new URL(`../../dist/${name}`, import.meta.url));

/** The hash case of this name; fails loudly when the file lost it. */
export function hashCase(name: string): HashVector {
  const found = vectors.hash.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`vectors.json has no hash case named ${name}`);
  return found;
}

/** The same hash with one hex digit changed, at a position that varies with `seed`. */
export function flipOneDigit(hash: string, seed: number): string {
  const at = seed % hash.length;
  const digit = hash[at] as string;
  const other = digit === '0' ? '1' : '0';
  return hash.slice(0, at) + other + hash.slice(at + 1);
}

/** A logger that keeps lines instead of printing them. */
export function memoryLogger(): { warn(line: string): void; error(line: string): void; lines: string[] } {
  const lines: string[] = [];
  return { warn: (line) => lines.push(line), error: (line) => lines.push(line), lines };
}
