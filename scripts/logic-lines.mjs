// Counts the logic lines of each adapter package's source: lines of code that
// are not blank, comments, imports, re-exports or type declarations. A measure
// of how thin an adapter is: `node scripts/logic-lines.mjs [package ...]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { root } from './lib.mjs';

const ts = createRequire(join(root, 'packages/core/package.json'))('typescript');
const ADAPTERS = ['next', 'sveltekit', 'nuxt', 'express', 'hono', 'fastify', 'astro', 'react-router', 'react'];

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx|svelte|vue)$/.test(name) && !/\.(test|d)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

function isTypeOnly(node) {
  const k = ts.SyntaxKind;
  if ([k.ImportDeclaration, k.InterfaceDeclaration, k.TypeAliasDeclaration, k.ModuleDeclaration].includes(node.kind)) return true;
  if (node.kind === k.ExportDeclaration) return true;
  return false;
}

/** The logic lines of one TypeScript source text. */
export function logicLines(text, fileName = 'file.ts') {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lines = new Set();
  for (const statement of source.statements) {
    if (isTypeOnly(statement)) continue;
    const start = source.getLineAndCharacterOfPosition(statement.getStart(source)).line;
    const end = source.getLineAndCharacterOfPosition(statement.getEnd()).line;
    for (let line = start; line <= end; line++) lines.add(line);
  }
  const all = text.split('\n');
  let count = 0;
  let inComment = false;
  for (const line of [...lines].sort((a, b) => a - b)) {
    const trimmed = all[line].trim();
    if (inComment) {
      if (trimmed.includes('*/')) inComment = false;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    if (trimmed.startsWith('/*')) {
      if (!trimmed.includes('*/')) inComment = true;
      continue;
    }
    count++;
  }
  return count;
}

function scriptOf(text) {
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

const wanted = process.argv.slice(2);
const rows = [];
for (const name of wanted.length > 0 ? wanted : ADAPTERS) {
  const dir = join(root, 'packages', name, 'src');
  try {
    statSync(dir);
  } catch {
    continue;
  }
  let total = 0;
  const perFile = [];
  for (const file of files(dir)) {
    const text = readFileSync(file, 'utf8');
    const count = /\.(svelte|vue)$/.test(file) ? logicLines(scriptOf(text)) : logicLines(text, file);
    total += count;
    perFile.push(`    ${relative(join(root, 'packages'), file)}: ${count}`);
  }
  rows.push(`${name}: ${total}`, ...perFile);
}
console.log(rows.join('\n'));
