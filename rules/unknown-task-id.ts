/**
 * `unknown-task-id`: a task reference in code (a comment), or a requirement in the spec, names an ID
 * that the task list does not have. Reported at the reference, with the spelling used there.
 *
 * Without a task list (or with a list that has no IDs) nothing can be checked: the rule says so
 * once, at the first reference, instead of once per reference.
 */
import type { Rule, RuleContextBase } from './types.js';

interface Reference {
  id: string;
  spelling: string;
  file: string;
  line: number;
  column: number;
  /** Where the reference was written, for the message. */
  where: 'comment' | 'requirement' | 'front matter';
  /** Requirement ID, or the front-matter key (`verification.tasks`). */
  requirement?: string;
}

/** Every reference the rule looks at: comments (in index order), the spec's requirements, then its front-matter task lists. */
export function allReferences(ctx: Pick<RuleContextBase, 'index' | 'spec'>): Reference[] {
  const refs: Reference[] = ctx.index.taskRefs.map((r) => ({ ...r, where: 'comment' as const }));
  for (const req of ctx.spec.requirements) {
    req.tasks.forEach((id, i) => {
      refs.push({
        id,
        spelling: req.taskSpellings[i] ?? id,
        file: req.pos.file,
        line: req.pos.line,
        column: req.pos.column,
        where: 'requirement',
        requirement: req.id,
      });
    });
  }
  const spec = ctx.spec;
  if (spec.file) {
    const lists = [{ key: 'verification.tasks', ids: spec.verification.tasks }, ...spec.resources.map((r, i) => ({ key: `resources.${i}.tasks`, ids: r.tasks }))];
    for (const { key, ids } of lists) {
      ids.forEach((id, i) => {
        const pos = spec.positions.get(`${key}.${i}`) ?? spec.positions.get(key) ?? { file: spec.file!, line: 1, column: 1 };
        refs.push({ id, spelling: id, file: pos.file, line: pos.line, column: pos.column, where: 'front matter', requirement: key });
      });
    }
  }
  return refs;
}

const rule: Rule = {
  meta: {
    id: 'unknown-task-id',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'A task reference in a comment or a spec requirement names an ID the task list does not have.',
    languages: ['repo'],
    docs: {
      checks:
        'Every task ID written in a comment (`# [Task]: T-012`, `# T012 …`, `// T030`, `/* T-001 */`), every task ID a spec requirement names (`- **AUTH-003** … (T012)`) and every ID in the spec front matter (`verification.tasks`, `resources[].tasks`) must exist in the task list (`speckit.tasks` or `specs/<feature>/tasks.md`). `T-012` and `T012` are the same ID; the finding quotes the spelling used. Without a task list, or with a list that has no task IDs, the rule reports that once, at the first reference.',
      why: 'A reference to a task that does not exist (a typo, a renumbered or deleted task) breaks the chain from code to task to requirement that reviewers audit: the code looks linked but nobody planned it.',
      incorrect: [
        { lang: 'python', code: '# [Task]: T-099   (the task list stops at T040)\ndef get_current_user(token: str = Depends(bearer)):\n    ...' },
        { lang: 'markdown', code: '- **AUTH-003** Tokens are verified against the JWKS (T099)' },
      ],
      correct: [
        { lang: 'python', code: '# [Task]: T-012\ndef get_current_user(token: str = Depends(bearer)):\n    ...' },
        { lang: 'markdown', code: '- **AUTH-003** Tokens are verified against the JWKS (T012)' },
      ],
      fix: 'Correct the ID to one in the task list, or add the task to the list (`- [ ] T099 Description`). `authspec trace` lists every task and its references.',
    },
  },
  checkRepo(ctx) {
    const refs = allReferences(ctx);
    if (refs.length === 0) return;
    const listName = ctx.tasks.file ?? 'speckit.tasks';
    if (ctx.tasks.file === null || ctx.tasks.tasks.length === 0) {
      const first = refs[0]!;
      const ids = [...new Set(refs.map((r) => r.id))];
      const why = ctx.tasks.file === null ? 'no task list was found' : `the task list ${ctx.tasks.file} has no task IDs`;
      ctx.report({
        file: first.file,
        line: first.line,
        column: first.column,
        message: `${refs.length} task reference(s) (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}) cannot be checked: ${why}`,
        hint:
          ctx.tasks.file === null
            ? 'add speckit.tasks at the root (or specs/<feature>/tasks.md), or name it with `tasks:` in the spec front matter'
            : `write the tasks as \`- [ ] T001 Description\` in ${listName}`,
      });
      return;
    }
    for (const ref of refs) {
      if (ctx.tasks.byId.has(ref.id)) continue;
      const spelled = ref.spelling === ref.id ? ref.id : `${ref.spelling} (${ref.id})`;
      const from = ref.where === 'requirement' ? `requirement ${ref.requirement ?? '?'} names` : ref.where === 'front matter' ? `\`${ref.requirement ?? 'tasks'}\` in the spec names` : 'comment names';
      ctx.report({
        file: ref.file,
        line: ref.line,
        column: ref.column,
        endColumn: ref.where === 'requirement' ? undefined : ref.column + ref.spelling.length,
        message: `${from} task ${spelled}, which is not in ${listName}`,
        hint: `use an ID from ${listName} or add the task there`,
      });
    }
  },
};

export default rule;
