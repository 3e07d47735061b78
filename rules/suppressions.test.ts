import { describe, expect, it } from 'vitest';
import { parseSuppressionComment } from './suppressions.js';
import { runCheck, testRule } from './test-support/rule-tester.js';
import { dangerRule } from './test-support/danger-rule.js';
import suppressionReason from './suppression-reason.js';
import unusedSuppression from './unused-suppression.js';

const danger = dangerRule('user-scoped-query');

describe('parseSuppressionComment', () => {
  it('reads ids and reason', () => {
    expect(parseSuppressionComment('# authspec-ignore a-b: because')).toEqual({ ruleIds: ['a-b'], reason: 'because' });
    expect(parseSuppressionComment('// authspec-ignore a, b:  why ')).toEqual({ ruleIds: ['a', 'b'], reason: 'why' });
    expect(parseSuppressionComment('/* authspec-ignore a */')).toEqual({ ruleIds: ['a'], reason: '' });
    expect(parseSuppressionComment('# authspec-ignored a: x')).toBeNull();
    expect(parseSuppressionComment('# just a comment')).toBeNull();
  });
});

describe('suppressions in a real run', () => {
  const rules = [danger, suppressionReason, unusedSuppression];
  it('a reasoned suppression on the line or the line before removes the finding', async () => {
    const findings = await runCheck(
      {
        'a.py': 'danger()  # authspec-ignore user-scoped-query: test fixture\n# authspec-ignore user-scoped-query: next line\ndanger()\ndanger()\n',
        'b.ts': 'danger(); // authspec-ignore user-scoped-query: fixture\n// authspec-ignore user-scoped-query: next\ndanger();\ndanger();\n',
      },
      { rules },
    );
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['a.py:4 user-scoped-query', 'b.ts:4 user-scoped-query']);
  });

  it('a suppression without a reason still applies but is a finding', async () => {
    const findings = await runCheck({ 'a.py': 'danger()  # authspec-ignore user-scoped-query\n' }, { rules });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.severity}`)).toEqual(['1:11 suppression-reason error']);
  });

  it('unused, unknown and rule-less suppressions are reported; those of rules that did not run are not', async () => {
    const findings = await runCheck(
      {
        'a.py': [
          'danger()  # authspec-ignore user-scope-query: typo',
          'x = 1  # authspec-ignore: nothing named',
          'ok()  # authspec-ignore user-scoped-query: stale',
          'ok()',
          'y = 2  # authspec-ignore protected-route: rule not running',
          's = "# authspec-ignore user-scoped-query: in a string, not a comment"',
        ].join('\n'),
        'b.ts': 'const s = "// authspec-ignore user-scoped-query: string";\nconst t = `\n// authspec-ignore user-scoped-query: template\n`;\n',
      },
      { rules },
    );
    expect(findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`)).toEqual([
      'a.py:1 user-scoped-query: danger',
      'a.py:1 unused-suppression: suppression names unknown rule `user-scope-query`',
      'a.py:2 unused-suppression: suppression names no rule, so it suppresses nothing',
      'a.py:3 unused-suppression: suppression of `user-scoped-query` suppresses nothing here',
    ]);
  });

  it('the suppression rules can be switched off', async () => {
    const findings = await runCheck(
      { 'a.py': 'ok()  # authspec-ignore user-scoped-query\n' },
      { rules, severities: { 'suppression-reason': 'off', 'unused-suppression': 'off' } },
    );
    expect(findings).toEqual([]);
  });
});

testRule(suppressionReason, {
  valid: [{ files: { 'app/x.py': 'danger()  # authspec-ignore user-scoped-query: fixture\n' } }, { files: { 'x.ts': '// plain comment\n' } }],
  invalid: [
    { files: { 'app/x.py': '# authspec-ignore user-scoped-query\nx = 1\n' }, errors: [{ line: 1, column: 1, messageIncludes: 'gives no reason' }] },
    { files: { 'x.tsx': 'const a = 1; /* authspec-ignore parse-error: */\n' }, errors: [{ line: 1, column: 14 }] },
  ],
});
