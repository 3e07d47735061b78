/**
 * Fuzzing the spec reader and the task-list reader through loadProject (the path every command
 * takes): random bytes, random text and mutated valid files. Every case must end with a project or a
 * UserError (exit code 2, one line, a file named), within CASE_BUDGET_MS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../generator/errors.js';
import { loadProject } from '../../generator/load.js';
import { CASE_BUDGET_MS, fuzzedFrom } from './arbitraries.js';
import { SPEC_SEEDS, TASK_SEEDS } from './seeds.js';

const SPEC = 'specs/features/authentication.md';
const TASKS = 'speckit.tasks';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-fuzz-readers-'));
  mkdirSync(join(root, 'specs', 'features'), { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  ok: number;
  userErrors: number;
  slowest: number;
}

/** Loads the project; anything but a result or a well-formed UserError fails the property. */
async function loadOnce(outcome: Outcome, how: string): Promise<void> {
  const started = performance.now();
  try {
    await loadProject(root);
    outcome.ok++;
  } catch (err) {
    if (!(err instanceof UserError)) throw new Error(`${how}: not a UserError: ${String((err as Error)?.stack ?? err)}`);
    expect(err.exitCode).toBe(2);
    const line = err.format();
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\n\s+at /);
    expect(err.place?.file, `${how}: the error names a file`).toBeTruthy();
    outcome.userErrors++;
  }
  const took = performance.now() - started;
  outcome.slowest = Math.max(outcome.slowest, took);
  expect(took, `${how}: took ${Math.round(took)} ms`).toBeLessThan(CASE_BUDGET_MS);
}

describe('fuzz: spec and task-list readers', () => {
  it('the readers are wired into loadProject (so the fuzzing below exercises them)', async () => {
    writeFileSync(join(root, SPEC), SPEC_SEEDS[0]!);
    writeFileSync(join(root, TASKS), TASK_SEEDS[0]!);
    const project = await loadProject(root);
    expect(project.specFound).toBe(true);
    expect(project.spec.verification.mode).toBe('shared-secret');
    expect(project.spec.verification.audience).toBe('todo-api');
    expect([...project.tasks.byId.keys()]).toEqual(expect.arrayContaining(['T001', 'T002', 'T010', 'T011']));
    // a binary spec is a one-line UserError with the spec's path
    writeFileSync(join(root, SPEC), Uint8Array.of(0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff));
    await expect(loadProject(root)).rejects.toBeInstanceOf(UserError);
  });

  it('the spec reader never crashes', async () => {
    writeFileSync(join(root, TASKS), TASK_SEEDS[0]!);
    const outcome: Outcome = { ok: 0, userErrors: 0, slowest: 0 };
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fuzzedFrom(SPEC_SEEDS), async ({ how, bytes }) => {
        cases++;
        writeFileSync(join(root, SPEC), bytes);
        await loadOnce(outcome, how);
      }),
      { numRuns: 150 },
    );
    console.log(`fuzz spec reader: ${cases} cases, ${outcome.ok} loaded, ${outcome.userErrors} user errors, slowest ${Math.round(outcome.slowest)} ms`);
    expect(cases).toBe(150);
    expect(outcome.ok).toBeGreaterThan(0);
    expect(outcome.userErrors).toBeGreaterThan(0);
  });

  it('the task-list reader never crashes', async () => {
    writeFileSync(join(root, SPEC), SPEC_SEEDS[0]!);
    const outcome: Outcome = { ok: 0, userErrors: 0, slowest: 0 };
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fuzzedFrom(TASK_SEEDS), async ({ how, bytes }) => {
        cases++;
        writeFileSync(join(root, TASKS), bytes);
        await loadOnce(outcome, how);
      }),
      { numRuns: 150 },
    );
    console.log(`fuzz task-list reader: ${cases} cases, ${outcome.ok} loaded, ${outcome.userErrors} user errors, slowest ${Math.round(outcome.slowest)} ms`);
    expect(cases).toBe(150);
    expect(outcome.ok).toBeGreaterThan(0);
    expect(outcome.userErrors).toBeGreaterThan(0);
  });
});
