/**
 * `unused-suppression`: a suppression comment that suppresses nothing. The logic lives in
 * rules/suppressions.ts; this module carries the meta and docs.
 */
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'unused-suppression',
    type: 'suggestion',
    defaultSeverity: 'warning',
    description: 'A suppression comment names a rule that reports nothing on its line or the next, or a rule that does not exist.',
    languages: ['python', 'typescript'],
    docs: {
      checks:
        'Reports an `authspec-ignore` comment when a rule it names ran and found nothing on the comment\'s line or the line after it, when it names an unknown rule id, or when it names no rule. Suppressions of rules that did not run (switched off, or not selected with `--rule`) are left alone.',
      why: 'A stale suppression is a trap: the next flaw written on that line is silenced without anyone deciding it is safe. An unknown id (a typo) suppresses nothing while looking as if it does.',
      incorrect: [
        { lang: 'python', code: '# authspec-ignore user-scoped-query: scoped below\nstmt = select(Task).where(Task.user_id == user.id)' },
        { lang: 'python', code: 'stmt = select(Task)  # authspec-ignore user-scope-query: typo in the rule id' },
      ],
      correct: [{ lang: 'python', code: 'stmt = select(Task).where(Task.user_id == user.id)' }],
      fix: 'Delete the comment, or correct the rule id (`authspec explain` lists them).',
    },
  },
};

export default rule;
