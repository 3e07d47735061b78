/**
 * The optional check config: `authspec.config.yaml` or `.authspec.yaml` at the root, or `--config FILE`.
 *
 *   rules:  { <rule-id>: error | warning | off | { severity, options } }
 *   ignore: [globs]                          # files check skips
 *   paths:  { backend: [globs], frontend: [globs] }
 *   tasks:  path/to/tasks.md                 # task list, when the spec does not name one
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { RULE_IDS } from '../rules/ids.js';
import type { Diagnostic } from './errors.js';
import type { SourcePos } from './model.js';
import { readTextFile, relPath, sortDiagnostics, unsafeRelativePath } from './source.js';
import { YamlReader } from './yaml-reader.js';

export type Severity = 'error' | 'warning' | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'off'];

export interface RuleConfig {
  severity?: Severity;
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
  /** Task list path from the config (used when the spec has no `tasks` key), with its place. */
  tasks?: { path: string; pos: SourcePos };
}

export const CONFIG_FILES = ['authspec.config.yaml', '.authspec.yaml'] as const;
export const CONFIG_KEYS = ['rules', 'ignore', 'paths', 'tasks'] as const;

export function emptyConfig(): Config {
  return { file: null, rules: {}, ignore: [], paths: { backend: [], frontend: [] } };
}

/**
 * Reads the config. `configPath` (from --config) is resolved against the working directory and must exist;
 * without it the first of CONFIG_FILES at the root is used, if any.
 */
export function readConfig(root: string, configPath?: string): { config: Config; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let abs: string | undefined;
  if (configPath !== undefined) {
    abs = isAbsolute(configPath) ? configPath : resolve(process.cwd(), configPath);
    if (!existsSync(abs)) {
      return {
        config: emptyConfig(),
        diagnostics: [{ severity: 'error', file: configPath, message: 'config file does not exist', hint: 'check the --config path' }],
      };
    }
  } else {
    const present = CONFIG_FILES.filter((f) => existsSync(join(root, f)));
    if (present.length === 0) return { config: emptyConfig(), diagnostics };
    abs = join(root, present[0]!);
    if (present.length > 1)
      diagnostics.push({
        severity: 'warning',
        file: present[1]!,
        message: `ignored: ${present[0]} is read instead`,
        hint: 'keep one config file',
      });
  }
  const rel = relPath(root, abs);
  const config = emptyConfig();
  config.file = rel;
  const read = readTextFile(root, abs, 'config');
  if (!read.ok) {
    // An empty config is a config with nothing in it.
    if (read.diagnostic.message.endsWith('is empty')) return { config, diagnostics };
    return { config, diagnostics: [...diagnostics, read.diagnostic] };
  }
  const parsed = parseConfig(read.file.text, rel);
  parsed.config.file = rel;
  return { config: parsed.config, diagnostics: [...diagnostics, ...parsed.diagnostics] };
}

/** Parses config text (pure). */
export function parseConfig(text: string, file: string): { config: Config; diagnostics: Diagnostic[] } {
  const config = emptyConfig();
  config.file = file;
  const r = YamlReader.parse(text, file);
  if (r.root === null) return { config, diagnostics: r.diagnostics };
  const top = r.map(r.root, '', CONFIG_KEYS);
  if (top) {
    const rules = r.map(top.get('rules'), 'rules', RULE_IDS as readonly string[]);
    // r.map reports unknown rule ids as "unknown key"; the message below is clearer, so rewrite it.
    for (const d of r.diagnostics) {
      const m = /^unknown key `rules\.(.+)`$/.exec(d.message);
      if (m) d.message = `unknown rule \`${m[1]}\``;
    }
    if (rules) {
      for (const [id, node] of rules) {
        const path = `rules.${id}`;
        if (r.isAbsent(node)) continue;
        if (isScalar(node)) {
          const sev = r.oneOf<Severity>(node, path, SEVERITIES);
          if (sev) config.rules[id] = { severity: sev };
        } else if (isMap(node)) {
          const m = r.map(node, path, ['severity', 'options']);
          if (!m) continue;
          const rc: RuleConfig = {};
          const sev = r.oneOf<Severity>(m.get('severity'), `${path}.severity`, SEVERITIES);
          if (sev) rc.severity = sev;
          const opts = m.get('options');
          if (opts && !r.isAbsent(opts)) {
            if (isMap(opts)) rc.options = opts.toJSON() as Record<string, unknown>;
            else r.error(opts, `\`${path}.options\` must be a mapping`);
          }
          config.rules[id] = rc;
        } else {
          r.error(node, `\`${path}\` must be error, warning, off or { severity, options }`);
        }
      }
    }
    const globs = (n: Parameters<YamlReader['strList']>[0], path: string): string[] | undefined =>
      r.list(n, path, (item, p) => {
        const g = r.str(item, p);
        if (g === undefined) return undefined;
        const why = unsafeRelativePath(g.replace(/^!/, ''));
        if (why) {
          r.error(item, `\`${p}\` ${why}: ${g}`, 'globs are relative to the repository root');
          return undefined;
        }
        return g;
      });
    const ignore = globs(top.get('ignore'), 'ignore');
    if (ignore) config.ignore = ignore;
    const paths = r.map(top.get('paths'), 'paths', ['backend', 'frontend']);
    if (paths) {
      const be = globs(paths.get('backend'), 'paths.backend');
      if (be) config.paths.backend = be;
      const fe = globs(paths.get('frontend'), 'paths.frontend');
      if (fe) config.paths.frontend = fe;
    }
    const tasksNode = top.get('tasks');
    const tasks = r.str(tasksNode, 'tasks');
    if (tasks !== undefined) {
      const why = unsafeRelativePath(tasks);
      if (why) r.error(tasksNode, `\`tasks\` ${why}: ${tasks}`, 'use a path relative to the repository root');
      else config.tasks = { path: tasks, pos: r.pos(tasksNode) };
    }
  }
  return { config, diagnostics: sortDiagnostics(r.diagnostics) };
}

