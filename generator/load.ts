/**
 * Loads everything a command needs about a repository: the spec, the task list and the config.
 * Throws UserError (exit 2) for error-level diagnostics; warnings are returned for the caller to print.
 *
 * STUB: the foundation work replaces the body with the real readers (spec.ts, tasks.ts, config.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from './errors.js';
import { UserError } from './errors.js';
import { defaultSpec, type Spec, type TaskList } from './model.js';

export interface RuleConfig {
  severity?: 'error' | 'warning' | 'off';
  options?: Record<string, unknown>;
}

/** The optional check config (authspec.config.yaml or .authspec.yaml at the root). */
export interface Config {
  file: string | null;
  /** rule id → severity / options. */
  rules: Record<string, RuleConfig>;
  /** Globs (relative to the root) that check skips. */
  ignore: string[];
  /** Globs for backend / frontend code; default every .py file / every .ts(x) file. */
  paths: { backend: string[]; frontend: string[] };
}

export interface Project {
  /** Absolute, resolved root. */
  root: string;
  spec: Spec;
  specFound: boolean;
  tasks: TaskList;
  config: Config;
  /** Warnings (errors are thrown). */
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  configPath?: string;
}

export function resolveRoot(dir: string | undefined): string {
  const root = resolve(dir ?? process.cwd());
  if (!existsSync(root)) throw new UserError(`root does not exist`, { file: dir ?? root }, 'pass an existing directory with --root');
  if (!statSync(root).isDirectory()) throw new UserError(`root is not a directory`, { file: dir ?? root });
  return root;
}

export async function loadProject(dir: string | undefined, _opts: LoadOptions = {}): Promise<Project> {
  const root = resolveRoot(dir);
  return {
    root,
    spec: defaultSpec(),
    specFound: false,
    tasks: { file: null, tasks: [], byId: new Map() },
    config: { file: null, rules: {}, ignore: [], paths: { backend: [], frontend: [] } },
    diagnostics: [],
  };
}
