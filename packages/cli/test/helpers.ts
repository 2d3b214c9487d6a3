import { createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { type CliIo, runCli } from '../src/index.js';

/** A fresh secret that looks like Intercom's (40 url-safe characters), different on every run. */
export function makeSecret(): string {
  for (;;) {
    const secret = randomBytes(30).toString('base64url');
    // An access-token look-alike would be refused, and a leading dash reads as an option: avoid both by chance.
    if (!secret.startsWith('dG9rO') && !secret.startsWith('-')) return secret;
  }
}

/** Every secret any test has handed to the CLI; no output of any run may contain one. */
export const allSecrets = new Set<string>();

export function useSecret(secret = makeSecret()): string {
  allSecrets.add(secret);
  return secret;
}

/** The oracle: HMAC-SHA256 by node:crypto directly, not through the code under test. */
export function expectedHash(secret: string, identifier: string): string {
  return createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');
}

export function expectNoSecret(text: string): void {
  for (const secret of allSecrets) {
    const bytes = Buffer.from(secret, 'utf8');
    for (const form of [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')])
      expect(text.includes(form), 'a secret (or its base64/hex form) appeared in the output').toBe(false);
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text on stdin; a stream when `stdinChunks` is given instead. */
  stdin?: string;
  stdinChunks?: string[];
  tty?: boolean;
}

/** Runs the CLI in this process and checks that neither stdout nor stderr holds a secret. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: options.env ?? {},
    stdin: options.stdinChunks ? Readable.from(options.stdinChunks) : (options.stdin ?? ''),
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text) },
  };
  const code = await runCli(argv, io);
  expectNoSecret(stdout + stderr);
  return { code, stdout, stderr };
}

/** Decodes one base64url JWT part. */
export function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] as string, 'base64url').toString('utf8'));
}

/** Whether `token` is signed with `secret` (HS256), checked with node:crypto. */
export function jwtSignedWith(token: string, secret: string): boolean {
  const [header, payload, signature] = token.split('.');
  return createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url') === signature;
}
