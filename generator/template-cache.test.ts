import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from './load.js';
import { builtinTemplatesDir, packageRoot } from './paths.js';
import { renderPlan } from './render.js';
import { compilePath, precompiledModule, TEMPLATE_NAMES } from './template-cache.js';

const modulePath = join(packageRoot(), 'generator', 'templates.precompiled.ts');

describe('precompiled built-in templates', () => {
  it('generator/templates.precompiled.ts matches templates/*.hbs (AUTHSPEC_UPDATE_GOLDEN=1 regenerates it)', () => {
    const sources = new Map(TEMPLATE_NAMES.map((n) => [n, readFileSync(join(builtinTemplatesDir(), n), 'utf8')]));
    const expected = precompiledModule(sources);
    if (process.env.AUTHSPEC_UPDATE_GOLDEN === '1') writeFileSync(modulePath, expected);
    expect(readFileSync(modulePath, 'utf8') === expected, 'stale: run AUTHSPEC_UPDATE_GOLDEN=1 npx vitest run generator/template-cache.test.ts').toBe(true);
    for (const [name, source] of sources) expect(compilePath(name, source)).toBe('precompiled');
    expect(compilePath('auth.py.hbs', `${sources.get('auth.py.hbs')}# changed\n`)).toBe('compiler');
  });

  it('the precompiled and the compiled paths render byte-identical output for every golden case', async () => {
    const casesDir = join(packageRoot(), 'fixtures', 'generate');
    for (const name of readdirSync(casesDir).filter((c) => statSync(join(casesDir, c)).isDirectory())) {
      const root = join(casesDir, name);
      const project = await loadProject(root);
      const fast = renderPlan(project.spec, project.tasks, { root });
      const slow = renderPlan(project.spec, project.tasks, { root, forceCompiler: true });
      expect(fast.files, name).toEqual(slow.files);
    }
  });
});
