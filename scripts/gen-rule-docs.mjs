#!/usr/bin/env node
/**
 * Writes docs/rules/<rule-id>.md for every registered rule, and docs/rules/README.md, from the
 * rules' meta (through rules/docs.ts, the formatter `authspec explain` uses too). Removes pages of
 * rules that no longer exist. Run after `npm run build` (`npm run docs:rules` does both).
 *
 *   node scripts/gen-rule-docs.mjs           write the pages
 *   node scripts/gen-rule-docs.mjs --check   write nothing; exit 1 and list the pages that are out of date
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const { RULES } = await import(join(repo, 'dist/rules/index.js'));
const { renderRuleDocs } = await import(join(repo, 'dist/rules/docs.js'));

const rules = Array.isArray(RULES) ? RULES : Object.values(RULES);
const pages = renderRuleDocs(rules.map((r) => r.meta));
const docsDir = join(repo, 'docs/rules');

const stale = existsSync(docsDir)
  ? readdirSync(docsDir).filter((f) => f.endsWith('.md') && !pages.has(`docs/rules/${f}`)).map((f) => `docs/rules/${f}`)
  : [];
const changed = [...pages].filter(([rel, text]) => !existsSync(join(repo, rel)) || readFileSync(join(repo, rel), 'utf8') !== text).map(([rel]) => rel);

if (check) {
  for (const rel of changed) process.stderr.write(`out of date: ${rel}\n`);
  for (const rel of stale) process.stderr.write(`names no rule: ${rel}\n`);
  if (changed.length + stale.length > 0) {
    process.stderr.write('run `npm run docs:rules` and commit the result\n');
    process.exit(1);
  }
  process.stdout.write(`${pages.size} rule doc pages up to date\n`);
} else {
  mkdirSync(docsDir, { recursive: true });
  for (const [rel, text] of pages) writeFileSync(join(repo, rel), text);
  for (const rel of stale) rmSync(join(repo, rel));
  process.stdout.write(`wrote ${pages.size} pages (${changed.length} changed, ${stale.length} removed) under docs/rules/\n`);
}
