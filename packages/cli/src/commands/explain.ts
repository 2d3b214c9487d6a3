import { flag, parseCommandArgs } from '../args.js';
import type { Command } from '../context.js';
import { UsageError } from '../errors.js';
import { explainText } from '../explain/match.js';
import {
  renderCatalogue,
  renderCatalogueJson,
  renderExplainJson,
  renderExplanation,
  renderUnknown,
  SENSITIVE_NOTES,
} from '../explain/render.js';
import { readAll } from '../io.js';
import { note } from '../secrets.js';

const OPTIONS = {
  json: { type: 'boolean' as const },
  list: { type: 'boolean' as const },
  help: { type: 'boolean' as const, short: 'h' },
};

/**
 * `intercom-identity explain "<text or code>"`: the cause, the fix and the command that checks
 * each known message in the text; exit 1 when none is known. The text is read from the
 * arguments, or from stdin with `-`. No part of it is ever printed back.
 */
export const explainCommand: Command = async (args, { io, secrets }) => {
  const { values, positionals } = parseCommandArgs('explain', args, OPTIONS);
  const json = flag(values, 'json');
  if (flag(values, 'list')) {
    if (positionals.length > 0)
      throw new UsageError('give either the text to explain or --list, not both.', { command: 'explain' });
    io.stdout.write(json ? renderCatalogueJson() : renderCatalogue());
    return 0;
  }
  let input: string;
  if (positionals.length === 1 && positionals[0] === '-') {
    if (typeof io.stdin !== 'string' && io.stdin.isTTY)
      note(io.stderr, 'reading the text from stdin: paste it, then press Enter and Ctrl-D.');
    input = await readAll(io.stdin);
  } else input = positionals.join(' ');
  if (input.trim() === '')
    throw new UsageError(
      'explain needs the message to explain: intercom-identity explain "Incorrect user_hash" (or - to read it from stdin).',
      { command: 'explain' },
    );

  const result = explainText(input);
  // The input may hold a token or a secret: stderr masks them, stdout never had them.
  secrets.push(...result.sensitiveValues);
  const notes = result.sensitive.map((kind) => SENSITIVE_NOTES[kind]);
  if (json) io.stdout.write(renderExplainJson(result, notes));
  else {
    for (const text of notes) note(io.stderr, text);
    io.stdout.write(result.matches.length > 0 ? renderExplanation(result) : renderUnknown());
  }
  return result.matches.length > 0 ? 0 : 1;
};
