import { describe, expect, it } from 'vitest';
import { defaultSpec, type Requirement, type Task, type TaskList } from '../generator/model.js';
import { emptyPythonIndex } from './python/index.js';
import { emptyTsIndex } from './ts/index.js';
import rule from './unknown-task-id.js';
import { testRule } from './test-support/rule-tester.js';
import type { Report, RuleContextBase, TaskRef } from './types.js';

function taskList(ids: string[] | null): TaskList {
  if (ids === null) return { file: null, tasks: [], byId: new Map() };
  const tasks: Task[] = ids.map((spelling, i) => ({
    id: spelling.replace('-', ''),
    spelling,
    title: `task ${i}`,
    done: false,
    parallel: false,
    phase: null,
    story: null,
    dependsOn: [],
    pos: { file: 'speckit.tasks', line: i + 1, column: 1 },
  }));
  return { file: 'speckit.tasks', tasks, byId: new Map(tasks.map((t) => [t.id, t])) };
}

const ref = (spelling: string, file: string, line: number, column = 3): TaskRef => ({ id: spelling.replace('-', ''), spelling, file, line, column });

function run(opts: { tasks: string[] | null; refs?: TaskRef[]; requirements?: Requirement[] }): Report[] {
  const reports: Report[] = [];
  const spec = defaultSpec();
  spec.requirements = opts.requirements ?? [];
  const ctx: RuleContextBase = {
    root: '/r',
    spec,
    specFound: true,
    tasks: taskList(opts.tasks),
    index: { python: emptyPythonIndex(), ts: emptyTsIndex(), envFiles: [], taskRefs: opts.refs ?? [], files: [], generatedFiles: [] },
    options: {},
    report: (r) => reports.push(r),
  };
  void rule.checkRepo!(ctx);
  return reports;
}

const req = (id: string, spellings: string[], line: number): Requirement => ({
  id,
  text: 'x',
  tasks: spellings.map((s) => s.replace('-', '')),
  taskSpellings: spellings,
  pos: { file: 'specs/features/authentication.md', line, column: 3 },
});

describe('unknown-task-id', () => {
  describe('valid', () => {
    it('references and requirements that name listed tasks, in either spelling', () => {
      expect(run({ tasks: ['T-001', 'T012'], refs: [ref('T001', 'a.py', 1), ref('T-012', 'b.ts', 4)], requirements: [req('AUTH-001', ['T-001', 'T012'], 9)] })).toEqual([]);
    });
    it('nothing to check and no task list: silent', () => {
      expect(run({ tasks: null })).toEqual([]);
    });
  });
  describe('invalid', () => {
    it('a comment naming an unknown ID, reported at the reference with its spelling', () => {
      const r = run({ tasks: ['T001'], refs: [ref('T001', 'a.py', 1), ref('T-099', 'backend/app/auth.py', 7, 11)] });
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ file: 'backend/app/auth.py', line: 7, column: 11, endColumn: 16 });
      expect(r[0]!.message).toContain('T-099 (T099)');
      expect(r[0]!.message).toContain('speckit.tasks');
    });
    it('a requirement naming an unknown ID, reported at the requirement', () => {
      const r = run({ tasks: ['T001'], requirements: [req('AUTH-003', ['T001', 'T077'], 12)] });
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ file: 'specs/features/authentication.md', line: 12 });
      expect(r[0]!.message).toMatch(/requirement AUTH-003 names task T077/);
    });
    it('no task list: one finding for all references, at the first', () => {
      const r = run({ tasks: null, refs: [ref('T001', 'a.py', 2), ref('T002', 'b.py', 3)], requirements: [req('AUTH-1', ['T3'], 1)] });
      expect(r).toHaveLength(1);
      expect(r[0]).toMatchObject({ file: 'a.py', line: 2 });
      expect(r[0]!.message).toMatch(/3 task reference\(s\) \(T001, T002, T3\) cannot be checked: no task list was found/);
    });
    it('a task list without IDs: one finding that says so', () => {
      const r = run({ tasks: [], refs: [ref('T001', 'a.py', 2), ref('T002', 'b.py', 3)] });
      expect(r).toHaveLength(1);
      expect(r[0]!.message).toContain('the task list speckit.tasks has no task IDs');
    });
  });
});

// Through the real engine and the real readers: task list and spec files on disk.
testRule(rule, {
  valid: [
    {
      name: 'engine: references and requirement tasks that the list has',
      files: {
        'speckit.tasks': '## Phase 1: Setup\n\n- [ ] T-001 Create backend/app/auth.py\n- [x] T002 Verify tokens\n',
        'specs/features/authentication.md': '# Auth\n\n- **AUTH-001** Tokens are verified (T001, T-002).\n',
        'backend/app/auth.py': '# [Task]: T-001\nimport jwt  # T002\n',
      },
    },
  ],
  invalid: [
    {
      name: 'engine: an unknown ID in a comment and in a requirement',
      files: {
        'speckit.tasks': '## Phase 1: Setup\n\n- [ ] T001 Create backend/app/auth.py\n',
        'specs/features/authentication.md': '---\nverification:\n  tasks: [T001, T055]\n---\n# Auth\n\n- **AUTH-001** Tokens are verified (T001, T-077).\n',
        'frontend/lib/api.ts': 'const x = 1; // see T-099\n',
      },
      errors: [
        { file: 'frontend/lib/api.ts', line: 1, column: 21, endColumn: 26, messageIncludes: 'T-099 (T099)' },
        { file: 'specs/features/authentication.md', line: 3, messageIncludes: '`verification.tasks` in the spec names task T055' },
        { file: 'specs/features/authentication.md', line: 7, messageIncludes: 'requirement AUTH-001 names task T-077 (T077)' },
      ],
    },
  ],
});
