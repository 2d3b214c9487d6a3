import type { OptionSpec } from './args.js';
import type { ResolvedIo } from './io.js';

/** What a command gets: the I/O of this run, and a list of the secrets it has seen (for redaction). */
export interface CommandContext {
  io: ResolvedIo;
  /** Every secret this run knows of; stderr never shows any of them. */
  readonly secrets: string[];
}

export type Command = (args: readonly string[], context: CommandContext) => Promise<number>;

/** The options every signing command shares. */
export const SECRET_OPTIONS: Record<string, OptionSpec> = {
  'secret-stdin': { type: 'boolean' },
  secret: { type: 'string' },
  platform: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
