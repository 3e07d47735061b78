/**
 * Loads everything a command needs about a repository: the spec, the task list and the config.
 * `loadProject` throws UserError (exit 2) for the first error-level diagnostic; warnings are returned
 * for the caller to print. `collectProject` returns every diagnostic, errors included (validate uses it).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfig, type Config } from './config.js';
import type { Diagnostic } from './errors.js';
import { throwOnErrors, UserError } from './errors.js';
import { DEFAULT_SPEC_PATH, type Spec, type TaskList } from './model.js';
import { readSpec } from './spec.js';
import { sortDiagnostics } from './source.js';
import { discoverTaskList, readTaskList } from './tasks.js';

export { sortDiagnostics };

export type { Config, RuleConfig } from './config.js';

export interface Project {
  /** Absolute, resolved root. */
  root: string;
  spec: Spec;
  specFound: boolean;
  tasks: TaskList;
  config: Config;
  /** Warnings (errors are thrown). collectProject: errors too. */
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  configPath?: string;
  /** Spec path relative to the root; default specs/features/authentication.md. */
  specPath?: string;
}

export function resolveRoot(dir: string | undefined): string {
  const root = resolve(dir ?? process.cwd());
  if (!existsSync(root)) throw new UserError(`root does not exist`, { file: dir ?? root }, 'pass an existing directory with --root');
  if (!statSync(root).isDirectory()) throw new UserError(`root is not a directory`, { file: dir ?? root });
  return root;
}

/** Reads spec, task list and config; never throws for bad input (only for a bad root). */
export async function collectProject(dir: string | undefined, opts: LoadOptions = {}): Promise<Project> {
  const root = resolveRoot(dir);
  const diagnostics: Diagnostic[] = [];

  const cfg = readConfig(root, opts.configPath);
  diagnostics.push(...cfg.diagnostics);

  const specRead = readSpec(root, opts.specPath ?? DEFAULT_SPEC_PATH);
  diagnostics.push(...specRead.diagnostics);
  const spec = specRead.spec;

  if (spec.templates !== null) {
    const abs = resolve(root, spec.templates);
    const pos = spec.positions.get('templates');
    const where = { file: pos?.file ?? spec.file ?? DEFAULT_SPEC_PATH, ...(pos ? { line: pos.line, column: pos.column } : {}) };
    if (!existsSync(abs)) diagnostics.push({ severity: 'error', ...where, message: `templates folder ${spec.templates} does not exist`, hint: 'create it or remove `templates`' });
    else if (!statSync(abs).isDirectory()) diagnostics.push({ severity: 'error', ...where, message: `templates ${spec.templates} is not a folder` });
  }

  const configured = spec.tasksPath
    ? { path: spec.tasksPath, ...(spec.positions.get('tasks') ? { pos: spec.positions.get('tasks')! } : {}) }
    : cfg.config.tasks;
  const found = discoverTaskList(root, configured);
  diagnostics.push(...found.diagnostics);
  let tasks: TaskList = { file: null, tasks: [], byId: new Map() };
  if (found.file) {
    const tl = readTaskList(root, found.file);
    diagnostics.push(...tl.diagnostics);
    tasks = tl.tasks;
  }

  if (tasks.tasks.length > 0) diagnostics.push(...crossCheck(spec, tasks));

  return { root, spec, specFound: specRead.found, tasks, config: cfg.config, diagnostics: sortDiagnostics(diagnostics) };
}

export async function loadProject(dir: string | undefined, opts: LoadOptions = {}): Promise<Project> {
  const project = await collectProject(dir, opts);
  throwOnErrors(project.diagnostics);
  return project;
}

/** Task IDs that the spec names (requirements, verification.tasks, resources[].tasks) but the list lacks. */
function crossCheck(spec: Spec, tasks: TaskList): Diagnostic[] {
  const out: Diagnostic[] = [];
  const listName = tasks.file ?? 'the task list';
  for (const req of spec.requirements) {
    req.tasks.forEach((id, i) => {
      if (!tasks.byId.has(id))
        out.push({
          severity: 'warning',
          file: req.pos.file,
          line: req.pos.line,
          column: req.pos.column,
          message: `${req.id} names ${req.taskSpellings[i] ?? id}, which is not in ${listName}`,
          hint: 'fix the ID or add the task',
          rule: 'unknown-task-id',
        });
    });
  }
  const named: { path: string; ids: string[] }[] = [
    { path: 'verification.tasks', ids: spec.verification.tasks },
    ...spec.resources.map((r, i) => ({ path: `resources.${i}.tasks`, ids: r.tasks })),
  ];
  for (const { path, ids } of named) {
    ids.forEach((id, i) => {
      if (tasks.byId.has(id)) return;
      const pos = spec.positions.get(`${path}.${i}`) ?? spec.positions.get(path);
      out.push({
        severity: 'warning',
        file: pos?.file ?? spec.file ?? DEFAULT_SPEC_PATH,
        ...(pos ? { line: pos.line, column: pos.column } : {}),
        message: `\`${path}\` names ${id}, which is not in ${listName}`,
        hint: 'fix the ID or add the task',
        rule: 'unknown-task-id',
      });
    });
  }
  return out;
}
