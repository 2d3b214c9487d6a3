/**
 * Reads the `## Setup` section of a package README as a user follows it: the
 * `npm install` line, and every code block that is a whole file, named by its
 * first line (`// lib/intercom.ts`, `<!-- src/routes/+layout.svelte -->`).
 * Blocks without such a line explain and are not applied.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

export interface SetupFile {
  path: string;
  content: string;
}

export interface ReadmeSetup {
  /** The packages of the `npm install` line(s), in order. */
  install: string[];
  /** The whole files, in the README's order. */
  files: SetupFile[];
  /** The variables of the `# .env` block, names only (their values are placeholders). */
  envNames: string[];
}

const FENCE = /^```(\S*)\s*$/;
// `// path`, `<!-- path -->` or `# path`, optionally followed by `: what it is for`.
const PATH_LINE = /^(?:\/\/|<!--|#)\s*([\w@.$+\-/[\]()]+\.[\w]+)(?::[^>]*)?\s*(?:-->)?\s*$/;

/** The setup of a README; throws when the README has no `## Setup` section or no file in it. */
export function readSetup(readmeFile: string): ReadmeSetup {
  const lines = readFileSync(readmeFile, 'utf8').split('\n');
  const start = lines.findIndex((line) => /^## Setup\s*$/.test(line));
  if (start === -1) throw new Error(`${readmeFile} has no "## Setup" section.`);
  let end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  if (end === -1) end = lines.length;
  const setup: ReadmeSetup = { install: [], files: [], envNames: [] };
  for (let i = start + 1; i < end; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const body: string[] = [];
    for (i++; i < end && !/^```\s*$/.test(lines[i] as string); i++) body.push(lines[i] as string);
    const language = open[1] ?? '';
    const first = body[0]?.trim() ?? '';
    if (first === '# .env') {
      for (const line of body.slice(1)) {
        const name = /^([A-Z][A-Z0-9_]*)=/.exec(line.trim())?.[1];
        if (name !== undefined) setup.envNames.push(name);
      }
      continue;
    }
    if (language === 'sh' || language === 'bash' || language === 'shell') {
      for (const line of body) {
        const install = /^npm (?:install|i)\s+(.+?)\s*(?:#.*)?$/.exec(line.trim());
        if (install?.[1] !== undefined) setup.install.push(...install[1].split(/\s+/).filter((word) => !word.startsWith('-')));
      }
      continue;
    }
    const path = PATH_LINE.exec(first)?.[1];
    if (path === undefined) continue;
    const clean = normalize(path);
    if (clean.startsWith('..') || clean.startsWith('/')) throw new Error(`${readmeFile}: the block path ${path} leaves the app.`);
    setup.files.push({ path: clean, content: `${body.join('\n')}\n` });
  }
  if (setup.files.length === 0) throw new Error(`${readmeFile}: its Setup section names no file.`);
  return setup;
}

/** Writes the README's files into the app, verbatim (a block replaces a file of the same path). */
export async function applySetup(appDir: string, setup: ReadmeSetup): Promise<void> {
  for (const file of setup.files) {
    const target = join(appDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}
