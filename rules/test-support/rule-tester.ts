/**
 * ESLint-style rule tests that run the real engine (rules/engine.ts, in-process: the same code
 * path as `authspec check` on a small repository) on files written to a temporary directory.
 *
 *   testRule(rule, {
 *     valid: [{ files: { 'backend/app/x.py': '...' } }],
 *     invalid: [{ files: { ... }, errors: [{ line: 3, messageIncludes: 'user_id' }] }],
 *   });
 *
 * A case may also set `spec` (an object shallow-merged over the project's spec, or a function
 * that edits it), `tasks` (a TaskList, or a list of task ids) and `options` (the rule's config
 * options). Files named like the real spec / task list / config are read by loadProject as usual.
 * Only findings of the rule under test count; a rule or extractor that throws fails the case.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, type Project } from '../../generator/load.js';
import type { Spec, Task, TaskList } from '../../generator/model.js';
import { checkProject, type CheckOptions, type CheckResult } from '../engine.js';
import { RULES } from '../index.js';
import type { Finding, Rule, Severity } from '../types.js';

export type Files = Record<string, string>;

export interface CaseSetup {
  files: Files;
  /** Shallow-merged over the loaded spec, or a function that edits (or replaces) it. */
  spec?: Partial<Spec> | ((spec: Spec) => Spec | void);
  /** A task list, or just task ids (`T001`…) for a minimal list. */
  tasks?: TaskList | string[];
  /** Options of the rule under test (as under `rules.<id>.options` in the config). */
  options?: Record<string, unknown>;
  /** Severity overrides per rule id (as under `rules.<id>.severity`). */
  severities?: Record<string, Severity | 'off'>;
}

export interface ValidCase extends CaseSetup {
  name?: string;
}

export interface ExpectedError {
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Defaults to the only file of the case, when there is one. */
  file?: string;
  messageIncludes?: string;
  severity?: Severity;
}

export interface InvalidCase extends CaseSetup {
  name?: string;
  errors: ExpectedError[];
}

export interface RunOptions extends Omit<CaseSetup, 'files' | 'options'> {
  /** Rules to run (default: every registered rule). */
  rules?: readonly Rule[];
  /** Options per rule id. */
  options?: Record<string, Record<string, unknown>>;
  /** Passed to checkProject (e.g. `only`, `workers`). */
  engine?: CheckOptions;
}

export function writeFiles(root: string, files: Files): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

function taskList(tasks: TaskList | string[]): TaskList {
  if (!Array.isArray(tasks)) return tasks;
  const list: Task[] = tasks.map((id, i) => ({
    id,
    spelling: id,
    title: `task ${id}`,
    done: false,
    parallel: false,
    phase: null,
    story: null,
    dependsOn: [],
    pos: { file: 'specs/tasks.md', line: i + 1, column: 1 },
  })) as Task[];
  return { file: 'specs/tasks.md', tasks: list, byId: new Map(list.map((t) => [t.id, t])) };
}

/** Applies a case's spec / tasks / options / severities to a loaded project. */
export function applySetup(project: Project, setup: Omit<CaseSetup, 'files' | 'options'> & { options?: Record<string, Record<string, unknown>> }): Project {
  let spec = project.spec;
  if (typeof setup.spec === 'function') spec = setup.spec(spec) ?? spec;
  else if (setup.spec) spec = { ...spec, ...setup.spec };
  const rules = { ...project.config.rules };
  for (const [id, options] of Object.entries(setup.options ?? {})) rules[id] = { ...rules[id], options };
  for (const [id, severity] of Object.entries(setup.severities ?? {})) rules[id] = { ...rules[id], severity };
  return { ...project, spec, tasks: setup.tasks ? taskList(setup.tasks) : project.tasks, config: { ...project.config, rules } };
}

/** Runs the engine on files in a temporary directory and returns the whole result. */
export async function runCheckResult(files: Files, opts: RunOptions = {}): Promise<CheckResult> {
  const root = mkdtempSync(join(tmpdir(), 'authspec-rule-'));
  try {
    writeFiles(root, files);
    const project = applySetup(await loadProject(root), opts);
    return await checkProject(project, { workers: 0, ...opts.engine, ...(opts.rules ? { rules: opts.rules } : {}) });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs the engine on files in a temporary directory; returns the findings (sorted). */
export async function runCheck(files: Files, opts: RunOptions = {}): Promise<Finding[]> {
  const result = await runCheckResult(files, opts);
  if (result.errors.length) throw new Error(`the engine reported internal errors:\n${result.errors.map((e) => `  ${e.file}: ${e.message}`).join('\n')}`);
  return result.findings;
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.message}`;
}

function caseName(kind: string, i: number, c: { name?: string; files: Files }): string {
  return c.name ?? `${kind} #${i + 1} (${Object.keys(c.files).join(', ')})`;
}

async function findingsOf(rule: Rule, c: CaseSetup): Promise<Finding[]> {
  // The rule under test plus the engine's own rules, so suppressions and parse errors behave as in a real run.
  const engineIds = ['parse-error', 'suppression-reason', 'unused-suppression'];
  const extra = RULES.filter((r) => engineIds.includes(r.meta.id) && r.meta.id !== rule.meta.id);
  const findings = await runCheck(c.files, {
    rules: [rule, ...extra],
    ...(c.spec ? { spec: c.spec } : {}),
    ...(c.tasks ? { tasks: c.tasks } : {}),
    ...(c.severities ? { severities: c.severities } : {}),
    ...(c.options ? { options: { [rule.meta.id]: c.options } } : {}),
  });
  return findings.filter((f) => f.ruleId === rule.meta.id);
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Registers one vitest case per valid / invalid example. */
export function testRule(rule: Rule, tests: RuleTests): void {
  describe(rule.meta.id, () => {
    tests.valid.forEach((c, i) => {
      it(`valid: ${caseName('valid', i, c)}`, async () => {
        const findings = await findingsOf(rule, c);
        expect(findings.map(describeFinding), 'expected no findings').toEqual([]);
      });
    });
    tests.invalid.forEach((c, i) => {
      it(`invalid: ${caseName('invalid', i, c)}`, async () => {
        if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected error');
        const findings = await findingsOf(rule, c);
        const fileNames = Object.keys(c.files);
        const got = findings.map(describeFinding).join('\n  ') || '(none)';
        const unmatched = [...findings];
        const missing: string[] = [];
        for (const e of c.errors) {
          const file = e.file ?? (fileNames.length === 1 ? fileNames[0] : undefined);
          const at = unmatched.findIndex(
            (f) =>
              (file === undefined || f.file === file) &&
              f.line === e.line &&
              (e.column === undefined || f.column === e.column) &&
              (e.endLine === undefined || f.endLine === e.endLine) &&
              (e.endColumn === undefined || f.endColumn === e.endColumn) &&
              (e.severity === undefined || f.severity === e.severity) &&
              (e.messageIncludes === undefined || f.message.includes(e.messageIncludes)),
          );
          if (at === -1) missing.push(JSON.stringify({ ...e, file }));
          else unmatched.splice(at, 1);
        }
        const problems: string[] = [];
        if (missing.length) problems.push(`expected but not reported:\n  ${missing.join('\n  ')}`);
        if (unmatched.length) problems.push(`reported but not expected:\n  ${unmatched.map(describeFinding).join('\n  ')}`);
        expect(problems.join('\n'), `all findings:\n  ${got}`).toBe('');
      });
    });
  });
}
