/**
 * The per-file work of a check, shared by the in-process engine and the worker threads so both
 * take exactly the same path: read, pre-filter, parse once (phase 1: facts, task references,
 * suppressions, parse errors), then run the rules on the held trees (phase 2).
 */
import { join } from 'node:path';
import type { Spec, TaskList } from '../generator/model.js';
import { extractPythonFacts, pythonMayMatter, type PyFileFacts } from './python/index.js';
import { pythonSuppressions, SUPPRESSION_MARKER, tsSuppressions, type Suppression } from './suppressions.js';
import { pythonTaskRefs, tsTaskRefs } from './task-refs.js';
import { extractTsFacts, tsMayMatter, type TsFileFacts } from './ts/index.js';
import type { Finding, ProjectIndex, PyFile, Report, Rule, RuleContextBase, Severity, TaskRef, TsFile } from './types.js';
import { hasGeneratedHeader, MAX_FILE_BYTES, readText, type Note, type SourceEntry } from './workspace.js';

/** Everything a thread needs to run the rules (structured-cloneable: it is sent to workers). */
export interface EngineSettings {
  root: string;
  spec: Spec;
  specFound: boolean;
  tasks: TaskList;
  /** Enabled rule id → severity. */
  severities: Record<string, Severity>;
  /** Rule id → options from the config. */
  options: Record<string, Record<string, unknown>>;
  /**
   * Skip files the cheap text pre-filters (pythonMayMatter / tsMayMatter) rule out. They are
   * written for the registered rules, so the engine turns this off when it runs other rules.
   */
  prefilter: boolean;
}

export interface Phase1Result {
  pyFacts: PyFileFacts[];
  tsFacts: TsFileFacts[];
  taskRefs: TaskRef[];
  /** parse-error findings. */
  findings: Finding[];
  suppressions: Suppression[];
  notes: Note[];
  generated: string[];
  /** Rules or extractors that threw (a bug, reported as such). */
  errors: Note[];
}

export interface Phase2Result {
  findings: Finding[];
  errors: Note[];
}

const memos = new WeakMap<object, Map<string, unknown>>();

/**
 * Per-file memo shared by every rule in phase 2: the engine hands the same PyFile / TsFile object
 * to each rule, so an analysis that several rules need (a scope table, a data-flow walk) can be
 * computed once per file: `memo(file, 'flow', () => analyse(file))`. Freed with the file.
 */
export function memo<T>(file: PyFile | TsFile, key: string, compute: () => T): T {
  let table = memos.get(file);
  if (!table) memos.set(file, (table = new Map()));
  if (table.has(key)) return table.get(key) as T;
  const value = compute();
  table.set(key, value);
  return value;
}

/** Task references look like `T012` / `T-012` (a superset of what rules/task-refs.ts accepts); a file without one has none. */
const TASK_HINT = /\b[Tt]-?\d/;

export function makeReporter(ruleId: string, severity: Severity, defaultFile: string, sink: Finding[]): (r: Report) => void {
  return (r) => {
    const line = Math.max(1, Math.trunc(r.line || 1));
    const column = Math.max(1, Math.trunc(r.column ?? 1));
    const endLine = Math.max(line, Math.trunc(r.endLine ?? line));
    const endColumn = Math.trunc(r.endColumn ?? (endLine === line ? column : 1));
    sink.push({
      ruleId,
      severity,
      file: r.file ?? defaultFile,
      line,
      column,
      endLine,
      endColumn: endLine === line ? Math.max(column, endColumn) : Math.max(1, endColumn),
      message: r.message,
      ...(r.hint !== undefined ? { hint: r.hint } : {}),
    });
  };
}

export function ruleContext(settings: EngineSettings, index: ProjectIndex, rule: Rule, report: (r: Report) => void): RuleContextBase {
  return {
    root: settings.root,
    spec: settings.spec,
    specFound: settings.specFound,
    tasks: settings.tasks,
    index,
    options: settings.options[rule.meta.id] ?? {},
    report,
  };
}

function errorNote(file: string, what: string, err: unknown): Note {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return { file, message: `${what} threw: ${message}` };
}

/** The parsed files one thread holds between phase 1 and phase 2. */
export class FileSet {
  readonly py: PyFile[] = [];
  readonly ts: TsFile[] = [];

  constructor(
    private readonly settings: EngineSettings,
    private readonly rules: readonly Rule[],
  ) {}

  async phase1(entries: readonly SourceEntry[]): Promise<Phase1Result> {
    const out: Phase1Result = { pyFacts: [], tsFacts: [], taskRefs: [], findings: [], suppressions: [], notes: [], generated: [], errors: [] };
    const parseSeverity = this.settings.severities['parse-error'];
    for (const entry of entries) {
      if (entry.size > MAX_FILE_BYTES) {
        if (parseSeverity) {
          out.findings.push({
            ruleId: 'parse-error',
            severity: 'warning',
            file: entry.path,
            line: 1,
            column: 1,
            endLine: 1,
            endColumn: 1,
            message: `file not checked: ${(entry.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`,
            hint: 'split the file, or add it to the config `ignore` globs if it is not hand-written code',
          });
        }
        continue;
      }
      const read = readText(join(this.settings.root, entry.path));
      if (read.kind !== 'text') {
        const why = read.kind === 'binary' ? 'binary file (NUL bytes)' : read.kind === 'encoding' ? 'not valid UTF-8' : `cannot read (${read.message})`;
        out.notes.push({ file: entry.path, message: `${why}; skipped` });
        continue;
      }
      const source = read.text;
      if (hasGeneratedHeader(source)) out.generated.push(entry.path);
      const mayMatter = !this.settings.prefilter || (entry.kind === 'python' ? pythonMayMatter(source) : tsMayMatter(source));
      if (!mayMatter && !source.includes(SUPPRESSION_MARKER) && !TASK_HINT.test(source)) continue;
      if (entry.kind === 'python') await this.parsePython(entry.path, source, out);
      else await this.parseTs(entry.path, source, out);
    }
    return out;
  }

  private async parsePython(path: string, source: string, out: Phase1Result): Promise<void> {
    const { parsePython } = await import('./python/parser.js');
    const tree = await parsePython(source);
    const file: PyFile = { path, source, tree };
    this.py.push(file);
    if (tree.rootNode.hasError && this.settings.severities['parse-error']) {
      const err = firstPythonError(tree.rootNode);
      if (err) out.findings.push({ ruleId: 'parse-error', severity: this.settings.severities['parse-error'], file: path, ...err });
    }
    try {
      out.pyFacts.push(extractPythonFacts(file));
    } catch (e) {
      out.errors.push(errorNote(path, 'extractPythonFacts', e));
    }
    try {
      if (TASK_HINT.test(source)) out.taskRefs.push(...pythonTaskRefs(file));
    } catch (e) {
      out.errors.push(errorNote(path, 'pythonTaskRefs', e));
    }
    out.suppressions.push(...pythonSuppressions(file));
  }

  private async parseTs(path: string, source: string, out: Phase1Result): Promise<void> {
    const { parseTs, tsSyntaxErrors } = await import('./ts/parser.js');
    const sourceFile = parseTs(path, source);
    const file: TsFile = { path, source, sourceFile };
    this.ts.push(file);
    const severity = this.settings.severities['parse-error'];
    if (severity) {
      const first = tsSyntaxErrors(sourceFile)[0];
      if (first) out.findings.push({ ruleId: 'parse-error', severity, file: path, line: first.line, column: first.column, endLine: first.line, endColumn: first.column, message: `syntax error: ${first.message}`, hint: 'fix the syntax error; the other rules only see what parsed' });
    }
    try {
      out.tsFacts.push(extractTsFacts(file));
    } catch (e) {
      out.errors.push(errorNote(path, 'extractTsFacts', e));
    }
    try {
      if (TASK_HINT.test(source)) out.taskRefs.push(...tsTaskRefs(file));
    } catch (e) {
      out.errors.push(errorNote(path, 'tsTaskRefs', e));
    }
    out.suppressions.push(...tsSuppressions(file));
  }

  phase2(index: ProjectIndex): Phase2Result {
    const findings: Finding[] = [];
    const errors: Note[] = [];
    const enabled = this.rules.filter((r) => this.settings.severities[r.meta.id]);
    const pyRules = enabled.filter((r) => r.checkPython);
    const tsRules = enabled.filter((r) => r.checkTs);
    for (const file of this.py) {
      for (const rule of pyRules) {
        const ctx = ruleContext(this.settings, index, rule, makeReporter(rule.meta.id, this.settings.severities[rule.meta.id]!, file.path, findings));
        try {
          rule.checkPython!(file, ctx);
        } catch (e) {
          errors.push(errorNote(file.path, `rule ${rule.meta.id}`, e));
        }
      }
    }
    for (const file of this.ts) {
      for (const rule of tsRules) {
        const ctx = ruleContext(this.settings, index, rule, makeReporter(rule.meta.id, this.settings.severities[rule.meta.id]!, file.path, findings));
        try {
          rule.checkTs!(file, ctx);
        } catch (e) {
          errors.push(errorNote(file.path, `rule ${rule.meta.id}`, e));
        }
      }
    }
    return { findings, errors };
  }

  /** Frees the tree-sitter trees (they live in wasm memory). */
  dispose(): void {
    for (const f of this.py) f.tree.delete();
    this.py.length = 0;
    this.ts.length = 0;
  }
}

interface SyntaxNode {
  type: string;
  isMissing: boolean;
  isError: boolean;
  hasError: boolean;
  text: string;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
  children: (SyntaxNode | null)[];
}

/** The first ERROR or MISSING node, depth first, as a finding location and message. */
export function firstPythonError(root: SyntaxNode): Omit<Finding, 'ruleId' | 'severity' | 'file'> | null {
  const find = (node: SyntaxNode): SyntaxNode | null => {
    if (node.isMissing || node.isError) return node;
    for (const child of node.children) {
      if (child && (child.hasError || child.isMissing || child.isError)) {
        const hit = find(child);
        if (hit) return hit;
      }
    }
    return null;
  };
  const node = find(root);
  if (!node) return null;
  const line = node.startPosition.row + 1;
  const column = node.startPosition.column + 1;
  let message: string;
  let endLine = node.endPosition.row + 1;
  let endColumn = node.endPosition.column + 1;
  if (node.isMissing) {
    message = `syntax error: missing \`${node.type}\``;
  } else {
    const firstLine = node.text.split('\n')[0]!.trim();
    const shown = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
    message = shown ? `syntax error: unexpected \`${shown}\`` : 'syntax error';
    if (endLine > line) {
      endLine = line;
      endColumn = column + node.text.split('\n')[0]!.length;
    }
  }
  return { line, column, endLine, endColumn, message, hint: 'fix the syntax error; the other rules only see what parsed' };
}
