/**
 * Typed reading of a YAML document that keeps every value's place: the spec's front matter and the
 * config both go through here, so both report wrong types and unknown keys the same way
 * (file:line:column of the offending key or value, did-you-mean hints).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './errors.js';
import type { SourcePos } from './model.js';
import { didYouMean, suggestionHint } from './source.js';

function didYouMeanHint(word: string, candidates: readonly string[]): string | undefined {
  const m = didYouMean(word, candidates);
  return m ? `did you mean \`${m}\`?` : undefined;
}

export type YNode = Node | null;

export class YamlReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly positions = new Map<string, SourcePos>();
  readonly root: YNode;

  private constructor(
    private readonly doc: Document,
    private readonly lc: LineCounter,
    readonly file: string,
    /** File line of the YAML text's first line, minus one (front matter starts after `---`). */
    private readonly lineOffset: number,
  ) {
    this.root = (doc.contents as YNode) ?? null;
  }

  /** Parses `text`; syntax errors become diagnostics (the reader's root is then null). */
  static parse(text: string, file: string, lineOffset = 0): YamlReader {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
    const reader = new YamlReader(doc, lc, file, lineOffset);
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const p = lc.linePos(err.pos[0]);
        const first = err.message.split('\n')[0] ?? err.message;
        reader.diagnostics.push({
          severity: 'error',
          file,
          line: p.line + lineOffset,
          column: p.col,
          message: `invalid YAML: ${first}`,
          hint: err.code === 'DUPLICATE_KEY' ? 'remove one of the two keys' : 'fix the YAML syntax',
        });
      }
      (reader as { root: YNode }).root = null;
    }
    return reader;
  }

  pos(node: YNode | undefined, fallback?: SourcePos): SourcePos {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback ?? { file: this.file, line: 1 + this.lineOffset, column: 1 };
    const p = this.lc.linePos(offset);
    return { file: this.file, line: p.line + this.lineOffset, column: p.col };
  }

  report(severity: 'error' | 'warning', node: YNode | undefined, message: string, hint?: string, at?: SourcePos): void {
    const p = at ?? this.pos(node);
    this.diagnostics.push({ severity, file: p.file, line: p.line, column: p.column, message, ...(hint ? { hint } : {}) });
  }

  error(node: YNode | undefined, message: string, hint?: string): void {
    this.report('error', node, message, hint);
  }

  warn(node: YNode | undefined, message: string, hint?: string): void {
    this.report('warning', node, message, hint);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  private deref(node: YNode | undefined): YNode {
    if (node && isAlias(node)) return (node.resolve(this.doc) as YNode) ?? null;
    return node ?? null;
  }

  /** True for a missing value or an explicit YAML null (`key:` with nothing after it). */
  isAbsent(node: YNode | undefined): boolean {
    const n = this.deref(node);
    return n === null || (isScalar(n) && n.value === null);
  }

  private typeName(node: YNode): string {
    if (node === null) return 'nothing';
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) {
      const v = node.value;
      if (v === null) return 'null';
      if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 37)}...` : v}"`;
      if (typeof v === 'number') return `the number ${v}`;
      if (typeof v === 'boolean') return `${v}`;
      return typeof v;
    }
    return 'a value';
  }

  /**
   * Reads a mapping with a fixed set of keys. Unknown keys are errors with a did-you-mean hint.
   * Records each key's value position under `path.key`. Returns null (after reporting) when not a map.
   */
  map(node: YNode | undefined, path: string, keys: readonly string[]): Map<string, YNode> | null {
    const n = this.deref(node);
    if (this.isAbsent(n)) return new Map();
    if (!isMap(n)) {
      this.error(n, `${path ? `\`${path}\`` : 'the top level'} must be a mapping (key: value), got ${this.typeName(n)}`);
      return null;
    }
    const out = new Map<string, YNode>();
    for (const pair of n.items) {
      const keyNode = pair.key as YNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) {
        this.error(keyNode, `${path ? `\`${path}\`` : 'top-level'} keys must be plain words`);
        continue;
      }
      const dotted = path ? `${path}.${key}` : key;
      if (!keys.includes(key)) {
        this.error(keyNode, `unknown key \`${dotted}\``, suggestionHint(key, keys));
        continue;
      }
      const value = this.deref(pair.value as YNode);
      this.positions.set(dotted, this.isAbsent(value) ? this.pos(keyNode) : this.pos(value));
      out.set(key, value);
    }
    return out;
  }

  /** A list; each item is passed to `item` with its index path. Absent → undefined. */
  list<T>(node: YNode | undefined, path: string, item: (n: YNode, path: string) => T | undefined): T[] | undefined {
    const n = this.deref(node);
    if (this.isAbsent(n)) return undefined;
    if (!isSeq(n)) {
      this.error(n, `\`${path}\` must be a list, got ${this.typeName(n)}`, `write it as [a, b] or one "- item" per line`);
      return undefined;
    }
    const out: T[] = [];
    n.items.forEach((raw, i) => {
      const itemNode = this.deref(raw as YNode);
      const p = `${path}.${i}`;
      this.positions.set(p, this.pos(itemNode));
      const v = item(itemNode, p);
      if (v !== undefined) out.push(v);
    });
    return out;
  }

  str(node: YNode | undefined, path: string): string | undefined {
    const n = this.deref(node);
    if (this.isAbsent(n)) return undefined;
    if (!isScalar(n) || typeof n.value !== 'string') {
      this.error(n, `\`${path}\` must be a string, got ${this.typeName(n)}`, isScalar(n) ? 'quote it' : undefined);
      return undefined;
    }
    if (n.value.trim() === '') {
      this.error(n, `\`${path}\` must not be empty`);
      return undefined;
    }
    return n.value;
  }

  strList(node: YNode | undefined, path: string): string[] | undefined {
    return this.list(node, path, (n, p) => this.str(n, p));
  }

  int(node: YNode | undefined, path: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
    const n = this.deref(node);
    if (this.isAbsent(n)) return undefined;
    if (!isScalar(n) || typeof n.value !== 'number' || !Number.isInteger(n.value)) {
      this.error(n, `\`${path}\` must be a whole number, got ${this.typeName(n)}`);
      return undefined;
    }
    if (n.value < min) {
      this.error(n, `\`${path}\` must be at least ${min}, got ${n.value}`);
      return undefined;
    }
    return n.value;
  }

  bool(node: YNode | undefined, path: string): boolean | undefined {
    const n = this.deref(node);
    if (this.isAbsent(n)) return undefined;
    if (!isScalar(n) || typeof n.value !== 'boolean') {
      this.error(n, `\`${path}\` must be true or false, got ${this.typeName(n)}`);
      return undefined;
    }
    return n.value;
  }

  /** A string or number scalar that must be one of `values` (compared as strings). */
  oneOf<T extends string | number>(node: YNode | undefined, path: string, values: readonly T[]): T | undefined {
    const n = this.deref(node);
    if (this.isAbsent(n)) return undefined;
    if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
      this.error(n, `\`${path}\` must be one of ${values.join(', ')}, got ${this.typeName(n)}`);
      return undefined;
    }
    const found = values.find((v) => String(v) === String(n.value));
    if (found === undefined) {
      this.error(
        n,
        `\`${path}\` must be one of ${values.join(', ')}, got ${String(n.value)}`,
        typeof n.value === 'number' ? undefined : didYouMeanHint(String(n.value), values.map(String)),
      );
      return undefined;
    }
    return found;
  }

  /** The node itself (for callers that report against it). */
  node(node: YNode | undefined): YNode {
    return this.deref(node);
  }
}
