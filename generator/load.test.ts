import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnosticLine, UserError } from './errors.js';
import { collectProject, loadProject } from './load.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const repo = (files: Record<string, string>): string => {
  dir = mkdtempSync(join(tmpdir(), 'authspec-load-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
};
const SPEC = 'specs/features/authentication.md';

describe('loadProject', () => {
  it('reads spec, task list and config together', async () => {
    const root = repo({
      [SPEC]: '---\nverification:\n  mode: shared-secret\n---\n# Auth\n\n- **AUTH-001** Bearer token (T001)\n',
      'speckit.tasks': '## Phase 1: Setup\n\n- [x] T001 Verify the token\n',
      '.authspec.yaml': 'rules:\n  token-logging: off\n',
    });
    const p = await loadProject(root);
    expect(p.root).toBe(root);
    expect(p.specFound).toBe(true);
    expect(p.spec.verification.mode).toBe('shared-secret');
    expect(p.tasks.file).toBe('speckit.tasks');
    expect(p.tasks.byId.get('T001')).toMatchObject({ done: true, phase: 'Phase 1: Setup' });
    expect(p.config.rules).toEqual({ 'token-logging': { severity: 'off' } });
    expect(p.diagnostics).toEqual([]);
  });

  it('throws the first error as a UserError with file:line (exit 2)', async () => {
    const root = repo({ [SPEC]: '---\nverification:\n  mode: jwt\n---\n# Auth\n' });
    const err = await loadProject(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).format()).toBe(`${SPEC}:3:9: \`verification.mode\` must be one of jwks, shared-secret, got jwt (did you mean \`jwks\`?)`);
  });

  it('a repository with nothing in it loads with defaults and warnings', async () => {
    const p = await loadProject(repo({}));
    expect(p.specFound).toBe(false);
    expect(p.spec.resources.map((r) => r.model)).toEqual(['Task']);
    expect(p.tasks).toEqual({ file: null, tasks: [], byId: new Map() });
    expect(p.diagnostics.map((d) => [d.severity, d.file])).toEqual([
      ['warning', 'speckit.tasks'],
      ['warning', SPEC],
    ]);
  });

  it('a missing root is a UserError', async () => {
    await expect(loadProject(join(tmpdir(), 'authspec-no-such-dir-xyz'))).rejects.toThrow(UserError);
  });
});

describe('collectProject cross-checks', () => {
  it('warns about task IDs the spec names but the list lacks, at the naming line', async () => {
    const root = repo({
      [SPEC]: [
        '---',
        'verification:',
        '  tasks: [T001, T404]',
        '  issuer: http://localhost:3000',
        'resources:',
        '  - model: Task',
        '    tasks: [T-405]',
        '---',
        '# Auth',
        '',
        '- **AUTH-001** Bearer token (T001, T-406)',
        '',
      ].join('\n'),
      'speckit.tasks': '- [ ] T001 Verify\n',
    });
    const p = await collectProject(root);
    expect(p.diagnostics.map(formatDiagnosticLine)).toEqual([
      `${SPEC}:3:17: warning: \`verification.tasks\` names T404, which is not in speckit.tasks (fix the ID or add the task)`,
      `${SPEC}:7:13: warning: \`resources.0.tasks\` names T405, which is not in speckit.tasks (fix the ID or add the task)`,
      `${SPEC}:11:3: warning: AUTH-001 names T-406, which is not in speckit.tasks (fix the ID or add the task)`,
    ]);
  });

  it('collects every error (validate prints them all) in file/line order', async () => {
    const root = repo({
      [SPEC]: '---\nverificaton: {}\noutput:\n  apiClient: /abs.ts\n---\n',
      'speckit.tasks': '- [ ] T001 a\n- [ ] T001 b\n',
      'authspec.config.yaml': 'rules:\n  nope: error\n',
    });
    const p = await collectProject(root);
    expect(p.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
      'authspec.config.yaml:2',
      'speckit.tasks:2',
      `${SPEC}:2`,
      `${SPEC}:4`,
    ]);
  });

  it('uses the config `tasks` key when the spec has none', async () => {
    const root = repo({
      'docs/tasks.md': '- [ ] T001 from docs\n',
      'plan.md': '- [ ] T002 from plan\n',
      'speckit.tasks': '- [ ] T003 root\n',
      'authspec.config.yaml': 'tasks: docs/tasks.md\n',
    });
    expect((await collectProject(root)).tasks.file).toBe('docs/tasks.md');
  });

  it('the spec `tasks` key wins over the config', async () => {
    const root = repo({
      [SPEC]: '---\ntasks: plan.md\n---\n# Auth\n',
      'plan.md': '- [ ] T002 from plan\n',
      'docs/tasks.md': '- [ ] T001 from docs\n',
      'authspec.config.yaml': 'tasks: docs/tasks.md\n',
    });
    const p = await collectProject(root);
    expect(p.tasks.file).toBe('plan.md');
    expect(p.tasks.tasks.map((t) => t.id)).toEqual(['T002']);
  });

  it('a templates folder that does not exist is an error at its line', async () => {
    const root = repo({ [SPEC]: '---\nverification: { issuer: "http://a" }\ntemplates: my-templates\n---\n# Auth\n' });
    expect((await collectProject(root)).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnosticLine)).toEqual([
      `${SPEC}:3:12: error: templates folder my-templates does not exist (create it or remove \`templates\`)`,
    ]);
    mkdirSync(join(root, 'my-templates'));
    expect((await collectProject(root)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
