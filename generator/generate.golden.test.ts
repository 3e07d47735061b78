/**
 * Golden cases, sqlc style: every folder under fixtures/generate/ is a small repository (spec, task list,
 * maybe template overrides) with `expected/` holding the exact files `authspec generate` must produce.
 * Adding a case is adding a folder. AUTHSPEC_UPDATE_GOLDEN=1 rewrites `expected/` from the current output.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';
import { differs } from './drift.js';
import { loadProject } from './load.js';
import { packageRoot } from './paths.js';
import { renderPlan } from './render.js';

const casesDir = join(packageRoot(), 'fixtures', 'generate');
const update = process.env.AUTHSPEC_UPDATE_GOLDEN === '1';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...walk(abs));
    else out.push(abs);
  }
  return out;
}

const cases = readdirSync(casesDir).filter((c) => statSync(join(casesDir, c)).isDirectory()).sort();

describe('golden cases (fixtures/generate)', () => {
  it('has the cases the issue asks for', () => {
    expect(cases).toEqual(expect.arrayContaining(['jwks', 'shared-secret', 'several-resources', 'custom-paths', 'template-override', 'escaping']));
  });

  for (const name of cases) {
    it(name, async () => {
      const root = join(casesDir, name);
      const project = await loadProject(root);
      expect(project.specFound, `${name}: the spec file was not read`).toBe(true);
      const plan = renderPlan(project.spec, project.tasks, { root });
      // Deterministic: a second render is byte-identical.
      expect(renderPlan(project.spec, project.tasks, { root }).files).toEqual(plan.files);
      const expectedDir = join(root, 'expected');
      if (update) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const f of plan.files) {
          mkdirSync(dirname(join(expectedDir, f.path)), { recursive: true });
          writeFileSync(join(expectedDir, f.path), f.content);
        }
      }
      const expected = new Map(walk(expectedDir).map((abs) => [relative(expectedDir, abs).split('\\').join('/'), readFileSync(abs, 'utf8')]));
      expect(plan.files.map((f) => f.path).sort()).toEqual([...expected.keys()].sort());
      const diffs = plan.files
        .filter((f) => differs(expected.get(f.path)!, f.content))
        .map((f) => unifiedDiff(f.path, expected.get(f.path)!, f.content));
      expect(diffs.join(''), 'rendered output differs from expected/ (AUTHSPEC_UPDATE_GOLDEN=1 rewrites it)').toBe('');
    });
  }
});

describe('golden output is valid code', () => {
  const files = cases.flatMap((name) => {
    const dir = join(casesDir, name, 'expected');
    return walk(dir).map((abs) => ({ name, abs }));
  });

  it('every expected Python file compiles (py_compile)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { PYTHON } = await import('./test-support/python.js');
    const py = files.filter((f) => f.abs.endsWith('.py')).map((f) => f.abs);
    expect(py.length).toBeGreaterThan(5);
    const script = 'import sys\nfor p in sys.argv[1:]:\n    compile(open(p, encoding="utf-8").read(), p, "exec")\nprint("ok")';
    expect(execFileSync(PYTHON, ['-c', script, ...py], { encoding: 'utf8' }).trim()).toBe('ok');
  });

  it('every expected TypeScript file type-checks in strict mode against better-auth', async () => {
    const { default: ts } = await import('typescript');
    const { mkdtempSync, symlinkSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'authspec-golden-ts-'));
    try {
      symlinkSync(join(packageRoot(), 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(
        join(dir, 'auth-client.ts'),
        'import { createAuthClient } from "better-auth/client";\nimport { jwtClient } from "better-auth/client/plugins";\nexport const authClient = createAuthClient({ plugins: [jwtClient()] });\n',
      );
      writeFileSync(join(dir, 'auth.ts'), 'import { betterAuth } from "better-auth";\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n');
      // Copy each case's TS files so that the module mappings below apply to all of them.
      const roots: string[] = [];
      for (const f of files.filter((x) => x.abs.endsWith('.ts'))) {
        const target = join(dir, 'cases', f.name, relative(join(casesDir, f.name, 'expected'), f.abs));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, readFileSync(f.abs, 'utf8'));
        roots.push(target);
      }
      const program = ts.createProgram(roots, {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        noUnusedLocals: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.dom.d.ts', 'lib.es2022.d.ts'],
        types: ['node'],
        baseUrl: dir,
        paths: { '@/lib/auth-client': ['./auth-client.ts'], '~/client/auth': ['./auth-client.ts'], '@/lib/auth': ['./auth.ts'], '~/server/auth': ['./auth.ts'] },
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
