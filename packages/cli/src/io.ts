/** Where the CLI writes. `process.stdout` and `process.stderr` fit; so does a test's collector. */
export interface CliOutput {
  write(text: string): unknown;
  /** True when a person is looking at a terminal: the doctor then uses colour. */
  isTTY?: boolean;
}

/** What `--secret-stdin` reads from: `process.stdin`, any async iterable of chunks, or a string. */
export type CliInput = string | (AsyncIterable<string | Uint8Array> & { isTTY?: boolean });

/**
 * The outside world of one CLI run. Every field defaults to the process's own, so
 * `runCli(argv)` behaves like the binary, and tests inject everything.
 */
export interface CliIo {
  stdin?: CliInput;
  stdout?: CliOutput;
  stderr?: CliOutput;
  /** Environment variables (the secrets are read from here). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ResolvedIo {
  stdin: CliInput;
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
}

export function resolveIo(io: CliIo = {}): ResolvedIo {
  return {
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
  };
}

/** Reads the whole input as UTF-8 text. */
export async function readAll(input: CliInput): Promise<string> {
  if (typeof input === 'string') return input;
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of input) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
