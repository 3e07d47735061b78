import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, checklistLines, checklistMarkdown, operationOf } from './checklist.js';
import { runCheckResult, type Files } from './test-support/rule-tester.js';
import { defaultSpec, defaultTaskResource } from '../generator/model.js';

/** The generated jwks-mode backend and client, exactly as the golden case expects them. */
function generatedRepo(): Files {
  const base = join(import.meta.dirname, '..', 'fixtures', 'generate', 'jwks');
  const files: Files = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files[relative(base, abs).replace(/^expected\//, '')] = readFileSync(abs, 'utf8');
    }
  };
  walk(base);
  files['backend/app/models.py'] =
    'from sqlmodel import Field, SQLModel\n\n\nclass Task(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    user_id: str = Field(index=True)\n    title: str\n    completed: bool = False\n';
  return files;
}

const spec = defaultSpec();

async function checklistOf(files: Files) {
  const result = await runCheckResult(files);
  return { result, checklist: buildChecklist(spec, result.index, result.findings) };
}

describe('operationOf', () => {
  const r = defaultTaskResource();
  it('maps methods and paths to the five features', () => {
    expect(operationOf('get', '/api/{user_id}/tasks', 'list_tasks', r)).toBe('list');
    expect(operationOf('post', '/api/{uid}/tasks/', 'create', r)).toBe('create');
    expect(operationOf('get', '/api/{user_id}/tasks/{task_id}', 'read', r)).toBe('read');
    expect(operationOf('put', '/api/{user_id}/tasks/{id}', 'update_task', r)).toBe('update');
    expect(operationOf('patch', '/api/{user_id}/tasks/{id}', 'toggle_complete', r)).toBe('complete');
    expect(operationOf('patch', '/api/{user_id}/tasks/{id}/complete', 'x', r)).toBe('complete');
    expect(operationOf('delete', '/api/{user_id}/tasks/{id}', 'x', r)).toBe('delete');
    expect(operationOf('get', '/api/{user_id}/notes', 'x', r)).toBeNull();
  });
});

describe('buildChecklist', () => {
  it('answers every question with ✓ on freshly generated code, and lists all six operations', async () => {
    const { result, checklist } = await checklistOf(generatedRepo());
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(checklist.items.map((i) => [i.id, i.status])).toEqual([
      ['user-id-cross-check', 'pass'],
      ['stateless-verification', 'pass'],
      ['five-features', 'pass'],
      ['client-token', 'pass'],
    ]);
    expect(checklist.features.map((f) => [f.operation, f.method, f.protected, f.scoped, f.missing])).toEqual([
      ['list', 'GET', true, true, false],
      ['read', 'GET', true, true, false],
      ['create', 'POST', true, true, false],
      ['update', 'PUT', true, true, false],
      ['delete', 'DELETE', true, true, false],
      ['complete', 'PATCH', true, true, false],
    ]);
    expect(checklist.items[0]!.evidence[0]).toMatch(/^6 of 6 route\(s\) with \{user_id\}/);
    expect(checklist.items[1]!.evidence.join('\n')).toMatch(/backend\/app\/auth\.py:\d+\) verifies the token; it touches no database/);
    const row = checklist.features.find((f) => f.operation === 'complete')!;
    expect(row.handler?.file).toBe('backend/app/routers/tasks.py');
    expect(row.tasks).toContain('T021');
    const md = checklistMarkdown(checklist);
    expect(md).toContain('| Complete (complete) | PATCH /api/{user\\_id}/tasks/{item\\_id}/complete | backend/app/routers/tasks.py:108 | yes | yes | T020, T021 |');
    expect(checklistLines(checklist)[0]!.text).toBe('Verification checklist');
  });

  it('shows a missing feature, an unprotected route and an unscoped query as ✗ with the findings behind them', async () => {
    const files = generatedRepo();
    let router = files['backend/app/routers/tasks.py']!;
    // drop the delete route
    router = router.replace(/# Delete:[\s\S]*?return Response\(status_code=status\.HTTP_204_NO_CONTENT\)\n/, '');
    // unscope the list query
    router = router.replace('return list(session.exec(select(Task).where(Task.user_id == user_id)).all())', 'return list(session.exec(select(Task)).all())');
    // take the auth dependency off the create route
    router = router.replace(/(def create_task\(\n    body: TaskCreate,\n)    user_id: str = Depends\(require_path_user\),/, '$1    user_id: str,');
    expect(router).toContain('def create_task(\n    body: TaskCreate,\n    user_id: str,\n');
    files['backend/app/routers/tasks.py'] = router;
    const { checklist } = await checklistOf(files);
    const five = checklist.items.find((i) => i.id === 'five-features')!;
    expect(five.status).toBe('fail');
    expect(five.findings.map((f) => f.ruleId)).toContain('user-scoped-query');
    const del = checklist.features.find((f) => f.operation === 'delete')!;
    expect(del.missing).toBe(true);
    const list = checklist.features.find((f) => f.operation === 'list')!;
    expect(list.scoped).toBe(false);
    const create = checklist.features.find((f) => f.operation === 'create')!;
    expect(create.protected).toBe(false);
    expect(five.findings.map((f) => f.ruleId)).toContain('protected-route');
    expect(five.evidence.join('\n')).toContain('missing: Delete (tasks.delete)');
  });

  it('reports a session lookup on the verification path under the stateless question', async () => {
    const files = generatedRepo();
    const auth = files['backend/app/auth.py']!;
    expect(auth).toContain('    return user_id\n');
    files['backend/app/auth.py'] = auth
      .replace('import jwt\n', 'import jwt\nfrom sqlmodel import Session, select\nfrom app.db import engine\nfrom app.models import Task\n')
      .replace('    return user_id\n', '    with Session(engine) as session:\n        session.exec(select(Task).where(Task.user_id == user_id)).first()\n    return user_id\n');
    const { checklist } = await checklistOf(files);
    const item = checklist.items.find((i) => i.id === 'stateless-verification')!;
    expect(item.status).toBe('fail');
    expect(item.findings.map((f) => f.ruleId)).toContain('stateless-verification');
    expect(item.evidence.join('\n')).toMatch(/get_current_user_id \(backend\/app\/auth\.py:\d+\) verifies the token; its call path touches a database/);
  });
});

describe('the checklist in check reports', () => {
  it('ends the pretty report (before the summary line), and is carried by JSON and SARIF run.properties', async () => {
    const { formatReport } = await import('./reporters/index.js');
    const { result, checklist } = await checklistOf(generatedRepo());
    const input = {
      root: result.root,
      version: '0.0.0',
      findings: result.findings,
      rules: result.enabled.map(({ rule, severity }) => ({ meta: rule.meta, severity })),
      filesChecked: result.files.length,
      suppressed: result.suppressed,
      notes: result.notes,
      readSource: () => null,
      checklist,
    };
    const pretty = formatReport('pretty', input, { colour: false });
    const lines = pretty.trimEnd().split('\n');
    const at = lines.indexOf('Verification checklist');
    const summary = lines.findIndex((l) => /^\d+ errors, \d+ warnings in \d+ files$/.test(l));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(summary).toBeGreaterThan(at);
    expect(lines[at + 1]).toBe("✓ Is the {user_id} in the URL cross-referenced with the token's sub?");
    expect(pretty).toMatch(/Complete \(complete\)\s+PATCH \/api\/\{user_id\}\/tasks\/\{item_id\}\/complete\s+backend\/app\/routers\/tasks\.py:\d+\s+yes\s+yes/);

    const json = JSON.parse(formatReport('json', input)) as { checklist: typeof checklist };
    expect(json.checklist.items.map((i) => i.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(json.checklist.features).toHaveLength(6);

    const sarif = JSON.parse(formatReport('sarif', input)) as { runs: { properties: { checklist: typeof checklist } }[] };
    expect(sarif.runs[0]!.properties.checklist.features.map((f) => f.feature)).toEqual(['View', 'View', 'Add', 'Update', 'Delete', 'Complete']);

    const { checklist: _omit, ...without } = input;
    expect(formatReport('pretty', without, { colour: false })).not.toContain('Verification checklist');
  });
});

describe('buildChecklist without a spec file', () => {
  it('takes the routes under the collection name as the resource when none is under the default path, and says so; with a spec file it does not', async () => {
    const files = generatedRepo();
    const router = files['backend/app/routers/tasks.py']!;
    // the same routes, mounted under /api/tasks instead of /api/{user_id}/tasks
    expect(router).toMatch(/prefix="\/api\/\{user_id\}\/tasks"/);
    files['backend/app/routers/tasks.py'] = router.replace(/prefix="\/api\/\{user_id\}\/tasks"/, 'prefix="/api/tasks"');
    const result = await runCheckResult(files);
    const specless = buildChecklist({ ...spec, file: null }, result.index, result.findings);
    expect(specless.features.filter((f) => !f.missing).map((f) => f.path)).toEqual([
      '/api/tasks',
      '/api/tasks/{item_id}',
      '/api/tasks',
      '/api/tasks/{item_id}',
      '/api/tasks/{item_id}',
      '/api/tasks/{item_id}/complete',
    ]);
    const five = specless.items.find((i) => i.id === 'five-features')!;
    expect(five.evidence.join('\n')).toContain('no spec file: no route is under the default path /api/{user_id}/tasks, so the routes under /api/tasks are taken as tasks');
    const withSpec = buildChecklist({ ...spec, file: 'specs/features/authentication.md' }, result.index, result.findings);
    expect(withSpec.features.every((f) => f.missing)).toBe(true);
    expect(withSpec.items.find((i) => i.id === 'five-features')!.evidence.join('\n')).not.toContain('no spec file');
  });

  it('falls back to the plural of an owned model (Todo → /todos) when no route path names the collection', async () => {
    const files = generatedRepo();
    files['backend/app/routers/tasks.py'] = files['backend/app/routers/tasks.py']!.replace(/prefix="\/api\/\{user_id\}\/tasks"/, 'prefix="/api/v1/todos"');
    files['backend/app/models.py'] = files['backend/app/models.py']!.replace('class Task(', 'class Todo(');
    const result = await runCheckResult(files);
    const specless = buildChecklist({ ...spec, file: null }, result.index, result.findings);
    expect(specless.features.find((f) => f.operation === 'list')?.path).toBe('/api/v1/todos');
    expect(specless.items.find((i) => i.id === 'five-features')!.evidence.join('\n')).toContain('so the routes under /api/v1/todos are taken as tasks');
  });
});
