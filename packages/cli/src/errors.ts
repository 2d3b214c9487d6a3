/** A mistake in how the command was called: exit code 2, and a pointer to --help. */
export class UsageError extends Error {
  /** The command whose --help to suggest, if any. */
  readonly command: string | undefined;
  /** A core error code when one fits (e.g. PLATFORM_UNKNOWN), printed as `error CODE: ...`. */
  readonly code: string | undefined;

  constructor(message: string, options: { command?: string; code?: string } = {}) {
    super(message);
    this.name = 'UsageError';
    this.command = options.command;
    this.code = options.code;
  }
}

/** An expected failure that is not the core's (a page that cannot be fetched, no Chromium): exit code 1. */
export class CliError extends Error {
  readonly code: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}
