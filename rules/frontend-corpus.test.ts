/**
 * The labelled frontend corpus: fixtures/frontend/<case>/ is a small repository (frontend, backend,
 * .env files, .gitignore) with expected.json listing every finding of the frontend and secret rules
 * (rule id, file, line). The test runs the real engine on each case, compares, and prints precision
 * and recall per rule. The generated clients under fixtures/generate/<case>/expected are checked
 * too: they must produce no finding at all. Each case is checked from a copy in the temp folder, as
 * the repository it stands for: in place, this repository's git tracks its .env files, and
 * secret-exposure reports a tracked .env file holding the secret.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../generator/load.js';
import { checkProject } from './engine.js';
import { RULES } from './index.js';

const RULE_IDS = ['client-bearer-header', 'client-token-storage', 'secret-exposure', 'secret-sync', 'hardcoded-secret'];
const rules = RULE_IDS.map((id) => {
  const r = RULES.find((x) => x.meta.id === id);
  if (!r) throw new Error(`rule ${id} is not registered in rules/index.ts`);
  return r;
});

const corpus = join(import.meta.dirname, '..', 'fixtures', 'frontend');
const generated = join(import.meta.dirname, '..', 'fixtures', 'generate');

interface Expected {
  description: string;
  findings: { rule: string; file: string; line: number }[];
}

const cases: { name: string; root: string; expected: Expected }[] = [
  ...readdirSync(corpus)
    .sort()
    .map((name) => ({ name, root: join(corpus, name), expected: JSON.parse(readFileSync(join(corpus, name, 'expected.json'), 'utf8')) as Expected })),
  ...readdirSync(generated)
    .filter((name) => existsSync(join(generated, name, 'expected', 'frontend')))
    .sort()
    .map((name) => ({ name: `generated/${name}`, root: join(generated, name, 'expected'), expected: { description: 'generated client', findings: [] } })),
];

const tally = new Map<string, { tp: number; fp: number; fn: number }>(RULE_IDS.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));

describe('frontend corpus', () => {
  it('has at least 15 labelled cases', () => {
    expect(readdirSync(corpus).length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(`${c.name}: ${c.expected.description}`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'authspec-corpus-'));
      let result;
      try {
        cpSync(c.root, root, { recursive: true });
        result = await checkProject(await loadProject(root), { rules, workers: 0 });
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
      expect(result.errors).toEqual([]);
      const key = (r: string, f: string, l: number) => `${r} ${f}:${l}`;
      const got = new Set(result.findings.filter((f) => RULE_IDS.includes(f.ruleId)).map((f) => key(f.ruleId, f.file, f.line)));
      const want = new Set(c.expected.findings.map((f) => key(f.rule, f.file, f.line)));
      for (const k of got) tally.get(k.split(' ')[0]!)![want.has(k) ? 'tp' : 'fp']++;
      for (const k of want) if (!got.has(k)) tally.get(k.split(' ')[0]!)!.fn++;
      expect([...got].sort(), result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`).join('\n')).toEqual([...want].sort());
    });
  }

  afterAll(() => {
    const lines = ['frontend corpus: precision / recall per rule'];
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
    for (const [id, t] of tally) {
      tp += t.tp;
      fp += t.fp;
      fn += t.fn;
      lines.push(`  ${id.padEnd(22)} precision ${pct(t.tp, t.tp + t.fp).padStart(6)}  recall ${pct(t.tp, t.tp + t.fn).padStart(6)}  (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`);
    }
    lines.push(`  ${'all'.padEnd(22)} precision ${pct(tp, tp + fp).padStart(6)}  recall ${pct(tp, tp + fn).padStart(6)}  (${cases.length} cases)`);
    console.log(lines.join('\n'));
  });
});
