/** --since on real git repositories built in temp dirs with real commits. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../generator/errors.js';
import { loadProject } from '../generator/load.js';
import { checkProject } from './engine.js';
import taskLink from './task-link.js';
import unknownTaskId from './unknown-task-id.js';
import { defaultSpec, type Task, type TaskList } from '../generator/model.js';
import { emptyPythonIndex } from './python/index.js';
import { applySince, parseUnifiedDiff } from './since.js';
import { emptyTsIndex } from './ts/index.js';
import type { Finding, RuleContextBase } from './types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): { root: string; git: (...args: string[]) => string; write: (rel: string, text: string) => void; commit: (msg: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'authspec-since-'));
  dirs.push(root);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const commit = (msg: string): void => {
    git('add', '-A');
    git('commit', '-q', '-m', msg);
  };
  return { root, git, write, commit };
}

const numbered = (n: number, prefix = 'line'): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

function finding(ruleId: string, file: string, line: number, endLine = line): Finding {
  return { ruleId, severity: 'error', file, line, column: 1, endLine, endColumn: 1, message: `${ruleId} at ${line}` };
}

function ctx(taskIds: string[] = []): RuleContextBase {
  const tasks: Task[] = taskIds.map((id, i) => ({ id, spelling: id, title: id, done: false, parallel: false, phase: null, story: null, dependsOn: [], pos: { file: 'speckit.tasks', line: i + 1, column: 1 } }));
  const list: TaskList = { file: taskIds.length ? 'speckit.tasks' : null, tasks, byId: new Map(tasks.map((t) => [t.id, t])) };
  return {
    root: '/',
    spec: defaultSpec(),
    specFound: false,
    tasks: list,
    index: { python: emptyPythonIndex(), ts: emptyTsIndex(), envFiles: [], taskRefs: [], files: [], generatedFiles: [] },
    options: {},
    report: () => {},
  };
}

const where = (fs: Finding[]): string[] => fs.map((f) => `${f.ruleId}@${f.file}:${f.line}`);

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('parseUnifiedDiff', () => {
  it('reads added lines per file, skips deletions and deleted files', () => {
    const diff = [
      'diff --git a/a.py b/a.py',
      '--- a/a.py',
      '+++ b/a.py',
      '@@ -2 +2 @@',
      '@@ -5,0 +6,2 @@',
      '@@ -9,3 +10,0 @@',
      'diff --git a/gone.py b/gone.py',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      '+++ "b/sp\\303\\251cial \\"x\\".py"',
      '@@ -0,0 +1 @@',
    ].join('\n');
    const got = parseUnifiedDiff(diff);
    expect([...got.keys()]).toEqual(['a.py', 'sp\u00e9cial "x".py']);
    expect([...got.get('a.py')!]).toEqual([2, 6, 7]);
  });
});

describe('applySince', () => {
  it('a root that is not a git repository is a UserError (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'authspec-nogit-'));
    dirs.push(root);
    const e = await userError(applySince(root, 'main', [], ctx()));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('not inside a git work tree');
  });

  it('an unknown ref, or one that looks like an option, is a UserError (exit 2)', async () => {
    const r = repo();
    r.write('a.py', 'x = 1\n');
    r.commit('init');
    const e = await userError(applySince(r.root, 'no-such-branch', [], ctx()));
    expect(e.exitCode).toBe(2);
    expect(e.format()).toMatch(/^--since: unknown git ref 'no-such-branch' \(pass a branch/);
    expect((await userError(applySince(r.root, '--output=/tmp/x', [], ctx()))).message).toContain('is not a git ref');
  });

  it('keeps findings on changed lines only: committed, uncommitted and untracked', async () => {
    const r = repo();
    r.write('a.py', numbered(10));
    r.write('b.py', numbered(5));
    r.write('c.py', numbered(5));
    r.commit('base');
    r.git('tag', 'base');
    r.write('a.py', numbered(10).replace('line 5\n', 'changed 5\n') + 'line 11\n');
    r.commit('change a');
    r.write('c.py', numbered(5).replace('line 2\n', 'edited 2\n')); // uncommitted
    r.write('new.py', numbered(3)); // untracked
    const findings = [
      finding('protected-route', 'a.py', 2),
      finding('protected-route', 'a.py', 5),
      finding('protected-route', 'a.py', 11),
      finding('protected-route', 'a.py', 3, 6),
      finding('protected-route', 'b.py', 1),
      finding('protected-route', 'c.py', 2),
      finding('protected-route', 'c.py', 3),
      finding('protected-route', 'new.py', 3),
    ];
    expect(where(await applySince(r.root, 'base', findings, ctx()))).toEqual([
      'protected-route@a.py:5',
      'protected-route@a.py:11',
      'protected-route@a.py:3',
      'protected-route@c.py:2',
      'protected-route@new.py:3',
    ]);
    const [link] = await applySince(r.root, 'base', [finding('task-link', 'new.py', 1, 3)], ctx());
    expect(link?.message).toContain('changed since base without a task ID');
  });

  it('diffs from the merge base: changes made on the ref after branching do not count', async () => {
    const r = repo();
    r.write('a.py', numbered(6));
    r.commit('base');
    r.git('checkout', '-q', '-b', 'feature');
    r.write('a.py', numbered(6).replace('line 1\n', 'feature 1\n'));
    r.commit('feature work');
    r.git('checkout', '-q', 'main');
    r.write('a.py', numbered(6).replace('line 6\n', 'main 6\n'));
    r.commit('main moved on');
    r.git('checkout', '-q', 'feature');
    const kept = await applySince(r.root, 'main', [finding('x', 'a.py', 1), finding('x', 'a.py', 6)], ctx());
    expect(where(kept)).toEqual(['x@a.py:1']);
  });

  it('task-link: a changed unlinked function is reported unless the commits that wrote the change name a task', async () => {
    const r = repo();
    const fn = (body: string): string => ['import jwt', '', '@router.get("/a")', 'def a():', `    ${body}`, '    return 1', '', '@router.get("/b")', 'def b():', '    return 2', ''].join('\n');
    r.write('app.py', fn('x = 0'));
    r.commit('base');
    r.git('tag', 'base');
    const links = [finding('task-link', 'app.py', 4, 6), finding('task-link', 'app.py', 9, 10)];

    r.write('app.py', fn('x = 1'));
    r.commit('T012 tighten the check');
    expect(where(await applySince(r.root, 'base', links, ctx(['T012'])))).toEqual([]);

    r.write('app.py', fn('x = 2'));
    r.commit('refactor');
    const kept = await applySince(r.root, 'base', links, ctx(['T012']));
    expect(where(kept)).toEqual(['task-link@app.py:4']);
    expect(kept[0]!.message).toContain('changed since base without a task ID');

    r.write('app.py', fn('x = 3'));
    r.commit('[Task]: T-099 not in the list');
    expect(where(await applySince(r.root, 'base', links, ctx(['T012'])))).toEqual(['task-link@app.py:4']);
    // Without a task list, any ID in the message links the change.
    expect(where(await applySince(r.root, 'base', links, ctx()))).toEqual([]);

    r.write('app.py', fn('x = 4')); // uncommitted: no commit message can link it
    expect(where(await applySince(r.root, 'base', links, ctx(['T099'])))).toEqual(['task-link@app.py:4']);
  });

  it('a root below the repository top: paths stay relative to the root', async () => {
    const r = repo();
    r.write('backend/app/x.py', numbered(3));
    r.write('other/y.py', numbered(3));
    r.commit('base');
    r.write('backend/app/x.py', numbered(3).replace('line 3', 'three'));
    r.write('other/y.py', numbered(3).replace('line 3', 'three'));
    const kept = await applySince(join(r.root, 'backend'), 'HEAD', [finding('x', 'app/x.py', 3), finding('x', 'app/x.py', 1)], ctx());
    expect(where(kept)).toEqual(['x@app/x.py:3']);
  });
});

describe('check --since through the engine', () => {
  it('reports only changed unlinked auth code, and accepts a task ID in the commit message', async () => {
    const r = repo();
    r.write('speckit.tasks', '## Phase 1: Setup\n\n- [ ] T001 Routes\n- [ ] T002 Delete\n');
    const route = (name: string, body = 'return 1'): string => `@router.get("/${name}")\ndef ${name}():\n    ${body}\n`;
    r.write('backend/app/routes.py', ['import x', '', '# T001', route('linked'), route('old_unlinked')].join('\n'));
    r.commit('base');
    r.git('tag', 'base');
    const findings = async (): Promise<string[]> => {
      const project = await loadProject(r.root);
      const result = await checkProject(project, { rules: [taskLink, unknownTaskId], workers: 0, since: 'base' });
      return result.findings.map((f) => `${f.ruleId}@${f.line}:${f.message.split(' (')[0]}`);
    };
    // Nothing changed: the old unlinked route is not this change's business.
    expect(await findings()).toEqual([]);

    r.write('backend/app/routes.py', ['import x', '', '# T001', route('linked', 'return 2'), route('old_unlinked'), route('new_route')].join('\n'));
    r.commit('add a route');
    expect(await findings()).toEqual(["task-link@13:auth-related code 'new_route'"]);

    r.write('backend/app/routes.py', ['import x', '', '# T001', route('linked', 'return 2'), route('old_unlinked'), route('new_route', 'return 3'), route('deleted', 'return 4')].join('\n'));
    r.git('add', '-A');
    r.git('commit', '-q', '-m', 'Add delete endpoint', '-m', '[Task]: T-002');
    // new_route's return line still comes from 'add a route' (no task); deleted() comes from the T-002 commit.
    expect(await findings()).toEqual(["task-link@13:auth-related code 'new_route'"]);

    r.write('backend/app/routes.py', ['import x', '', '# T001', route('linked', 'return 2'), route('old_unlinked', 'return 9  # T099'), route('new_route', 'return 3'), route('deleted', 'return 4')].join('\n'));
    expect(await findings()).toEqual(['unknown-task-id@10:comment names task T099, which is not in speckit.tasks', "task-link@13:auth-related code 'new_route'"]);
  });
});
