/**
 * Rule docs: every registered rule has an up-to-date page under docs/rules/, no page names a rule that
 * does not exist, and the SARIF report links each rule to its page (helpUri).
 * Fix a failure here with `npm run docs:rules` and commit docs/rules/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRuleDoc, formatRuleIndex, formatRuleList, renderRuleDocs, ruleDocsPath, ruleDocsUrl } from './docs.js';
import { RULE_IDS } from './ids.js';
import { RULES } from './index.js';
import type { Rule, RuleMeta } from './types.js';

const repo = join(import.meta.dirname, '..');
const rules: Rule[] = Array.isArray(RULES) ? (RULES as Rule[]) : Object.values(RULES as Record<string, Rule>);
const metas = rules.map((r) => r.meta);

const sample: RuleMeta = {
  id: 'sample-rule',
  type: 'problem',
  defaultSeverity: 'warning',
  description: 'A sample | with a pipe.',
  languages: ['python'],
  docs: {
    checks: 'Checks samples.',
    why: 'Because attackers sample.',
    incorrect: [{ lang: 'python', code: 'x = """\n```\n"""\n' }],
    correct: [{ lang: 'python', code: 'x = 1' }],
    fix: 'Do the right thing.',
    options: { ownerField: 'the owner column' },
  },
};

describe('the formatter (rules/docs.ts)', () => {
  it('writes every section, in order, with the suppression comment for the rule', () => {
    const page = formatRuleDoc(sample);
    const headings = page.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# sample-rule',
      '## What it checks',
      '## Why',
      '## Incorrect',
      '## Correct',
      '## How to fix',
      '## How to suppress',
      '## Options',
    ]);
    expect(page).toContain('# authspec-ignore sample-rule: <reason>');
    expect(page).not.toContain('// authspec-ignore sample-rule');
    expect(page).toContain('| `ownerField` | the owner column |');
    expect(page).toContain('| warning | problem | Python |');
  });

  it('fences code that itself contains a fence', () => {
    const page = formatRuleDoc(sample);
    expect(page).toContain('````python\nx = """\n```\n"""\n````');
  });

  it('lists and indexes rules sorted by id', () => {
    const other: RuleMeta = { ...sample, id: 'another-rule', languages: ['typescript'], description: 'Another.' };
    expect(formatRuleList([sample, other]).split('\n')[0]).toMatch(/^another-rule\s+warning\s+Another\.$/);
    expect(formatRuleIndex([sample, other])).toContain('| [another-rule](another-rule.md) |');
    expect(formatRuleDoc(other)).toContain('// authspec-ignore another-rule: <reason>');
    expect(ruleDocsUrl('x-y')).toMatch(/^https:\/\/.+\/docs\/rules\/x-y\.md$/);
  });
});

describe('docs/rules/', () => {
  it('the registry holds exactly the known rule ids, each with complete docs', () => {
    expect(metas.map((m) => m.id).sort()).toEqual([...RULE_IDS].sort());
    for (const m of metas) {
      expect(m.description.trim(), `${m.id}: description`).not.toBe('');
      for (const key of ['checks', 'why', 'fix'] as const) expect(m.docs[key].trim(), `${m.id}: docs.${key}`).not.toBe('');
    }
  });

  it('every rule has a page and every page is up to date with its meta', () => {
    const stale: string[] = [];
    for (const [rel, text] of renderRuleDocs(metas)) {
      const abs = join(repo, rel);
      if (!existsSync(abs)) stale.push(`${rel} is missing`);
      else if (readFileSync(abs, 'utf8') !== text) stale.push(`${rel} is out of date`);
    }
    expect(stale, 'run `npm run docs:rules` and commit docs/rules/').toEqual([]);
  });

  it('no page names a rule that does not exist', () => {
    const known = new Set(metas.map((m) => ruleDocsPath(m.id)));
    const orphans = readdirSync(join(repo, 'docs/rules'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => `docs/rules/${f}`)
      .filter((rel) => !known.has(rel));
    expect(orphans).toEqual([]);
    // and the pages only mention suppressions of real rules (incorrect examples may show a wrong id on purpose)
    for (const m of metas) {
      const page = readFileSync(join(repo, ruleDocsPath(m.id)), 'utf8').replace(/## Incorrect[\s\S]*?(?=\n## )/, '');
      for (const match of page.matchAll(/authspec-ignore ([a-z0-9-]+)/g)) expect(RULE_IDS as readonly string[]).toContain(match[1]);
    }
  });

  it('the SARIF report links every rule to its page (helpUri)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'authspec-docs-'));
    try {
      mkdirSync(join(root, 'backend'));
      writeFileSync(join(root, 'backend', 'main.py'), 'import jwt\n\ndef f(token):\n    return jwt.decode(token, "secret", algorithms=["none"])\n');
      const out = join(root, 'report.sarif');
      const check = (await import('../generator/commands/check.js')) as { run(o: Record<string, unknown>): Promise<number> };
      const code = await check.run({ root, format: 'sarif', output: out });
      expect([0, 1]).toContain(code);
      const sarif = JSON.parse(readFileSync(out, 'utf8')) as {
        runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
      };
      const driverRules = sarif.runs[0]!.tool.driver.rules;
      expect(driverRules.length).toBeGreaterThan(0);
      for (const r of driverRules) expect(r.helpUri, r.id).toBe(ruleDocsUrl(r.id));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
