/**
 * The TypeScript compiler is loaded lazily, with the V8 code cache the build writes
 * (scripts/code-cache.mjs): the built check path must actually use it, get the same compiler a
 * plain `require` gives, and still work when V8 rejects a cache.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTypescript, typescriptPath } from './compiler.js';

const DIST_COMPILER = fileURLToPath(new URL('../../dist/rules/ts/compiler.js', import.meta.url));

describe('loading the TypeScript compiler', () => {
  it('uses the code cache the build wrote, and gives later requires the same instance', () => {
    if (!existsSync(DIST_COMPILER)) throw new Error(`${DIST_COMPILER} is missing: run \`npm run build\` first`);
    const script = `
      const c = await import(${JSON.stringify(DIST_COMPILER)});
      const { existsSync } = await import('node:fs');
      const { createRequire } = await import('node:module');
      const path = c.typescriptPath();
      const version = c.ts.version;
      const sf = c.ts.createSourceFile('a.tsx', 'const x = <div>{1}</div>;', c.ts.ScriptTarget.Latest, true, c.ts.ScriptKind.TSX);
      console.log(JSON.stringify({ cacheExists: existsSync(c.codeCacheFile(path)), loadedFrom: c.loadedFrom, version, statements: sf.statements.length, same: createRequire(path)(path) === c.ts }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const required = createRequire(typescriptPath())(typescriptPath()) as { version: string };
    expect(out).toEqual({ cacheExists: true, loadedFrom: 'code cache', version: required.version, statements: 1, same: true });
  });

  it('compiles from source when V8 rejects the cache, with the same result', () => {
    const path = typescriptPath();
    const { exports, script } = runTypescript(path, Buffer.from('not a code cache'));
    expect(script.cachedDataRejected).toBe(true);
    const sf = exports.createSourceFile(join('x', 'a.ts'), 'export const a: number = 1;', exports.ScriptTarget.Latest, true);
    expect(sf.statements).toHaveLength(1);
    expect(exports.isVariableStatement(sf.statements[0]!)).toBe(true);
  });
});
