/**
 * The per-file work of a check, shared by the in-process engine and the worker threads so both
 * take exactly the same path: read, pre-filter, parse once (phase 1: facts, task references,
 * suppressions, parse errors), then run the rules on the held trees (phase 2).
 */
import { join } from 'node:path';
import type { ts } from 'ts-morph';
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
  /** Files too deeply nested for a rule while `parse-error` is off (otherwise a finding). */
  notes: Note[];
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
      ...(r.unit !== undefined ? { unit: r.unit } : {}),
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

/**
 * A JavaScript stack overflow ("Maximum call stack size exceeded"): a recursive parser, walk or
 * rule met input nested deeper than the stack allows. Checked by name, not `instanceof`, so an
 * error from another realm (a vm context) is recognised too.
 */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof Error && err.name === 'RangeError' && /call stack/i.test(err.message);
}

function errorNote(file: string, what: string, err: unknown): Note {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return { file, message: `${what} threw: ${message}` };
}

/**
 * Nesting depth (syntax tree levels) from which an error a step throws on a file is put down to
 * the nesting (see FileSet.guard). Hand-written code stays far below it.
 */
export const DEEP_NESTING = 500;

/** The deepest node of a syntax tree: where it starts (1-based) and its depth (root = 0). */
export interface Deepest {
  line: number;
  column: number;
  depth: number;
}

/** A file as far as it got: a parser that overflowed leaves no tree. */
type DeepFile = { path: string; tree?: PyFile['tree']; sourceFile?: ts.SourceFile };

/** The parsed files one thread holds between phase 1 and phase 2. */
export class FileSet {
  readonly py: PyFile[] = [];
  readonly ts: TsFile[] = [];
  /** Files already reported as too deeply nested (one report per file). */
  private readonly deep = new Set<string>();
  private readonly deepestCache = new Map<string, Deepest | null>();
  /** AUTHSPEC_DEBUG: milliseconds per step (`read`, `parse Python`, `extractPythonFacts`, `rule <id>`, …). */
  readonly timings: Map<string, number> | null = process.env.AUTHSPEC_DEBUG ? new Map() : null;

  /** The timings as one line, slowest first (empty without AUTHSPEC_DEBUG). */
  timingSummary(): string {
    if (!this.timings) return '';
    return [...this.timings]
      .sort((a, b) => b[1] - a[1])
      .map(([step, ms]) => `${step} ${Math.round(ms)}`)
      .join(', ');
  }

  private time<T>(step: string, run: () => T): T {
    if (!this.timings) return run();
    const t0 = performance.now();
    try {
      return run();
    } finally {
      this.timings.set(step, (this.timings.get(step) ?? 0) + performance.now() - t0);
    }
  }

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
      const read = this.time('read', () => readText(join(this.settings.root, entry.path)));
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

  /**
   * Runs one step of the work on one file. A stack overflow means the file is nested too deeply
   * for that step (a recursive parser, walk or rule): reported once per file as `parse-error`
   * (or a note when that rule is off), and the other steps and files go on. Anything else a step
   * throws is a bug in authspec, reported as an error, unless the file is nested deeper than
   * DEEP_NESTING: an overflow can surface as another error when something on the way catches it
   * (a getter that swallows the RangeError and returns undefined, as vitest's module shims do).
   */
  private guard<T>(file: DeepFile, what: string, sink: { findings: Finding[]; notes: Note[]; errors: Note[] }, step: () => T): T | undefined {
    try {
      return this.time(what, step);
    } catch (e) {
      if (isStackOverflow(e) || (this.deepest(file)?.depth ?? 0) >= DEEP_NESTING) this.tooDeep(file, what, sink);
      else sink.errors.push(errorNote(file.path, what, e));
      return undefined;
    }
  }

  /** The deepest node of a parsed file, computed once (only when a step failed on it). */
  private deepest(file: DeepFile): Deepest | null {
    if (!file.tree && !file.sourceFile) return null;
    let found = this.deepestCache.get(file.path);
    if (found === undefined) {
      try {
        found = file.tree ? deepestPythonNode(file.tree.rootNode) : deepestTsNode(file.sourceFile!);
      } catch {
        found = null; // the place is a courtesy: line 1 will do
      }
      this.deepestCache.set(file.path, found);
    }
    return found;
  }

  private tooDeep(file: DeepFile, what: string, sink: { findings: Finding[]; notes: Note[] }): void {
    if (this.deep.has(file.path)) return;
    this.deep.add(file.path);
    const deepest = this.deepest(file);
    const message = deepest
      ? `too deeply nested to check: ${what} ran out of stack (nesting depth ${deepest.depth}), so the checks of this file are incomplete`
      : `too deeply nested to check: ${what} ran out of stack, so the file is not checked`;
    if (!this.settings.severities['parse-error']) {
      sink.notes.push({ file: file.path, message });
      return;
    }
    const line = deepest?.line ?? 1;
    const column = deepest?.column ?? 1;
    // Like the size limit, a warning: the file is not broken, authspec just cannot follow it.
    sink.findings.push({
      ruleId: 'parse-error',
      severity: 'warning',
      file: file.path,
      line,
      column,
      endLine: line,
      endColumn: column,
      message,
      hint: deepest
        ? 'flatten the nesting that starts here (the deepest point of the file), or add the file to the config `ignore` globs if it is not hand-written code'
        : 'flatten the deepest nesting, or add the file to the config `ignore` globs if it is not hand-written code',
    });
  }

  private async parsePython(path: string, source: string, out: Phase1Result): Promise<void> {
    const parser = await import('./python/parser.js');
    await parser.pythonReady();
    let tree: PyFile['tree'];
    try {
      tree = this.time('parse Python', () => parser.parsePythonSync(source));
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      this.tooDeep({ path }, 'the Python parser', out);
      return;
    }
    const file: PyFile = { path, source, tree };
    this.py.push(file);
    const severity = this.settings.severities['parse-error'];
    if (tree.rootNode.hasError && severity) {
      const err = this.guard(file, 'the syntax error search', out, () => firstPythonError(tree.rootNode));
      if (err) out.findings.push({ ruleId: 'parse-error', severity, file: path, ...err });
    }
    const facts = this.guard(file, 'extractPythonFacts', out, () => extractPythonFacts(file));
    if (facts) out.pyFacts.push(facts);
    if (TASK_HINT.test(source)) out.taskRefs.push(...(this.guard(file, 'pythonTaskRefs', out, () => pythonTaskRefs(file)) ?? []));
    out.suppressions.push(...(this.guard(file, 'pythonSuppressions', out, () => pythonSuppressions(file)) ?? []));
  }

  private async parseTs(path: string, source: string, out: Phase1Result): Promise<void> {
    const { parseTs, tsSyntaxErrors } = await import('./ts/parser.js');
    const sourceFile = this.guard({ path }, 'the TypeScript parser', out, () => parseTs(path, source));
    if (!sourceFile) return;
    const file: TsFile = { path, source, sourceFile };
    this.ts.push(file);
    const severity = this.settings.severities['parse-error'];
    if (severity) {
      const first = this.guard(file, 'the syntax error search', out, () => tsSyntaxErrors(sourceFile)[0]);
      if (first) out.findings.push({ ruleId: 'parse-error', severity, file: path, line: first.line, column: first.column, endLine: first.line, endColumn: first.column, message: `syntax error: ${first.message}`, hint: 'fix the syntax error; the other rules only see what parsed' });
    }
    const facts = this.guard(file, 'extractTsFacts', out, () => extractTsFacts(file));
    if (facts) out.tsFacts.push(facts);
    if (TASK_HINT.test(source)) out.taskRefs.push(...(this.guard(file, 'tsTaskRefs', out, () => tsTaskRefs(file)) ?? []));
    out.suppressions.push(...(this.guard(file, 'tsSuppressions', out, () => tsSuppressions(file)) ?? []));
  }

  phase2(index: ProjectIndex): Phase2Result {
    const findings: Finding[] = [];
    const notes: Note[] = [];
    const errors: Note[] = [];
    const sink = { findings, notes, errors };
    const enabled = this.rules.filter((r) => this.settings.severities[r.meta.id]);
    const pyRules = enabled.filter((r) => r.checkPython);
    const tsRules = enabled.filter((r) => r.checkTs);
    for (const file of this.py) {
      for (const rule of pyRules) {
        const ctx = ruleContext(this.settings, index, rule, makeReporter(rule.meta.id, this.settings.severities[rule.meta.id]!, file.path, findings));
        this.guard(file, `rule ${rule.meta.id}`, sink, () => rule.checkPython!(file, ctx));
      }
    }
    for (const file of this.ts) {
      for (const rule of tsRules) {
        const ctx = ruleContext(this.settings, index, rule, makeReporter(rule.meta.id, this.settings.severities[rule.meta.id]!, file.path, findings));
        this.guard(file, `rule ${rule.meta.id}`, sink, () => rule.checkTs!(file, ctx));
      }
    }
    return { findings, notes, errors };
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

/**
 * The first ERROR or MISSING node, depth first (pre-order), as a finding location and message.
 * Iterative (an explicit stack, into subtrees with an error only), so a deep tree cannot
 * overflow the call stack.
 */
export function firstPythonError(root: SyntaxNode): Omit<Finding, 'ruleId' | 'severity' | 'file'> | null {
  const find = (): SyntaxNode | null => {
    const stack: SyntaxNode[] = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.isMissing || node.isError) return node;
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child && (child.hasError || child.isMissing || child.isError)) stack.push(child);
      }
    }
    return null;
  };
  const node = find();
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

/** The deepest node of a Python tree (the first one, in document order), from its node arrays (no recursion). */
export function deepestPythonNode(root: PyFile['tree']['rootNode']): Deepest {
  const { parents, count } = root.tree;
  const depth = new Int32Array(count);
  let best = 0;
  for (let k = 1; k < count; k++) {
    depth[k] = depth[parents[k]!]! + 1;
    if (depth[k]! > depth[best]!) best = k;
  }
  const at = root.tree.node(best).startPosition;
  return { line: at.row + 1, column: at.column + 1, depth: depth[best]! };
}

/** The deepest node of a TypeScript tree, walked with an explicit stack. */
export function deepestTsNode(sourceFile: ts.SourceFile): Deepest {
  const stack: { node: ts.Node; depth: number }[] = [{ node: sourceFile, depth: 0 }];
  let deepest = stack[0]!;
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (item.depth > deepest.depth) deepest = item;
    const children: ts.Node[] = [];
    item.node.forEachChild((child) => {
      children.push(child);
    });
    // reversed, so nodes come off the stack in source order and the first deepest one wins
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: item.depth + 1 });
  }
  const p = sourceFile.getLineAndCharacterOfPosition(deepest.node.getStart(sourceFile));
  return { line: p.line + 1, column: p.character + 1, depth: deepest.depth };
}
