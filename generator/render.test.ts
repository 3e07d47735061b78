import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { defaultSpec, defaultVerification, type Spec, type TaskList } from './model.js';
import { packageRoot } from './paths.js';
import { commentText, hasGeneratedHeader, pyStr, renderPlan, tsStr, withoutVersion, type PlannedFile } from './render.js';
import { PYTHON, assertPythonModules } from './test-support/python.js';

const root = packageRoot();
const noTasks: TaskList = { file: null, tasks: [], byId: new Map() };
const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function shared(issuer = 'web', audience = 'api'): Spec {
  return { ...defaultSpec(), verification: defaultVerification('shared-secret', issuer, audience) };
}
function jwks(): Spec {
  return { ...defaultSpec(), verification: defaultVerification('jwks', 'http://localhost:3000', 'http://localhost:3000') };
}
function byKind(files: PlannedFile[], kind: PlannedFile['kind']): PlannedFile {
  return files.find((f) => f.kind === kind)!;
}
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

/** The value of `const NAME = "…"` in a TS file, via the real parser; fails on any syntax error. */
function tsConst(source: string, name: string): string {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const diags = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  expect(diags).toEqual([]);
  let value: string | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === name && n.initializer && ts.isStringLiteral(n.initializer)) value = n.initializer.text;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (value === undefined) throw new Error(`${name} is not a string literal`);
  return value;
}

describe('escaping spec values into code', () => {
  const hostile = [
    'evil"); import os; os.system("id") #',
    "x'\nimport os\n",
    'back\\slash\\"',
    'line\u2028sep\u2029para\u0085next',
    '`${process.exit(1)}`',
    '*/ </script> \u0000\u001b[31m',
    'emoji \u{1F600} and \uD800 lone',
  ];

  it('keeps every hostile issuer inside its Python and TypeScript string literals', () => {
    assertPythonModules(['ast']);
    const dir = mkdtempSync(join(tmpdir(), 'authspec-escape-'));
    tmp.push(dir);
    const paths: string[] = [];
    hostile.forEach((issuer, i) => {
      const files = renderPlan(shared(issuer, `${issuer}-aud`), noTasks, { root }).files;
      const p = join(dir, `auth${i}.py`);
      writeFileSync(p, byKind(files, 'backend-auth').content);
      paths.push(p);
      // TypeScript: the token route's constants are exactly the spec values, and the files parse.
      expect(tsConst(byKind(files, 'token-route').content, 'ISSUER')).toBe(issuer);
      expect(tsConst(byKind(files, 'token-route').content, 'AUDIENCE')).toBe(`${issuer}-aud`);
      ts.createSourceFile('api.ts', byKind(files, 'api-client').content, ts.ScriptTarget.ES2022);
    });
    // Python: parse each module with `ast`, read ISSUER / AUDIENCE back, and count top-level statements
    // (an escape would add statements).
    const script = [
      'import ast, json, sys',
      'out = []',
      'for p in sys.argv[1:]:',
      '    tree = ast.parse(open(p, encoding="utf-8").read())',
      '    vals = {t.targets[0].id: ast.literal_eval(t.value) for t in tree.body if isinstance(t, ast.Assign) and isinstance(t.targets[0], ast.Name) and t.targets[0].id in ("ISSUER", "AUDIENCE")}',
      '    out.append({"issuer": vals["ISSUER"], "audience": vals["AUDIENCE"], "statements": len(tree.body)})',
      'print(json.dumps(out, ensure_ascii=True))',
    ].join('\n');
    const result = JSON.parse(execFileSync(PYTHON, ['-c', script, ...paths], { encoding: 'utf8' })) as { issuer: string; audience: string; statements: number }[];
    const baseline = renderPlan(shared('plain', 'plain'), noTasks, { root }).files;
    const basePath = join(dir, 'base.py');
    writeFileSync(basePath, byKind(baseline, 'backend-auth').content);
    const base = (JSON.parse(execFileSync(PYTHON, ['-c', script, basePath], { encoding: 'utf8' })) as { statements: number }[])[0]!;
    result.forEach((r, i) => {
      expect(r.issuer).toBe(hostile[i]);
      expect(r.audience).toBe(`${hostile[i]}-aud`);
      expect(r.statements).toBe(base.statements);
    });
  });

  it('pyStr and tsStr never emit a raw line break, and tsStr round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const lit of [pyStr(s), tsStr(s)]) expect(lit).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        expect(JSON.parse(tsStr(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('comment text cannot end a comment line', () => {
    expect(commentText('a\nb\r\nc\u2028d */ e')).toBe('a b  c d * / e');
  });
});

describe('identifiers and paths are validated, exit 2', () => {
  const cases: [string, (s: Spec) => void, RegExp][] = [
    ['model', (s) => (s.resources[0]!.model = 'Task; import os'), /Python identifier/],
    ['resource name', (s) => (s.resources[0]!.name = 'my-tasks'), /Python identifier/],
    ['owner field', (s) => (s.resources[0]!.ownerField = 'class'), /Python identifier/],
    ['models module', (s) => (s.backend.modelsModule = 'app.models; x'), /Python identifier/],
    ['api base url env', (s) => (s.frontend.apiBaseUrlEnv = 'API.URL'), /environment variable/],
    ['secret env', (s) => (s.verification.secretEnv = 'A B'), /environment variable/],
    ['output outside the root', (s) => (s.output.apiClient = '../elsewhere/api.ts'), /inside the root/],
    ['absolute output', (s) => (s.output.backendAuth = '/etc/auth.py'), /inside the root/],
    ['alg none', (s) => (s.verification.algorithms = ['HS256', 'none']), /never `none`/],
    ['HS in jwks mode', (s) => ((s.verification.mode = 'jwks'), (s.verification.algorithms = ['HS256'])), /HS\* algorithms/],
    ['jwks without audience', (s) => (s.verification = { ...defaultVerification('jwks', 'http://localhost:3000') }), /verification\.audience/],
    ['token route under /api/auth', (s) => (s.output.tokenRoute = 'frontend/app/api/auth/token/route.ts'), /\/api\/auth/],
    ['path placeholder', (s) => (s.resources[0]!.path = '/api/{org}/tasks'), /user_id/],
    ['field type', (s) => (s.resources[0]!.fields[0]!.type = 'list[str]'), /unsupported field type/],
    ['complete without completed', (s) => (s.resources[0]!.fields = [{ name: 'title', type: 'str', optional: false }]), /completed/],
  ];
  for (const [name, mutate, message] of cases) {
    it(name, () => {
      const spec = shared();
      mutate(spec);
      const err = userError(() => renderPlan(spec, noTasks, { root }));
      expect(err.message).toMatch(message);
      expect(err.exitCode).toBe(2);
    });
  }

  it('names the spec file and line when the reader recorded a position', () => {
    const spec = shared();
    spec.file = 'specs/features/authentication.md';
    spec.positions.set('resources.0.model', { file: spec.file, line: 12, column: 12 });
    spec.resources[0]!.model = '1Task';
    expect(userError(() => renderPlan(spec, noTasks, { root })).format()).toMatch(/^specs\/features\/authentication\.md:12:12: /);
  });
});

describe('headers, hashes and task links', () => {
  it('every file starts with the header: authspec, version, spec file, inputs-sha256', () => {
    const spec = jwks();
    spec.file = 'specs/features/authentication.md';
    const plan = renderPlan(spec, noTasks, { root, version: '9.9.9' });
    for (const f of plan.files) {
      const [first, , third] = f.content.split('\n');
      expect(first).toMatch(/^(#|\/\/) Code generated by authspec 9\.9\.9 from specs\/features\/authentication\.md\. DO NOT EDIT\.$/);
      expect(third).toBe(`${f.path.endsWith('.py') ? '#' : '//'} inputs-sha256: ${plan.inputsHash}`);
      expect(hasGeneratedHeader(f.content)).toBe(true);
    }
  });

  it('the inputs hash ignores authspec’s version but follows the spec and the templates', () => {
    const a = renderPlan(jwks(), noTasks, { root, version: '1.0.0' });
    const b = renderPlan(jwks(), noTasks, { root, version: '2.0.0' });
    expect(a.inputsHash).toBe(b.inputsHash);
    expect(a.files.map((f) => withoutVersion(f.content))).toEqual(b.files.map((f) => withoutVersion(f.content)));
    const changed = jwks();
    changed.verification.leewaySeconds = 10;
    expect(renderPlan(changed, noTasks, { root }).inputsHash).not.toBe(a.inputsHash);

    const dir = mkdtempSync(join(tmpdir(), 'authspec-tpl-'));
    tmp.push(dir);
    mkdirSync(join(dir, 'tpl'));
    writeFileSync(join(dir, 'tpl', 'router.py.hbs'), readFileSync(join(root, 'templates', 'router.py.hbs'), 'utf8') + '# local change\n');
    const overridden = { ...jwks(), templates: 'tpl' };
    const plan = renderPlan(overridden, noTasks, { root: dir, version: '1.0.0' });
    expect(plan.inputsHash).not.toBe(a.inputsHash);
    expect(plan.files.find((f) => f.kind === 'backend-router')!.content).toMatch(/# local change\n$/);
    expect(plan.files.find((f) => f.kind === 'backend-auth')!.content).toBe(a.files[0]!.content.replace(a.inputsHash, plan.inputsHash));
  });

  it('a broken override template is a UserError naming the template file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authspec-tpl-'));
    tmp.push(dir);
    mkdirSync(join(dir, 'tpl'));
    writeFileSync(join(dir, 'tpl', 'api.ts.hbs'), '// header\n{{#if jwks}}\nunclosed\n');
    const err = userError(() => renderPlan({ ...jwks(), templates: 'tpl' }, noTasks, { root: dir }));
    expect(err.format()).toMatch(/^tpl\/api\.ts\.hbs(:\d+)?: template api\.ts\.hbs failed/);
    writeFileSync(join(dir, 'tpl', 'api.ts.hbs'), '{{nosuchvalue}}\n');
    expect(userError(() => renderPlan({ ...jwks(), templates: 'tpl' }, noTasks, { root: dir })).message).toMatch(/nosuchvalue/);
  });

  it('prose, source positions and settings that do not reach the output leave the hash alone', () => {
    const spec = jwks();
    spec.verification.tasks = ['T010'];
    const req = { id: 'AUTH-001', text: 'Verify (T010)', tasks: ['T010'], taskSpellings: ['T010'], pos: { file: 'spec.md', line: 10, column: 3 } };
    spec.requirements = [req];
    const a = renderPlan(spec, noTasks, { root });
    spec.requirements = [{ ...req, pos: { ...req.pos, line: 42 } }];
    spec.envFiles = ['other/.env'];
    spec.positions.set('verification.issuer', { file: 'spec.md', line: 7, column: 11 });
    expect(renderPlan(spec, noTasks, { root })).toEqual(a);
    spec.requirements = [{ ...req, text: 'Verify every token (T010)' }];
    expect(renderPlan(spec, noTasks, { root }).inputsHash).not.toBe(a.inputsHash);
  });

  it('an unknown template name in the override folder is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authspec-tpl-'));
    tmp.push(dir);
    mkdirSync(join(dir, 'tpl'));
    writeFileSync(join(dir, 'tpl', 'auth.ts.hbs'), '');
    expect(userError(() => renderPlan({ ...jwks(), templates: 'tpl' }, noTasks, { root: dir })).message).toMatch(/unknown template auth\.ts\.hbs/);
  });

  it('carries the linked task IDs (with titles) and requirements in comments of the right files', () => {
    const spec = shared();
    spec.verification.tasks = ['T010'];
    spec.resources[0]!.tasks = ['T020'];
    spec.requirements = [{ id: 'AUTH-001', text: 'Verify tokens (T010)', tasks: ['T010'], taskSpellings: ['T010'], pos: { file: 'spec.md', line: 3, column: 1 } }];
    const task = (id: string, spelling: string, title: string) => ({ id, spelling, title, done: false, parallel: false, phase: null, story: null, dependsOn: [], pos: { file: 'speckit.tasks', line: 1, column: 1 } });
    const tasks: TaskList = { file: 'speckit.tasks', tasks: [], byId: new Map([['T010', task('T010', 'T-010', 'Verify JWTs')], ['T020', task('T020', 'T-020', 'Scoped routes')]]) };
    const files = renderPlan(spec, tasks, { root }).files;
    expect(byKind(files, 'backend-auth').content).toContain('# [Task]: T-010 Verify JWTs\n# [From]: AUTH-001 Verify tokens (T010)\n');
    expect(byKind(files, 'backend-auth').content).not.toContain('T-020');
    expect(byKind(files, 'backend-router').content).toContain('# [Task]: T-020 Scoped routes\n');
    expect(byKind(files, 'api-client').content).toContain('// [Task]: T-010 Verify JWTs\n// [Task]: T-020 Scoped routes\n');
    expect(byKind(files, 'token-route').content).toContain('// [Task]: T-010 Verify JWTs\n');
  });

  it('writes the token route only in shared-secret mode', () => {
    expect(renderPlan(jwks(), noTasks, { root }).files.map((f) => f.kind)).toEqual(['backend-auth', 'backend-router', 'api-client']);
    expect(renderPlan(shared(), noTasks, { root }).files.map((f) => f.kind)).toEqual(['backend-auth', 'backend-router', 'api-client', 'token-route']);
  });

  it('shared-secret mode reads the secret from the environment, never a literal or a default', () => {
    const auth = byKind(renderPlan(shared(), noTasks, { root }).files, 'backend-auth').content;
    expect(auth).toContain('SECRET_ENV = "BETTER_AUTH_SECRET"');
    expect(auth).toContain('os.environ[SECRET_ENV]');
    expect(auth).not.toMatch(/getenv|environ\.get/);
  });
});
