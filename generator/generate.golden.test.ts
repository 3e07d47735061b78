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
