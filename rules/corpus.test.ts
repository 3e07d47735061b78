/**
 * The labelled backend corpus (fixtures/backend/<case>/): every case is a small FastAPI backend,
 * correct or flawed, with `expected.json` listing the findings a careful reviewer expects
 * (rule id + file + line). This test runs the real engine with the backend rules on every case,
 * compares, and prints precision and recall per rule and overall.
 *
 * Adding a case is adding a folder. The same folders are run under FastAPI by corpus-run.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from './test-support/rule-tester.js';
import { RULES } from './index.js';
import { BACKEND_RULES, CORPUS, caseFiles, corpusCases } from './python/corpus.js';


/** Precision and recall must stay at or above these on the corpus. */
const FLOOR = { precision: 1.0, recall: 1.0 };


interface Expected {
  description: string;
  findings: { rule: string; file: string; line: number }[];
}

const tally = new Map<string, { tp: number; fp: number; fn: number }>(BACKEND_RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
const rules = RULES.filter((r) => (BACKEND_RULES as readonly string[]).includes(r.meta.id));

describe('backend corpus', () => {
  it('has at least 40 cases and all eight backend rules registered', () => {
    expect(corpusCases().length).toBeGreaterThanOrEqual(40);
    expect(rules.map((r) => r.meta.id).sort()).toEqual([...BACKEND_RULES].sort());
  });

  for (const name of corpusCases()) {
    it(name, async () => {
      const dir = join(CORPUS, name);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const findings = await runCheck(caseFiles(dir), { rules });
      const got = findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
      const want = expected.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
      const unmatched = [...got];
      const missing: string[] = [];
      for (const w of want) {
        const i = unmatched.indexOf(w);
        const rule = w.split(' ')[0]!;
        const t = tally.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
        tally.set(rule, t);
        if (i >= 0) {
          unmatched.splice(i, 1);
          t.tp++;
        } else {
          missing.push(w);
          t.fn++;
        }
      }
      for (const u of unmatched) {
        const rule = u.split(' ')[0]!;
        const t = tally.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
        tally.set(rule, t);
        t.fp++;
      }
      const messages = findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`).join('\n  ');
      expect({ missing, unexpected: unmatched }, `${expected.description}\n  ${messages}`).toEqual({ missing: [], unexpected: [] });
    });
  }

  it('the generated backends (fixtures/generate/*/expected) have no backend findings', async () => {
    const generated = join(CORPUS, '..', 'generate');
    let checked = 0;
    for (const name of existsSync(generated) ? readdirSync(generated) : []) {
      const expectedDir = join(generated, name, 'expected');
      if (!existsSync(expectedDir)) continue;
      const files: Record<string, string> = {};
      for (const [rel, text] of Object.entries(caseFiles(join(generated, name)))) {
        if (rel.startsWith('expected/')) files[rel.slice('expected/'.length)] = text;
        else if (!rel.endsWith('.py')) files[rel] = text; // the spec and task list of the case
      }
      const findings = await runCheck(files, { rules });
      expect(findings.map((f) => `${name}: ${f.ruleId} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  afterAll(() => {
    const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
    const rows: string[] = [];
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [rule, t] of tally) {
      tp += t.tp;
      fp += t.fp;
      fn += t.fn;
      rows.push(`  ${rule.padEnd(26)} tp ${String(t.tp).padStart(3)}  fp ${String(t.fp).padStart(3)}  fn ${String(t.fn).padStart(3)}  precision ${ratio(t.tp, t.tp + t.fp).toFixed(3)}  recall ${ratio(t.tp, t.tp + t.fn).toFixed(3)}`);
    }
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    rows.push(`  ${'overall'.padEnd(26)} tp ${String(tp).padStart(3)}  fp ${String(fp).padStart(3)}  fn ${String(fn).padStart(3)}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}`);
    console.log(`backend corpus: ${corpusCases().length} cases\n${rows.join('\n')}`);
    expect(precision, 'overall precision on the corpus').toBeGreaterThanOrEqual(FLOOR.precision);
    expect(recall, 'overall recall on the corpus').toBeGreaterThanOrEqual(FLOOR.recall);
  });
});
