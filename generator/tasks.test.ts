import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnosticLine } from './errors.js';
import { discoverTaskList, parseTaskList, parseTaskText, readTaskList } from './tasks.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'tasks');

interface Expected {
  tasks: { id: string; spelling: string; line: number; done: boolean; parallel: boolean; phase: string | null; story: string | null; dependsOn: string[]; title: string }[];
  diagnostics: string[];
}

describe('golden task lists (fixtures/tasks/<case>/tasks.md → expected.json)', () => {
  const cases = readdirSync(FIXTURES).sort();
  it('covers every format', () => {
    for (const c of ['speckit', 'older-format', 'dash-ids', 'emoji', 'task-headings', 'no-ids', 'duplicate', 'empty']) expect(cases).toContain(c);
  });
  for (const c of cases) {
    it(c, () => {
      const r = readTaskList(join(FIXTURES, c), 'tasks.md');
      const expected = JSON.parse(readFileSync(join(FIXTURES, c, 'expected.json'), 'utf8')) as Expected;
      expect(
        r.tasks.tasks.map((t) => ({
          id: t.id,
          spelling: t.spelling,
          line: t.pos.line,
          done: t.done,
          parallel: t.parallel,
          phase: t.phase,
          story: t.story,
          dependsOn: t.dependsOn,
          title: t.title,
        })),
      ).toEqual(expected.tasks);
      expect(r.diagnostics.map(formatDiagnosticLine)).toEqual(expected.diagnostics);
      for (const t of r.tasks.tasks) expect(r.tasks.byId.get(t.id)).toBe(t);
    });
  }
});

describe('parseTaskText', () => {
  it('splits the Spec Kit line', () => {
    expect(parseTaskText('T012 [P] [US1] Verify the token in backend/app/auth.py (depends on T010, T-011)')).toEqual({
      spelling: 'T012',
      parallel: true,
      story: 'US1',
      title: 'Verify the token in backend/app/auth.py',
      dependsOn: ['T010', 'T011'],
      doneEmoji: false,
    });
  });
  it('matches the ID only at the start', () => {
    expect(parseTaskText('Verify T012 later')).toBeNull();
    expect(parseTaskText('T12a not an id')).toBeNull();
    expect(parseTaskText('TASK-1 other scheme')).toBeNull();
  });
  it('accepts story labels spelled [Story 2] and [US-3]', () => {
    expect(parseTaskText('T001 [Story 2] x')?.story).toBe('US2');
    expect(parseTaskText('T001 [US-3] x')?.story).toBe('US3');
  });
});

describe('task list details', () => {
  it('takes the story from the phase heading when the line has no label', () => {
    const r = parseTaskList('## Phase 4: User Story 2 - Own tasks (Priority: P1)\n\n- [ ] T020 Filter by owner\n', 't.md');
    expect(r.tasks.tasks[0]).toMatchObject({ story: 'US2', phase: 'Phase 4: User Story 2 - Own tasks (Priority: P1)' });
  });

  it('ignores IDs inside code blocks and tables', () => {
    const r = parseTaskList('## Phase 1\n\n```\n- [ ] T001 in code\n```\n\n| T002 | table |\n| --- | --- |\n\n- [ ] T003 real\n', 't.md');
    expect(r.tasks.tasks.map((t) => t.id)).toEqual(['T003']);
  });

  it('names both lines of a duplicate', () => {
    const r = parseTaskList('- [ ] T001 a\n- [ ] T002 b\n- [x] T001 c\n', 'speckit.tasks');
    expect(r.diagnostics.map(formatDiagnosticLine)).toEqual([
      'speckit.tasks:3:1: error: duplicate task ID T001 (first at speckit.tasks:1) (give each task its own ID)',
    ]);
  });
});

describe('discovery', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const repo = (files: Record<string, string>): string => {
    dir = mkdtempSync(join(tmpdir(), 'authspec-tasks-'));
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    return dir;
  };
  const T = '- [ ] T001 a\n';

  it('prefers the configured path, then speckit.tasks, then specs/**/tasks.md', () => {
    const root = repo({ 'speckit.tasks': T, 'specs/001-auth/tasks.md': T, 'plan/todo.md': T });
    expect(discoverTaskList(root, { path: 'plan/todo.md' }).file).toBe('plan/todo.md');
    expect(discoverTaskList(root).file).toBe('speckit.tasks');
    rmSync(join(root, 'speckit.tasks'));
    expect(discoverTaskList(root).file).toBe('specs/001-auth/tasks.md');
  });

  it('a configured path that does not exist is an error at the spec line', () => {
    const root = repo({});
    const r = discoverTaskList(root, { path: 'nope.md', pos: { file: 'specs/features/authentication.md', line: 7, column: 8 } });
    expect(r.file).toBeNull();
    expect(r.diagnostics.map(formatDiagnosticLine)).toEqual([
      'specs/features/authentication.md:7:8: error: task list nope.md does not exist (fix the `tasks` path, or remove it to find speckit.tasks or specs/**/tasks.md)',
    ]);
  });

  it('no list anywhere: a warning that says what still runs (task-link) and what cannot (IDs against the list)', () => {
    const r = discoverTaskList(repo({}));
    expect(r.file).toBeNull();
    expect(r.diagnostics.map(formatDiagnosticLine)).toEqual([
      'speckit.tasks: warning: no task list found (speckit.tasks or specs/**/tasks.md): task IDs in comments cannot be checked against it (task-link still asks auth-related code for a reference) (run `authspec init`, or set `tasks:` in the spec front matter)',
    ]);
  });

  it('several lists: the one in an auth folder wins, otherwise an error asking to choose', () => {
    const root = repo({ 'specs/001-crud/tasks.md': T, 'specs/002-authentication/tasks.md': T });
    expect(discoverTaskList(root)).toEqual({ file: 'specs/002-authentication/tasks.md', diagnostics: [] });
    rmSync(join(root, 'specs/002-authentication'), { recursive: true });
    mkdirSync(join(root, 'specs/003-search'));
    writeFileSync(join(root, 'specs/003-search/tasks.md'), T);
    const r = discoverTaskList(root);
    expect(r.file).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'specs/001-crud/tasks.md' });
    expect(r.diagnostics[0]!.message).toContain('specs/003-search/tasks.md');
  });

  it('no list at all is a warning', () => {
    const r = discoverTaskList(repo({}));
    expect(r).toMatchObject({ file: null, diagnostics: [{ severity: 'warning', file: 'speckit.tasks' }] });
  });

  it('binary task list: error with line', () => {
    const root = repo({});
    writeFileSync(join(root, 'speckit.tasks'), Buffer.from([0x2d, 0x20, 0x0a, 0x0a, 0x00]));
    expect(readTaskList(root, 'speckit.tasks').diagnostics.map(formatDiagnosticLine)).toEqual([
      'speckit.tasks:3:1: error: task list is a binary file (NUL byte) (task list must be UTF-8 text)',
    ]);
  });
});
