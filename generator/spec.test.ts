import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnosticLine } from './errors.js';
import { embeddedSpecsDir } from './paths.js';
import { detectFastapiVersion, parseSpec, pluralName, readSpec } from './spec.js';
import { parseTaskList } from './tasks.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'spec');

describe('golden spec cases (fixtures/spec/<case>/authentication.md → expected.txt)', () => {
  const cases = readdirSync(FIXTURES).sort();
  it('has the bad-input kinds', () => {
    for (const c of ['broken-yaml', 'unknown-key', 'wrong-type', 'empty', 'alg-none', 'unsafe-paths', 'no-front-matter'])
      expect(cases).toContain(c);
  });
  for (const c of cases) {
    it(c, () => {
      const r = readSpec(join(FIXTURES, c), 'authentication.md');
      const expected = readFileSync(join(FIXTURES, c, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
      expect(r.diagnostics.map(formatDiagnosticLine)).toEqual(expected);
    });
  }
});

const SPEC = (fm: string, body = '# Auth\n'): string => `---\n${fm}\n---\n${body}`;

describe('front matter', () => {
  it('reports an unknown key with did-you-mean at its line', () => {
    const r = parseSpec(SPEC('resources:\n  - model: Task\nverificaton:\n  mode: jwks'), 's.md');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', line: 4, column: 1, hint: 'did you mean `verification`?' });
  });

  it('reports a wrong type at the value, offset by the front matter start', () => {
    // Front matter after a leading blank? No: it must open the file, so line 1 is `---`.
    const r = parseSpec(SPEC('verification:\n  mode: jwks\n  leewaySeconds: [1]'), 's.md');
    expect(r.diagnostics.map((d) => [d.line, d.column])).toEqual([[4, 18]]);
    expect(r.diagnostics[0]!.message).toContain('whole number');
  });

  it('records the position of every value', () => {
    const text = SPEC(
      [
        'verification:',
        '  mode: shared-secret',
        '  issuer: https://a.example',
        'resources:',
        '  - model: Task',
        '    path: /api/tasks',
        '    operations: [list, read]',
        'output:',
        '  apiClient: web/api.ts',
      ].join('\n'),
    );
    const { spec, diagnostics } = parseSpec(text, 'spec.md');
    expect(diagnostics).toEqual([]);
    const at = (k: string): string => {
      const p = spec.positions.get(k);
      return p ? `${p.file}:${p.line}:${p.column}` : 'missing';
    };
    expect(at('verification.mode')).toBe('spec.md:3:9');
    expect(at('verification.issuer')).toBe('spec.md:4:11');
    expect(at('resources.0')).toBe('spec.md:6:5');
    expect(at('resources.0.path')).toBe('spec.md:7:11');
    expect(at('resources.0.operations.1')).toBe('spec.md:8:24');
    expect(at('output.apiClient')).toBe('spec.md:10:14');
    // the line really holds that value
    expect(text.split('\n')[9]!.slice(13)).toBe('web/api.ts');
  });

  it('resolves jwks defaults: EdDSA, jwksUrl from the issuer, iss/aud required', () => {
    const { spec } = parseSpec(SPEC('verification:\n  issuer: http://localhost:3000/\n  audience: api'), 's.md');
    expect(spec.verification).toMatchObject({
      mode: 'jwks',
      algorithms: ['EdDSA'],
      jwksUrl: 'http://localhost:3000/api/auth/jwks',
      secretEnv: 'BETTER_AUTH_SECRET',
      userIdClaim: 'sub',
      leewaySeconds: 0,
    });
    expect(spec.verification.requiredClaims).toEqual(['exp', 'iat', 'sub', 'iss', 'aud']);
  });

  it('resolves shared-secret defaults and keeps given values', () => {
    const { spec, diagnostics } = readSpec(join(FIXTURES, 'shared-secret'), 'authentication.md');
    expect(diagnostics).toEqual([]);
    expect(spec.verification).toMatchObject({
      mode: 'shared-secret',
      algorithms: ['HS256'],
      secretEnv: 'JWT_SECRET',
      leewaySeconds: 30,
      issuer: 'https://todo.example.com',
      audience: 'todo-api',
    });
    expect(spec.verification.jwksUrl).toBeUndefined();
    expect(spec.resources).toEqual([
      expect.objectContaining({ name: 'tasks', model: 'Task', ownerField: 'user_id', path: '/api/tasks', foreignAccess: 403, operations: ['list', 'create', 'complete'] }),
    ]);
  });

  it('requiredClaims given by the user still gain iss and aud when those are set', () => {
    const { spec } = parseSpec(SPEC('verification:\n  issuer: http://x\n  requiredClaims: [exp, sub]'), 's.md');
    expect(spec.verification.requiredClaims).toEqual(['exp', 'sub', 'iss']);
  });

  it('reads backend, frontend, templates, envFiles and resource fields', () => {
    const { spec, diagnostics } = parseSpec(
      SPEC(
        [
          'backend: { modelsModule: api.db.models, sessionDependency: "api.db:session" }',
          'frontend: { authClientModule: "~/auth/client", authServerModule: "~/auth/server", apiBaseUrlEnv: API_URL }',
          'verification: { jwksUrl: "https://auth.example/keys" }',
          'templates: .authspec/templates/',
          'envFiles: [web/.env.local, api/.env]',
          'resources:',
          '  - model: Category',
          '    fields:',
          '      - { name: label, type: str }',
          '      - { name: color, type: str | None }',
        ].join('\n'),
      ),
      's.md',
    );
    expect(diagnostics).toEqual([]);
    expect(spec.backend).toEqual({ modelsModule: 'api.db.models', sessionDependency: 'api.db:session' });
    expect(spec.frontend).toEqual({ authClientModule: '~/auth/client', authServerModule: '~/auth/server', apiBaseUrlEnv: 'API_URL' });
    expect(spec.templates).toBe('.authspec/templates');
    expect(spec.envFiles).toEqual(['web/.env.local', 'api/.env']);
    expect(spec.resources[0]).toMatchObject({
      name: 'categories',
      path: '/api/{user_id}/categories',
      foreignAccess: 404,
      fields: [
        { name: 'label', type: 'str', optional: false },
        { name: 'color', type: 'str | None', optional: true },
      ],
    });
  });

  it('warns when jwks mode has neither issuer nor jwksUrl', () => {
    const { spec, diagnostics } = parseSpec(SPEC('resources:\n  - model: Task'), 's.md');
    expect(spec.verification.jwksUrl).toBeUndefined();
    expect(diagnostics.map(formatDiagnosticLine)).toEqual([
      's.md:1:1: warning: jwks mode without `issuer` or `jwksUrl`: nothing says where the public keys are, so `generate` cannot render the backend (set `verification.issuer` to the Better Auth base URL)',
    ]);
  });

  it('an empty algorithm list is an error even next to other errors', () => {
    const { diagnostics } = parseSpec(SPEC('verification:\n  mode: jwz\n  algorithms: []'), 's.md');
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['3:9', '4:15']);
    expect(diagnostics[1]!.message).toBe('`verification.algorithms` must name at least one algorithm');
  });

  it('rejects bad module names and env names with their lines', () => {
    const { diagnostics } = parseSpec(
      SPEC('backend:\n  sessionDependency: app.db.get_session\nverification:\n  secretEnv: MY-SECRET'),
      's.md',
    );
    expect(diagnostics.map((d) => `${d.line}:${d.message.split(' ')[0]}`)).toEqual(['3:`backend.sessionDependency`', '5:`verification.secretEnv`']);
  });

  it('accepts a spec without front matter with a warning naming the mode in force', () => {
    const { spec, diagnostics } = parseSpec('# Auth\n\nProse only.\n', 's.md');
    expect(spec.hasFrontMatter).toBe(false);
    expect(spec.verification.mode).toBe('jwks');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', line: 1 });
    expect(diagnostics[0]!.message).toMatch(/verification mode jwks/);
  });

  it('reports a YAML error on the line of the front matter where it is', () => {
    const { diagnostics } = parseSpec('---\nverification:\n  mode: "jwks\n---\n# x\n', 's.md');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 's.md' });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(3);
    expect(diagnostics[0]!.line).toBeLessThanOrEqual(4);
  });

  it('reports duplicate keys', () => {
    const { diagnostics } = parseSpec(SPEC('tasks: a.md\ntasks: b.md'), 's.md');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', line: 3 });
    expect(diagnostics[0]!.message).toMatch(/unique/);
  });
});

describe('requirements', () => {
  it('reads AUTH-, FR- and other IDs with their task links, not nested items', () => {
    const { spec } = readSpec(join(FIXTURES, 'shared-secret'), 'authentication.md');
    expect(spec.requirements.map((r) => [r.id, r.tasks, r.taskSpellings, r.pos.line])).toEqual([
      ['FR-001', ['T010'], ['T-010'], 18],
      ['FR-002', ['T011', 'T012'], ['T-011', 'T-012'], 19],
      ['US-AUTH-003', ['T013'], ['T013'], 21],
    ]);
    expect(spec.requirements[0]!.text).toBe('System MUST reject requests without a valid token (T-010)');
  });
});

describe('requirements in other shapes', () => {
  it('finds a requirement in a GFM task-list item, with CRLF line endings', () => {
    const { spec } = readSpec(join(FIXTURES, 'crlf'), 'authentication.md');
    expect(spec.requirements.map((r) => [r.id, r.tasks, r.pos.line])).toEqual([['AUTH-001', ['T001'], 8]]);
  });
  it('ignores bold text that is not an ID, and IDs that are not first', () => {
    const { spec } = parseSpec('# x\n\n- **Note** T001\n- See **AUTH-001** (T002)\n- **AUTH-2** lower digits ok (T003)\n', 's.md');
    expect(spec.requirements.map((r) => r.id)).toEqual(['AUTH-2']);
  });
});

describe('the embedded default spec', () => {
  it('parses with zero diagnostics and links only tasks that exist', () => {
    const dir = embeddedSpecsDir();
    const { spec, diagnostics } = readSpec(dir, 'features/authentication.md');
    expect(diagnostics).toEqual([]);
    const list = parseTaskList(readFileSync(join(dir, 'speckit.tasks'), 'utf8'), 'speckit.tasks');
    expect(list.diagnostics).toEqual([]);
    expect(spec.requirements.length).toBeGreaterThanOrEqual(10);
    const linked = [...spec.requirements.flatMap((r) => r.tasks), ...spec.verification.tasks, ...spec.resources.flatMap((r) => r.tasks)];
    expect(linked.length).toBeGreaterThan(10);
    for (const id of linked) expect(list.tasks.byId.has(id), id).toBe(true);
    expect(spec.requirements.every((r) => r.tasks.length > 0)).toBe(true);
  });
});

describe('files', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const repo = (): string => (dir = mkdtempSync(join(tmpdir(), 'authspec-spec-')));

  it('a missing spec means defaults and a warning', () => {
    const r = readSpec(repo());
    expect(r.found).toBe(false);
    expect(r.spec.verification.mode).toBe('jwks');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.severity).toBe('warning');
  });

  it('a binary spec is an error at the line of the NUL byte', () => {
    const root = repo();
    writeFileSync(join(root, 's.md'), Buffer.concat([Buffer.from('# a\n\nb\n'), Buffer.from([0x00, 0x01])]));
    expect(readSpec(root, 's.md').diagnostics.map(formatDiagnosticLine)).toEqual([
      's.md:4:1: error: spec is a binary file (NUL byte) (spec must be UTF-8 text)',
    ]);
  });

  it('invalid UTF-8 is an error at its line', () => {
    const root = repo();
    writeFileSync(join(root, 's.md'), Buffer.concat([Buffer.from('# a\nb\n'), Buffer.from([0x63, 0xc3, 0x28])]));
    expect(readSpec(root, 's.md').diagnostics.map(formatDiagnosticLine)).toEqual([
      's.md:3:1: error: spec is not valid UTF-8 (save it as UTF-8 text)',
    ]);
  });

  it('a UTF-8 BOM is accepted', () => {
    const root = repo();
    writeFileSync(join(root, 's.md'), `\ufeff${SPEC('verification:\n  mode: shared-secret')}`);
    const r = readSpec(root, 's.md');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec.verification.mode).toBe('shared-secret');
  });

  it('detects the FastAPI version from lock, requirements and pyproject files', () => {
    const root = repo();
    expect(detectFastapiVersion(root)).toBeUndefined();
    mkdirSync(join(root, 'backend'));
    writeFileSync(join(root, 'pyproject.toml'), '[project]\ndependencies = [\n  "fastapi[standard]>=0.110,<1",\n  "sqlmodel"\n]\n');
    expect(detectFastapiVersion(root)).toEqual({ version: '>=0.110,<1', file: 'pyproject.toml' });
    writeFileSync(join(root, 'backend/requirements.txt'), '# api\nuvicorn\nfastapi==0.115.6  # pinned\n');
    expect(detectFastapiVersion(root)).toEqual({ version: '0.115.6', file: 'backend/requirements.txt' });
    writeFileSync(
      join(root, 'backend/uv.lock'),
      'version = 1\n\n[[package]]\nname = "anyio"\nversion = "4.0.0"\n\n[[package]]\nname = "fastapi"\nversion = "0.116.1"\nsource = { registry = "https://pypi.org/simple" }\n',
    );
    expect(detectFastapiVersion(root)).toEqual({ version: '0.116.1', file: 'backend/uv.lock' });
    rmSync(join(root, 'backend/uv.lock'));
    rmSync(join(root, 'backend/requirements.txt'));
    writeFileSync(join(root, 'backend/pyproject.toml'), '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = { version = "^0.100.0", extras = ["all"] }\n');
    expect(detectFastapiVersion(root)).toEqual({ version: '^0.100.0', file: 'backend/pyproject.toml' });
    // readSpec fills it in, with a spec and without one
    expect(readSpec(root).found).toBe(false);
    expect(readSpec(root).spec.backend.fastapiVersion).toBe('^0.100.0');
    mkdirSync(join(root, 'specs/features'), { recursive: true });
    writeFileSync(join(root, 'specs/features/authentication.md'), SPEC('verification:\n  mode: jwks'));
    expect(readSpec(root).spec.backend.fastapiVersion).toBe('^0.100.0');
  });
});

describe('pluralName', () => {
  it('names resources after their model', () => {
    expect(['Task', 'Category', 'Box', 'TodoItem'].map(pluralName)).toEqual(['tasks', 'categories', 'boxes', 'todo_items']);
  });
});
