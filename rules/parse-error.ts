/**
 * `parse-error`: a Python or TS file that does not parse (or is too large to parse, or nested too
 * deeply to check). The engine reports it (rules/analyse.ts) and still runs the other rules on what
 * did parse.
 */
import type { Rule } from './types.js';

const rule: Rule = {
  meta: {
    id: 'parse-error',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'A Python or TypeScript file has a syntax error (or is too large to parse, or too deeply nested to check), so its checks are incomplete.',
    languages: ['python', 'typescript'],
    docs: {
      checks:
        'Reports the first syntax error of every Python (tree-sitter) and TypeScript/TSX (TypeScript compiler) file the check parses, at the line and column where the parser gave up, and files over 2 MB, which are not parsed at all (as a warning). A file nested so deeply (thousands of levels, such as a generated expression) that the parser, an extractor or a rule runs out of stack is reported as a warning too ("too deeply nested to check", at its deepest point); the other rules and files are still checked. The other rules still run on the parts of the file that did parse.',
      why: 'A file that does not parse cannot be checked reliably: a missing bracket can hide an unscoped query or an unprotected route from every other rule. A file that Python or Node cannot load is also a broken build.',
      incorrect: [{ lang: 'python', code: 'def list_tasks(session, user:\n    return session.exec(select(Task)).all()' }],
      correct: [{ lang: 'python', code: 'def list_tasks(session, user):\n    return session.exec(select(Task).where(Task.user_id == user.id)).all()' }],
      fix: 'Fix the syntax error at the reported position. If the file is not meant to be Python or TypeScript (a template, a fixture), add it to the config `ignore` globs.',
    },
  },
};

export default rule;
