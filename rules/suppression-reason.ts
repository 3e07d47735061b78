/**
 * `suppression-reason`: a suppression comment without a reason. The logic lives in
 * rules/suppressions.ts; this module carries the meta and docs.
 */
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'suppression-reason',
    type: 'suggestion',
    defaultSeverity: 'error',
    description: 'A suppression comment (`authspec-ignore <rule-id>: <reason>`) must say why the code is safe.',
    languages: ['python', 'typescript'],
    docs: {
      checks:
        'Reports every `# authspec-ignore` (Python) or `// authspec-ignore` (TypeScript) comment that gives no reason after the rule ids. The suppression itself still applies; the missing reason is the finding.',
      why: 'A suppression switches a security check off for one line. Without a reason, a reviewer cannot tell a considered exception from a silenced real flaw, and nobody can later tell whether it still holds.',
      incorrect: [{ lang: 'python', code: 'stmt = select(Task)  # authspec-ignore user-scoped-query' }],
      correct: [{ lang: 'python', code: 'stmt = select(Task)  # authspec-ignore user-scoped-query: admin report, route requires the admin role' }],
      fix: 'Add a colon and the reason after the rule id(s): `authspec-ignore <rule-id>: <why this is safe>`.',
    },
  },
};

export default rule;
