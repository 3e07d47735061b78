/**
 * The contracts every rule, the engine and the reporters share.
 *
 * How a check runs (rules/engine.ts):
 *   1. discover + read files once (rules/workspace.ts); skip what cannot matter;
 *   2. phase 1, per file (in worker threads for large repos): parse once, extract serialisable
 *      facts (rules/python/index.ts, rules/ts/index.ts) and task references in comments;
 *   3. main thread merges the facts into one ProjectIndex (JSON-serialisable);
 *   4. phase 2, per file, in the same worker that holds the parse tree: every enabled rule's
 *      checkPython / checkTs runs with the tree and the whole ProjectIndex;
 *   5. main thread: every rule's checkRepo (env files, drift, cross-file summaries), then
 *      suppressions, severities from config, --since filtering, reporters.
 */
import type { ts } from './ts/compiler.js';
import type { PyTree } from './python/tree.js';
import type { Spec, TaskList } from '../generator/model.js';
import type { PythonIndex } from './python/index.js';
import type { TsIndex } from './ts/index.js';
import type { EnvLoader, LoadedEnv } from '../generator/dotenv.js';

export type Severity = 'error' | 'warning';
export type ConfiguredSeverity = Severity | 'off';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Repository-relative, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  /** What to do about it (from the rule meta unless the rule is more specific). */
  hint?: string;
  /** The code unit the finding is about (task-link: for `authspec trace`; not in the reports). */
  unit?: CodeUnit;
}

/** A named piece of code and why it matters (task-link's unlinked units). */
export interface CodeUnit {
  symbol: string;
  /** Why it counts as auth-related (route, auth dependency, API client, …). */
  reasons: string[];
}

/** What a rule reports; the engine fills in ruleId, severity and file defaults. */
export interface Report {
  message: string;
  /** 1-based line/column; end defaults to the start. */
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Defaults to the file being checked. */
  file?: string;
  hint?: string;
  unit?: CodeUnit;
}

export type Language = 'python' | 'typescript' | 'repo';

export interface RuleDocs {
  /** What the rule checks, one paragraph. */
  checks: string;
  /** Why: the attack or failure it prevents. */
  why: string;
  incorrect: { lang: string; code: string }[];
  correct: { lang: string; code: string }[];
  /** How to fix it. */
  fix: string;
  /** Options the rule reads from the config, name → description. */
  options?: Record<string, string>;
}

export interface RuleMeta {
  id: string;
  type: 'problem' | 'suggestion';
  defaultSeverity: Severity;
  /** One line. */
  description: string;
  languages: Language[];
  docs: RuleDocs;
}

export interface RuleContextBase {
  root: string;
  spec: Spec;
  /** True when a spec file was found (otherwise defaults are in force). */
  specFound: boolean;
  tasks: TaskList;
  index: ProjectIndex;
  /** Per-rule options from the config file. */
  options: Readonly<Record<string, unknown>>;
  report(r: Report): void;
}

export interface PyFile {
  path: string;
  source: string;
  tree: PyTree;
}

export interface TsFile {
  path: string;
  source: string;
  sourceFile: ts.SourceFile;
}

export interface EnvFileEntry {
  key: string;
  /** Never printed: rules compare values or fingerprints only. */
  value: string;
  line: number;
  column: number;
}

export interface EnvFile {
  path: string;
  /** The lines as written (quotes removed, ` #` comments cut, nothing expanded): positions and a value for any reader. */
  entries: EnvFileEntry[];
  /** True when git (or .gitignore rules) ignores the file. */
  ignored: boolean;
  /** True when git tracks the file (`git ls-files`): it is committed, or staged, whatever .gitignore says. */
  tracked: boolean;
  /** What each loader sets from the file (generator/dotenv.ts): Next.js and python-dotenv read some lines differently. Never printed. */
  loaded: Record<EnvLoader, LoadedEnv>;
}

/** A task ID written in a comment, e.g. `# [Task]: T-012`. */
export interface TaskRef {
  id: string;
  spelling: string;
  file: string;
  line: number;
  column: number;
}

export interface ProjectIndex {
  python: PythonIndex;
  ts: TsIndex;
  envFiles: EnvFile[];
  taskRefs: TaskRef[];
  /** Every file the run looked at (relative), for repo-level rules. */
  files: string[];
  /** Relative paths of files that carry the authspec generated-file header. */
  generatedFiles: string[];
}

export interface Rule {
  meta: RuleMeta;
  checkPython?(file: PyFile, ctx: RuleContextBase): void;
  checkTs?(file: TsFile, ctx: RuleContextBase): void;
  /** Runs once, in the main thread, after every file. */
  checkRepo?(ctx: RuleContextBase): void | Promise<void>;
}

export type TsNode = ts.Node;
