/**
 * Fuzzing `check` in-process (generator/commands/check.ts, the engine behind it) on random and mutated
 * Python and TypeScript sources: random bytes, truncation, deep nesting, huge lines, invalid UTF-8, NUL.
 * Every run must end with a report (exit 0 or 1, valid JSON) or a UserError (exit 2), within
 * CASE_BUDGET_MS.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../generator/errors.js';
import { applyMutation, CASE_BUDGET_MS, described, fuzzedFrom, type Fuzzed, type Mutation } from './arbitraries.js';
import { PY_SEEDS, SPEC_SEEDS, TASK_SEEDS, TS_SEEDS } from './seeds.js';

type CheckCommand = { run(options: Record<string, unknown>): Promise<number> };
let root: string;
let check: CheckCommand;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'authspec-fuzz-check-'));
  mkdirSync(join(root, 'specs', 'features'), { recursive: true });
  mkdirSync(join(root, 'backend', 'app'), { recursive: true });
  mkdirSync(join(root, 'frontend', 'lib'), { recursive: true });
  writeFileSync(join(root, 'specs', 'features', 'authentication.md'), SPEC_SEEDS[0]!);
  writeFileSync(join(root, 'speckit.tasks'), TASK_SEEDS[0]!);
  check = (await import('../../generator/commands/check.js')) as CheckCommand;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const report = (): string => join(root, 'report.json');

/** Cases fast-check found once, always replayed first: deep unary chains, deep parentheses, deep braces. */
function example(seed: string, m: Mutation): Fuzzed {
  return described({ how: `regression: ${m.kind}`, bytes: applyMutation(new TextEncoder().encode(seed), m) });
}
const REGRESSIONS: [Fuzzed, Fuzzed, boolean][] = [
  [example(PY_SEEDS[0]!, { kind: 'huge-line', at: 0.5, length: 100_000, char: '-' }), example(TS_SEEDS[0]!, { kind: 'bom' }), false],
  [example(PY_SEEDS[0]!, { kind: 'bom' }), example(TS_SEEDS[0]!, { kind: 'nest', at: 0.5, depth: 1500, open: '(', close: ')' }), false],
  [example(PY_SEEDS[0]!, { kind: 'bom' }), example(TS_SEEDS[0]!, { kind: 'huge-line', at: 0.5, length: 100_000, char: '`' }), true],
  // a line of `{`: tree-sitter's query cursor took 30 s on the deep ERROR chain (comments are now read off the copied tree)
  [example(PY_SEEDS[0]!, { kind: 'huge-line', at: 0.5, length: 60_000, char: '{' }), example(TS_SEEDS[0]!, { kind: 'bom' }), true],
];

describe('fuzz: check', () => {
  it('finds the flaws in the unmutated seeds (so the fuzzing below exercises the rules)', async () => {
    writeFileSync(join(root, 'backend', 'app', 'main.py'), PY_SEEDS[0]!);
    writeFileSync(join(root, 'frontend', 'lib', 'api.ts'), TS_SEEDS[0]!);
    const code = await check.run({ root, format: 'json', output: report() });
    expect(code).toBe(1);
    const text = readFileSync(report(), 'utf8');
    JSON.parse(text);
    expect(text).toContain('backend/app/main.py');
  });

  it('never crashes on random and mutated Python and TS sources', async () => {
    let cases = 0;
    let slowest = 0;
    const codes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fuzzedFrom(PY_SEEDS), fuzzedFrom(TS_SEEDS), fc.boolean(), async (py, tsx, asTsx) => {
        cases++;
        const how = `python: ${py.how}; ts: ${tsx.how}`;
        rmSync(join(root, 'frontend', 'lib'), { recursive: true, force: true });
        mkdirSync(join(root, 'frontend', 'lib'), { recursive: true });
        writeFileSync(join(root, 'backend', 'app', 'main.py'), py.bytes);
        writeFileSync(join(root, 'frontend', 'lib', asTsx ? 'page.tsx' : 'api.ts'), tsx.bytes);
        rmSync(report(), { force: true });
        const started = performance.now();
        let code: number;
        const stderr: string[] = [];
        const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
          stderr.push(String(chunk));
          return true;
        });
        try {
          code = await check.run({ root, format: 'json', output: report() });
          expect([0, 1], how).toContain(code);
          JSON.parse(readFileSync(report(), 'utf8'));
        } catch (err) {
          if (!(err instanceof UserError)) throw new Error(`${how}: ${String((err as Error)?.stack ?? err)}`);
          expect(err.exitCode, how).toBe(2);
          expect(err.format(), how).not.toContain('\n');
          code = 2;
        } finally {
          spy.mockRestore();
        }
        // the engine survives a rule or an extractor throwing, but says "internal error": still a bug
        const bugs = stderr.join('').split('\n').filter((l) => /internal error|^\s+at /.test(l));
        expect(bugs.slice(0, 3), how).toEqual([]);
        codes[code] = (codes[code] ?? 0) + 1;
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        expect(took, `${how}: took ${Math.round(took)} ms`).toBeLessThan(CASE_BUDGET_MS);
      }),
      // a run that never ends is a failure too (reported with its counterexample); the examples
      // count towards numRuns, so 30 random cases run after the regressions
      { numRuns: 30 + REGRESSIONS.length, timeout: 4 * CASE_BUDGET_MS, examples: REGRESSIONS },
    );
    console.log(`fuzz check: ${cases} cases, exit codes ${JSON.stringify(codes)}, slowest ${Math.round(slowest)} ms`);
    expect(cases).toBe(30 + REGRESSIONS.length);
  }, 180_000);
});
