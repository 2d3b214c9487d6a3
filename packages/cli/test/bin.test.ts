import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedHash, expectNoSecret, type RunResult, useSecret } from './helpers.js';

const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const secret = useSecret();

/** Runs the built binary as its own process: the shebang, the exit code and the real streams. */
function exec(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Only PATH from the parent: a secret in the developer's own env must not change the result.
    const child = spawn(bin, args, { env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      expectNoSecret(stdout + stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

describe('the built intercom-identity binary', () => {
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error('dist/cli.js is missing: run `pnpm --filter @intercom-identity/cli build` first.');
  });

  it('is declared as the bin, starts with the node shebang and is executable', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ 'intercom-identity': './dist/cli.js' });
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
  });

  it('hash with the secret from the env', async () => {
    const result = await exec(['hash', 'u_1001'], { env: { INTERCOM_IDENTITY_SECRET: secret } });
    expect(result).toEqual({ code: 0, stdout: `${expectedHash(secret, 'u_1001')}\n`, stderr: '' });
  });

  it('hash with the secret piped to --secret-stdin', async () => {
    const result = await exec(['hash', 'alice@example.com', '--secret-stdin'], { stdin: `${secret}\n` });
    expect(result).toEqual({ code: 0, stdout: `${expectedHash(secret, 'alice@example.com')}\n`, stderr: '' });
  });

  it('verify exits 0 for valid and 1 for invalid', async () => {
    const env = { INTERCOM_IDENTITY_SECRET: secret };
    const hash = expectedHash(secret, 'u_1001');
    expect(await exec(['verify', 'u_1001', hash], { env })).toMatchObject({ code: 0, stdout: 'valid\n' });
    expect(await exec(['verify', 'u_1002', hash], { env })).toMatchObject({ code: 1, stdout: 'invalid\n' });
  });

  it('jwt prints a token', async () => {
    const result = await exec(['jwt', '--user-id', 'u_1001', '--secret-stdin'], { stdin: secret });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{43}\n$/);
  });

  it('a missing secret is SECRET_MISSING, exit 1, without a stack trace', async () => {
    const result = await exec(['hash', 'u_1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error SECRET_MISSING: [^\n]+\n$/);
  });

  it('an unknown command exits 2; --version prints the version', async () => {
    const unknown = await exec(['sign', 'u_1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "sign"');
    const version = await exec(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
