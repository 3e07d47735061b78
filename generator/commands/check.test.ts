/**
 * `authspec check` and `authspec explain` through the BUILT CLI (dist/, as users run it; `npm test`
 * builds first), including the worker-thread path, which only exists compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../paths.js';
import { writeFiles } from '../../rules/test-support/rule-tester.js';

const CLI = join(packageRoot(), 'dist', 'generator', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}, cwd?: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: cwd ?? packageRoot(),
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', AUTHSPEC_DEBUG: '', AUTHSPEC_WORKERS: '', AUTHSPEC_WORKER_THRESHOLD: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Only the engine's own rules: findings that do not depend on the other rules' progress. */
const ENGINE_RULES = ['--rule', 'parse-error', '--rule', 'unused-suppression', '--rule', 'suppression-reason'];

let root: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-check-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('authspec check (built CLI)', () => {
  it('exits 0 on a clean repository and 1 with an error-level finding', () => {
    writeFiles(root, { 'backend/app/main.py': 'x = 1\n' });
    const clean = cli(['check', '--root', root, ...ENGINE_RULES]);
    expect(clean.stdout).toContain('0 errors, 0 warnings in 0 files');
    expect(clean.code).toBe(0);
    writeFiles(root, { 'backend/app/bad.py': 'def f(:\n    pass\n' });
    const bad = cli(['check', '--root', root, ...ENGINE_RULES]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('backend/app/bad.py\n  1:7  error  syntax error: missing `)`  parse-error\n    > 1 | def f(:\n        |       ^');
    expect(bad.stdout).toContain('1 errors, 0 warnings in 1 files');
  });

  it('says an unknown task ID in the spec once: as the unknown-task-id finding, or on stderr when that rule does not run', () => {
    writeFiles(root, {
      'specs/features/authentication.md': '---\nverification:\n  mode: shared-secret\n---\n\n# Authentication\n\n- **AUTH-001** Every query is scoped by the user (T099).\n',
      'speckit.tasks': '# Tasks\n\n- [ ] T001 Scope the queries\n',
      'backend/app/main.py': 'x = 1\n',
    });
    const all = cli(['check', '--root', root, '--format', 'json']);
    const findings = (JSON.parse(all.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.message.includes('T099'));
    expect(findings.map((f) => f.ruleId)).toEqual(['unknown-task-id']);
    expect(all.stderr).not.toContain('T099');
    const narrowed = cli(['check', '--root', root, '--format', 'json', ...ENGINE_RULES]);
    expect(narrowed.stderr).toContain('AUTH-001 names T099, which is not in speckit.tasks');
    expect(narrowed.stdout).not.toContain('T099');
  });

  it('code frames and SARIF snippets never print a literal key that hardcoded-secret reports', () => {
    writeFiles(root, {
      'frontend/lib/auth.ts': 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({\n  secret: "super-secret-dev-key-1234567890abcdef",\n});\n',
      'backend/app/auth.py': 'import jwt\n\n\ndef verify(t):\n    return jwt.decode(t, "py-literal-key-0987654321", algorithms=["HS256"])\n',
      'frontend/lib/config.ts': 'export const AUTH_SECRET = "imported-literal-key-1122334455";\n',
      'frontend/lib/token.ts': 'import jwt from "jsonwebtoken";\nimport { AUTH_SECRET } from "./config";\nexport const t = jwt.sign({ sub: "u" }, AUTH_SECRET);\n',
    });
    for (const format of ['pretty', 'sarif', 'json', 'github', 'junit']) {
      const r = cli(['check', '--root', root, '--rule', 'hardcoded-secret', '--format', format]);
      expect(r.code, format).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain('super-secret-dev-key');
      expect(r.stdout + r.stderr, format).not.toContain('py-literal-key');
      expect(r.stdout + r.stderr, format).not.toContain('imported-literal-key');
    }
    const pretty = cli(['check', '--root', root, '--rule', 'hardcoded-secret']).stdout;
    expect(pretty).toContain('> 3 |   secret: "****",');
    expect(pretty).toContain('> 5 |     return jwt.decode(t, "****", algorithms=["HS256"])');
    // a literal of another module is reported where it is used: the name is shown, the value is not
    expect(pretty).toContain('> 3 | export const t = jwt.sign({ sub: "u" }, AUTH_SECRET);');
    expect(pretty).toContain('(`AUTH_SECRET`: the literal is at frontend/lib/config.ts:1)');
  });

  it('--max-warnings: warnings pass until there are more than N', () => {
    writeFiles(root, { 'a.py': 'x = 1  # authspec-ignore parse-error: nothing to suppress\n' });
    const r = cli(['check', '--root', root, ...ENGINE_RULES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 errors, 1 warnings in 1 files');
    expect(cli(['check', '--root', root, ...ENGINE_RULES, '--max-warnings', '1']).code).toBe(0);
    const over = cli(['check', '--root', root, ...ENGINE_RULES, '--max-warnings', '0']);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('more than --max-warnings 0');
    const bad = cli(['check', '--root', root, '--max-warnings', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-warnings must be a whole number');
  });

  it('a suppression without a reason is an error; with one, the finding is gone', () => {
    writeFiles(root, { 'a.py': '# authspec-ignore parse-error\ndef f(:\n    pass\n' });
    const r = cli(['check', '--root', root, ...ENGINE_RULES, '--format', 'json']);
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number }[] };
    expect(json.findings.map((f) => `${f.line} ${f.ruleId}`)).toEqual(['1 suppression-reason']);
    expect(r.code).toBe(1);
    writeFiles(root, { 'a.py': '# authspec-ignore parse-error: a fixture of broken Python\ndef f(:\n    pass\n' });
    expect(cli(['check', '--root', root, ...ENGINE_RULES]).code).toBe(0);
  });

  it('config severities apply (error → warning, off)', () => {
    writeFiles(root, { 'a.py': 'def f(:\n    pass\n', 'authspec.config.yaml': 'rules:\n  parse-error: warning\n' });
    const warn = cli(['check', '--root', root, ...ENGINE_RULES]);
    expect(warn.stdout).toContain('0 errors, 1 warnings in 1 files');
    expect(warn.code).toBe(0);
    writeFiles(root, { 'authspec.config.yaml': 'rules:\n  parse-error:\n    severity: off\nignore:\n  - "ignored/**"\n', 'ignored/b.py': 'def (\n' });
    const off = cli(['check', '--root', root, '--rule', 'unused-suppression', '--format', 'json']);
    expect((JSON.parse(off.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('unknown --rule and a bad root are usage errors (exit 2) with one line on stderr', () => {
    const r = cli(['check', '--root', root, '--rule', 'user-scoped-qery']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toContain('authspec: --rule: unknown rule `user-scoped-qery` (did you mean `user-scoped-query`? `authspec explain` lists the rules)');
    expect(cli(['check', '--root', join(root, 'nope')]).code).toBe(2);
    expect(cli(['check', '--root', root, '--format', 'xml']).code).toBe(2);
  });

  it('--output writes the report (creating folders) and prints nothing', () => {
    writeFiles(root, { 'a.py': 'def f(:\n' });
    const out = join(root, 'reports', 'deep', 'authspec.sarif');
    const r = cli(['check', '--root', root, ...ENGINE_RULES, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(['parse-error']);
  });

  it('github and junit formats come out of the CLI', () => {
    writeFiles(root, { 'app/a.py': 'def f(:\n' });
    const gh = cli(['check', '--root', root, ...ENGINE_RULES, '--format', 'github'], {}, root);
    expect(gh.stdout.split('\n')[0]).toBe('::error file=app/a.py,line=1,col=7,endLine=1,endColumn=7,title=parse-error::syntax error: missing `)` (fix the syntax error; the other rules only see what parsed)');
    const junit = cli(['check', '--root', root, ...ENGINE_RULES, '--format', 'junit']);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="authspec" tests="3" failures="1"/);
  });

  it('skipped files are notes on stderr; the run completes', () => {
    writeFiles(root, { 'ok.py': 'x = 1\n' });
    writeFiles(root, { 'bin.py': '\u0000\u0001' });
    const r = cli(['check', '--root', root, ...ENGINE_RULES]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('authspec: note: bin.py: binary file (NUL bytes); skipped');
  });

  it('the worker-thread path gives exactly the in-process result', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      files[`backend/app/routers/r${i}.py`] = [
        'from fastapi import APIRouter, Depends',
        'from sqlmodel import Session, select',
        'from app.models import Task',
        'import jwt',
        '',
        'router = APIRouter()',
        '',
        `@router.get("/items${i}")`,
        `def list_items_${i}(session: Session = Depends(get_session)):`,
        i % 3 === 0 ? '    return session.exec(select(Task)).all()' : '    return session.exec(select(Task).where(Task.user_id == user.id)).all()',
        i % 7 === 0 ? 'def broken(:' : '',
        i % 5 === 0 ? `SECRET = jwt.decode(token, "hardcoded", algorithms=["none"])  # authspec-ignore hardcoded-secret${i % 10 === 0 ? '' : ': fixture'}` : '',
        '',
      ].join('\n');
      files[`frontend/lib/c${i}.ts`] = `// T0${i % 9}\nexport async function f${i}(token: string) {\n  ${i % 4 === 0 ? 'localStorage.setItem("token", token);' : ''}\n  return fetch("/api/tasks", { headers: { Authorization: \`Bearer \${token}\` } });\n}\n${i % 11 === 0 ? 'const = ;\n' : ''}`;
    }
    files['backend/.env'] = 'BETTER_AUTH_SECRET=dev-secret\n';
    writeFiles(root, files);
    const inProcess = cli(['check', '--root', root, '--format', 'json'], { AUTHSPEC_WORKERS: '0', AUTHSPEC_DEBUG: '1' });
    const workers = cli(['check', '--root', root, '--format', 'json'], { AUTHSPEC_WORKERS: '2', AUTHSPEC_WORKER_THRESHOLD: '0', AUTHSPEC_DEBUG: '1' });
    expect(inProcess.stderr).toContain('in-process');
    expect(workers.stderr).toContain('2 worker threads');
    expect(workers.stderr).not.toContain('internal error');
    const a = JSON.parse(inProcess.stdout) as { findings: { ruleId: string }[] };
    const b = JSON.parse(workers.stdout) as { findings: unknown[] };
    expect(a.findings.filter((f) => f.ruleId === 'parse-error').length).toBe(9 + 6);
    expect(b.findings).toEqual(a.findings);
    expect(workers.code).toBe(inProcess.code);
  });

  it('trace takes the worker-thread path too, with the same report (task-link\'s unlinked units travel with its findings)', () => {
    const files: Record<string, string> = {
      'speckit.tasks': '- [x] T001 Verify the JWT\n- [ ] T002 Task routes\n',
      'backend/app/auth.py': 'import jwt\n\ndef get_current_user(token: str) -> str:\n    return jwt.decode(token, KEY, algorithms=["EdDSA"])["sub"]\n',
    };
    for (let i = 0; i < 40; i++) {
      files[`backend/app/routers/r${i}.py`] = [
        i % 2 === 0 ? '# T002' : '',
        'from fastapi import APIRouter, Depends',
        'from app.auth import get_current_user',
        'router = APIRouter()',
        `@router.get("/api/{user_id}/tasks${i}")`,
        `def list_${i}(user_id: str, user=Depends(get_current_user)):`,
        '    return []',
        '',
      ].join('\n');
    }
    writeFiles(root, files);
    const inProcess = cli(['trace', '--root', root, '--format', 'json'], { AUTHSPEC_WORKERS: '0', AUTHSPEC_DEBUG: '1' });
    const workers = cli(['trace', '--root', root, '--format', 'json'], { AUTHSPEC_WORKERS: '2', AUTHSPEC_WORKER_THRESHOLD: '0', AUTHSPEC_DEBUG: '1' });
    expect(inProcess.stderr).toContain('in-process');
    expect(workers.stderr).toContain('2 worker threads');
    expect(workers.code).toBe(0);
    const a = JSON.parse(inProcess.stdout) as { unlinkedCode: { file: string; symbol: string; reasons: string[] }[] };
    // every odd router and the auth dependency lack a task reference
    expect(a.unlinkedCode.filter((u) => u.file.startsWith('backend/app/routers/')).length).toBe(20);
    expect(a.unlinkedCode.find((u) => u.file === 'backend/app/routers/r1.py')).toMatchObject({ symbol: 'list_1', reasons: expect.arrayContaining([expect.stringMatching(/route/)]) });
    expect(workers.stdout).toBe(inProcess.stdout);
  });
});

describe('authspec explain (built CLI)', () => {
  it('prints a rule page, lists all rules, and rejects unknown ids', () => {
    const one = cli(['explain', 'unused-suppression']);
    expect(one.code).toBe(0);
    for (const heading of ['# unused-suppression', '## What it checks', '## Why', '## Incorrect', '## Correct', '## How to fix', '## How to suppress', '## Options']) {
      expect(one.stdout).toContain(heading);
    }
    const all = cli(['explain']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^parse-error\s+error\s+A Python or TypeScript file/m);
    expect(all.stdout).toMatch(/^unused-suppression\s+warning\s+/m);
    const bad = cli(['explain', 'unused-supression']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean `unused-suppression`');
  });
});
