import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { shownWord } from './shown.js';

/** One option a command accepts. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type OptionValues = Record<string, string | string[] | boolean | undefined>;

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/** True when --help or -h appears before a `--` terminator: help wins over every other mistake. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Parses a command's arguments with node:util's parseArgs. Problems become a
 * UsageError in our own words, built from the option's name only: the value
 * given to an option (which may be a secret) never appears in a message.
 */
export function parseCommandArgs(command: string, args: readonly string[], options: Record<string, OptionSpec>): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(options))
    config[name] = spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short };
  // Not strict: unknown options come back as tokens, and are reported below by name.
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  const values: OptionValues = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    const shown = token.rawName.split('=')[0] as string;
    if (spec === undefined) throw new UsageError(`unknown option${shownWord(shown)} for "${command}".`, { command });
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`option ${shown} takes no value.`, { command });
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined) throw new UsageError(`option ${shown} needs a value.`, { command });
    if (spec.multiple) {
      const list = (values[token.name] as string[] | undefined) ?? [];
      list.push(token.value);
      values[token.name] = list;
    } else {
      values[token.name] = token.value;
    }
  }
  return { values, positionals };
}

export function stringValue(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listValue(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}
