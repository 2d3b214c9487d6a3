#!/usr/bin/env node
// Every changeset must parse as Changesets reads it: front matter between two
// `---` lines, one `"package": major|minor|patch` line per package, each a
// package of this workspace. A formatter that turns the closing `---` into a
// heading leaves a file `changeset version` refuses; this catches it first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

const names = new Set();
for (const top of ['packages', 'examples']) {
  for (const dir of readdirSync(join(root, top))) {
    const file = join(root, top, dir, 'package.json');
    if (existsSync(file)) names.add(JSON.parse(readFileSync(file, 'utf8')).name);
  }
}
const problems = [];
const dir = join(root, '.changeset');
for (const file of readdirSync(dir).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
  const text = readFileSync(join(dir, file), 'utf8');
  const front = /^\s*---([\s\S]*?)\n\s*---(\s*(?:\n|$))/.exec(text);
  if (front === null) {
    problems.push(`${file}: no front matter between two "---" lines`);
    continue;
  }
  const lines = front[1].split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) problems.push(`${file}: names no package`);
  for (const line of lines) {
    const entry = /^\s*"([^"]+)":\s*(major|minor|patch)\s*$/.exec(line);
    if (entry === null) problems.push(`${file}: "${line.trim()}" is not a "package": major|minor|patch line`);
    else if (!names.has(entry[1])) problems.push(`${file}: ${entry[1]} is not a package of this workspace`);
  }
  if (text.slice(front.index + front[0].length).trim() === '') problems.push(`${file}: has no summary`);
}
for (const problem of problems) console.error(problem);
console.log(problems.length === 0 ? 'changesets: every file parses' : `changesets: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
