/**
 * A Python syntax tree copied out of web-tree-sitter into typed arrays, in one cursor walk right
 * after the parse; the wasm tree is freed at once.
 *
 * Why: every property of a web-tree-sitter `Node` (`type`, `children`, `startPosition`, …) is a
 * call into wasm that marshals the node through a transfer buffer and allocates JS objects. The
 * rules read each node many times, so that cost was most of `authspec check`'s time. Copying the
 * tree costs about 0.2 µs per node (a few raw cursor calls, no objects); after that every read is
 * a typed-array lookup.
 *
 * `PyNode` keeps the subset of web-tree-sitter's `Node` API the rules use, with the same meaning
 * (same `type` names, fields, positions in UTF-16 code units, `hasError`, `isMissing`,
 * `descendantsOfType` including the node itself), so the rules read the same either way.
 * Nodes are laid out in document (pre-)order: the descendants of node i are exactly the indices
 * i+1 … end[i]-1, so subtree scans are plain loops.
 */
import type { Language, Tree as WasmTree, TreeCursor } from 'web-tree-sitter';

/** The raw exports of web-tree-sitter's Emscripten module this file calls (see `PyGrammar.from`). */
export interface WasmModule {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

const WASM_FUNCTIONS = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
] as const;

/** tree-sitter's symbol for ERROR nodes. */
const ERROR_SYMBOL = 65535;

const FLAG_NAMED = 1;
const FLAG_MISSING = 2;

/** What the copies need from the language: type names and fields by id. One per thread. */
export class PyGrammar {
  /** Type name by symbol id (`ERROR` for the error symbol). */
  readonly names: string[];
  readonly named: Uint8Array;
  /** Field name by id (index 0 unused, as in tree-sitter). */
  readonly fields: readonly (string | null)[];
  private readonly fieldIds = new Map<string, number>();
  /** The symbol ids of each type name (several ids can share a name: aliases). */
  private readonly idsByName = new Map<string, number[]>();
  private readonly transfer: number;

  private constructor(
    private readonly wasm: WasmModule,
    language: Language,
  ) {
    // Dense (every id up to the error symbol holds a string): an array with a hole-filled gap up to
    // 65535 would be kept as a dictionary, and `type` reads it for every node.
    const names: string[] = new Array<string>(ERROR_SYMBOL + 1).fill('ERROR');
    const named = new Uint8Array(ERROR_SYMBOL + 1);
    for (let id = 0; id < language.types.length; id++) {
      names[id] = language.types[id] || 'ERROR';
      named[id] = language.nodeTypeIsNamed(id) ? 1 : 0;
    }
    named[ERROR_SYMBOL] = 1;
    const ids = [...Array(language.types.length).keys(), ERROR_SYMBOL];
    for (const id of ids) {
      const list = this.idsByName.get(names[id]!);
      if (list) list.push(id);
      else this.idsByName.set(names[id]!, [id]);
    }
    this.names = names;
    this.named = named;
    this.fields = language.fields;
    language.fields.forEach((name, id) => {
      if (name && !this.fieldIds.has(name)) this.fieldIds.set(name, id);
    });
    // ts_init only fills two words of the static transfer buffer and returns its address.
    this.transfer = wasm._ts_init() >> 2;
  }

  /**
   * `module` is the object given to `Parser.init`: Emscripten fills it with the module's exports.
   * Throws if they are not there (web-tree-sitter initialised elsewhere, or a version that
   * renamed them): the build's tests run every Python rule through this path.
   */
  static from(module: object, language: Language): PyGrammar {
    const m = module as Record<string, unknown>;
    for (const name of WASM_FUNCTIONS) {
      if (typeof m[name] !== 'function') throw new Error(`web-tree-sitter: the module has no ${name} (web-tree-sitter version changed?)`);
    }
    if (!(m['HEAP32'] instanceof Int32Array)) throw new Error('web-tree-sitter: the module has no HEAP32 (web-tree-sitter version changed?)');
    return new PyGrammar(module as WasmModule, language);
  }

  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? -1;
  }

  private readonly typeSets = new Map<string, Uint8Array>();

  /** The symbol ids of the given type names, as a lookup table indexed by symbol id (made once per list). */
  typeIds(types: string | readonly string[]): Uint8Array {
    // a list the caller keeps (a constant) is found by identity, without joining its names
    if (typeof types !== 'string') {
      const known = this.typeSetsByList.get(types);
      if (known) return known;
    }
    const key = typeof types === 'string' ? types : types.length === 1 ? types[0]! : types.join('\0');
    let set = this.typeSets.get(key);
    if (!set) {
      const table = new Uint8Array(ERROR_SYMBOL + 1);
      for (const name of typeof types === 'string' ? [types] : types) for (const id of this.idsByName.get(name) ?? []) table[id] = 1;
      this.typeSets.set(key, (set = table));
    }
    if (typeof types !== 'string') this.typeSetsByList.set(types, set);
    return set;
  }

  private readonly typeSetsByList = new WeakMap<readonly string[], Uint8Array>();

  /**
   * Copies a parsed tree. The cursor state lives in web-tree-sitter's transfer buffer between
   * calls (the `_wasm` cursor functions read it from there and write it back after a move), so the
   * walk makes only the raw calls; the cursor object is refreshed from the buffer before it is
   * deleted (a deep walk reallocates the cursor's stack).
   */
  copy(tree: WasmTree, source: string): PyTree {
    const w = this.wasm;
    const t = (tree as unknown as { [0]: number })[0];
    const firstChild = w._ts_tree_cursor_goto_first_child_wasm;
    const nextSibling = w._ts_tree_cursor_goto_next_sibling_wasm;
    const toParent = w._ts_tree_cursor_goto_parent_wasm;
    const typeId = w._ts_tree_cursor_current_node_type_id_wasm;
    const fieldId = w._ts_tree_cursor_current_field_id_wasm;
    const isMissing = w._ts_tree_cursor_current_node_is_missing_wasm;
    const startIndex = w._ts_tree_cursor_start_index_wasm;
    const endIndex = w._ts_tree_cursor_end_index_wasm;
    const named = this.named;
    // One buffer, cut into the arrays: the count is the cursor's descendant count (visible nodes).
    const count = tree.rootNode.descendantCount;
    const s = new NodeArrays(count);
    const cursor: TreeCursor = tree.walk();
    try {
      // Any cursor getter marshals the cursor into the transfer buffer; from here on it stays there.
      void cursor.currentFieldId;
      let n = 0;
      const record = (parent: number, field: number): void => {
        if (n === count) throw new Error('web-tree-sitter: the tree has more nodes than its descendant count');
        const type = typeId(t);
        const start = startIndex(t);
        const end = endIndex(t);
        s.types[n] = type;
        s.starts[n] = start;
        s.ends[n] = end;
        s.parents[n] = parent;
        s.fields[n] = field;
        const missing = start === end && isMissing(t);
        s.flags[n] = (named[type] ? FLAG_NAMED : 0) | (missing ? FLAG_MISSING : 0);
        if (missing || type === ERROR_SYMBOL) s.anyError = true;
        n++;
      };
      record(-1, 0);
      // open: the nodes whose subtree is still being copied, innermost last.
      const open: number[] = [0];
      for (;;) {
        if (firstChild(t)) {
          record(open[open.length - 1]!, fieldId(t));
          open.push(n - 1);
          continue;
        }
        let done = false;
        for (;;) {
          const closed = open.pop()!;
          s.after[closed] = n;
          if (open.length === 0) {
            done = true;
            break;
          }
          if (nextSibling(t)) {
            record(open[open.length - 1]!, fieldId(t));
            open.push(n - 1);
            break;
          }
          toParent(t);
        }
        if (done) break;
      }
      if (n !== count) throw new Error('web-tree-sitter: the tree has fewer nodes than its descendant count');
      return new PyTree(this, source, s);
    } finally {
      const heap = w.HEAP32;
      const c = cursor as unknown as Record<0 | 1 | 2 | 3, number>;
      for (let i = 0; i < 4; i++) c[i as 0 | 1 | 2 | 3] = heap[this.transfer + i]!;
      cursor.delete();
      tree.delete();
    }
  }
}

const BYTES_PER_NODE = 4 * 4 + 2 * 2 + 1;
/** Trees are cut from shared 8 MB buffers: one ArrayBuffer per tree cost ~45 µs each (zeroing, external-memory accounting). */
const SLAB_BYTES = 8 << 20;
let openSlab = { buffer: new ArrayBuffer(0), used: 0 };

/** `bytes` (rounded up to 4) of a shared buffer; a tree bigger than a slab gets a buffer of its own. A slab is freed with its last tree. */
function slab(bytes: number): { buffer: ArrayBuffer; offset: number } {
  const size = (bytes + 3) & ~3;
  if (size > SLAB_BYTES / 4) return { buffer: new ArrayBuffer(size), offset: 0 };
  if (openSlab.used + size > openSlab.buffer.byteLength) openSlab = { buffer: new ArrayBuffer(SLAB_BYTES), used: 0 };
  const offset = openSlab.used;
  openSlab.used += size;
  return { buffer: openSlab.buffer, offset };
}

/** The per-node arrays of a tree, views into one (shared) buffer. */
class NodeArrays {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly parents: Int32Array;
  /** One past the last descendant of each node. */
  readonly after: Int32Array;
  readonly types: Uint16Array;
  readonly fields: Uint16Array;
  readonly flags: Uint8Array;
  /** Some node is an ERROR or MISSING node (set by the copy). */
  anyError = false;
  constructor(readonly count: number) {
    const { buffer, offset } = slab(count * BYTES_PER_NODE);
    let at = offset;
    const take = <T>(make: (b: ArrayBuffer, offset: number, n: number) => T, bytes: number): T => {
      const view = make(buffer, at, count);
      at += bytes * count;
      return view;
    };
    this.starts = take((b, o, n) => new Uint32Array(b, o, n), 4);
    this.ends = take((b, o, n) => new Uint32Array(b, o, n), 4);
    this.parents = take((b, o, n) => new Int32Array(b, o, n), 4);
    this.after = take((b, o, n) => new Int32Array(b, o, n), 4);
    this.types = take((b, o, n) => new Uint16Array(b, o, n), 2);
    this.fields = take((b, o, n) => new Uint16Array(b, o, n), 2);
    this.flags = take((b, o, n) => new Uint8Array(b, o, n), 1);
  }
}

/** Node ids are unique across every tree of a thread (web-tree-sitter's are addresses; some code compares ids). */
let nextBase = 1;

export interface Point {
  row: number;
  column: number;
}

export class PyTree {
  readonly count: number;
  readonly types: Uint16Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly parents: Int32Array;
  /** One past the last descendant of each node. */
  readonly after: Int32Array;
  readonly fieldIds: Uint16Array;
  readonly flags: Uint8Array;
  readonly base: number;
  readonly rootNode: PyNode;
  private lineStarts: Uint32Array | undefined;
  private errors: Uint8Array | undefined;
  /** Some node is an ERROR or MISSING node. */
  private readonly anyError: boolean;

  constructor(
    readonly grammar: PyGrammar,
    readonly source: string,
    s: NodeArrays,
  ) {
    this.count = s.count;
    this.types = s.types;
    this.starts = s.starts;
    this.ends = s.ends;
    this.parents = s.parents;
    this.after = s.after;
    this.fieldIds = s.fields;
    this.flags = s.flags;
    this.anyError = s.anyError;
    this.base = nextBase;
    nextBase += s.count;
    this.rootNode = this.node(0);
  }

  /**
   * The node at an index. A new object each time, as web-tree-sitter does (compare nodes by `id`
   * or `equals`): short-lived objects are cheap to collect, while objects cached per tree would live
   * from phase 1 to phase 2 and be copied by every young-generation collection on the way.
   */
  node(i: number): PyNode {
    return new PyNode(this, i);
  }

  /** The wasm tree is freed when the copy is made; kept so callers can free a tree either way. */
  delete(): void {}

  /** Row and column (UTF-16 code units, 0-based) of a code-unit index; rows end at `\n`, as in tree-sitter. */
  point(index: number): Point {
    let starts = this.lineStarts;
    if (!starts) {
      const list = [0];
      const src = this.source;
      for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) list.push(i + 1);
      starts = this.lineStarts = Uint32Array.from(list);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - starts[lo]! };
  }

  /** Does the subtree at i contain an ERROR or MISSING node (itself included)? */
  hasError(i: number): boolean {
    // most trees have no ERROR or MISSING node: nothing to scan
    if (!this.anyError) return false;
    let errors = this.errors;
    if (!errors) {
      errors = this.errors = new Uint8Array(this.count);
      const { types, flags, parents } = this;
      for (let k = this.count - 1; k >= 0; k--) {
        if (types[k] === ERROR_SYMBOL || flags[k]! & FLAG_MISSING) errors[k] = 1;
        if (errors[k] && k > 0) errors[parents[k]!] = 1;
      }
    }
    return errors[i] === 1;
  }

  /** Indices of the nodes of the given type ids in [from, to), document order. */
  indicesOfTypes(wanted: Uint8Array, from: number, to: number): number[] {
    const out: number[] = [];
    const types = this.types;
    for (let k = from; k < to; k++) if (wanted[types[k]!]) out.push(k);
    return out;
  }
}

/** A node of a `PyTree`, with the web-tree-sitter `Node` API the rules use. */
export class PyNode {
  constructor(
    readonly tree: PyTree,
    readonly index: number,
  ) {}

  get id(): number {
    return this.tree.base + this.index;
  }
  get typeId(): number {
    return this.tree.types[this.index]!;
  }
  get type(): string {
    return this.tree.grammar.names[this.tree.types[this.index]!]!;
  }
  get isNamed(): boolean {
    return (this.tree.flags[this.index]! & FLAG_NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.tree.flags[this.index]! & FLAG_MISSING) !== 0;
  }
  get isError(): boolean {
    return this.tree.types[this.index] === ERROR_SYMBOL;
  }
  get hasError(): boolean {
    return this.tree.hasError(this.index);
  }
  get startIndex(): number {
    return this.tree.starts[this.index]!;
  }
  get endIndex(): number {
    return this.tree.ends[this.index]!;
  }
  get text(): string {
    return this.tree.source.slice(this.tree.starts[this.index]!, this.tree.ends[this.index]!);
  }
  get startPosition(): Point {
    return this.tree.point(this.tree.starts[this.index]!);
  }
  get endPosition(): Point {
    return this.tree.point(this.tree.ends[this.index]!);
  }
  get parent(): PyNode | null {
    const p = this.tree.parents[this.index]!;
    return p < 0 ? null : this.tree.node(p);
  }

  /** Child indices, in order. */
  private childIndices(namedOnly: boolean): number[] {
    const { after, flags } = this.tree;
    const end = after[this.index]!;
    const out: number[] = [];
    for (let k = this.index + 1; k < end; k = after[k]!) if (!namedOnly || flags[k]! & FLAG_NAMED) out.push(k);
    return out;
  }

  get children(): PyNode[] {
    return this.childIndices(false).map((k) => this.tree.node(k));
  }
  get namedChildren(): PyNode[] {
    return this.childIndices(true).map((k) => this.tree.node(k));
  }
  get childCount(): number {
    return this.childIndices(false).length;
  }
  get namedChildCount(): number {
    return this.childIndices(true).length;
  }
  child(i: number): PyNode | null {
    return this.nthChild(i, false);
  }
  namedChild(i: number): PyNode | null {
    return this.nthChild(i, true);
  }
  private nthChild(i: number, namedOnly: boolean): PyNode | null {
    const { after, flags } = this.tree;
    const end = after[this.index]!;
    let seen = 0;
    for (let k = this.index + 1; k < end; k = after[k]!) {
      if (namedOnly && !(flags[k]! & FLAG_NAMED)) continue;
      if (seen++ === i) return this.tree.node(k);
    }
    return null;
  }
  get firstChild(): PyNode | null {
    return this.child(0);
  }
  get firstNamedChild(): PyNode | null {
    return this.namedChild(0);
  }
  get lastChild(): PyNode | null {
    const all = this.childIndices(false);
    return all.length ? this.tree.node(all[all.length - 1]!) : null;
  }
  get lastNamedChild(): PyNode | null {
    const all = this.childIndices(true);
    return all.length ? this.tree.node(all[all.length - 1]!) : null;
  }

  /** The sibling `step` places away (1: next, -1: previous) among the parent's children, or named children. */
  private sibling(step: 1 | -1, namedOnly: boolean): PyNode | null {
    const { parents, after, flags } = this.tree;
    const p = parents[this.index]!;
    if (p < 0) return null;
    const kept = (k: number): boolean => !namedOnly || (flags[k]! & FLAG_NAMED) !== 0;
    if (step === 1) {
      for (let k = after[this.index]!; k < after[p]!; k = after[k]!) if (kept(k)) return this.tree.node(k);
      return null;
    }
    let found = -1;
    for (let k = p + 1; k < this.index; k = after[k]!) if (kept(k)) found = k;
    return found < 0 ? null : this.tree.node(found);
  }
  get nextSibling(): PyNode | null {
    return this.sibling(1, false);
  }
  get previousSibling(): PyNode | null {
    return this.sibling(-1, false);
  }
  get nextNamedSibling(): PyNode | null {
    return this.sibling(1, true);
  }
  get previousNamedSibling(): PyNode | null {
    return this.sibling(-1, true);
  }

  childForFieldId(id: number): PyNode | null {
    if (id <= 0) return null;
    const { after, fieldIds } = this.tree;
    const end = after[this.index]!;
    for (let k = this.index + 1; k < end; k = after[k]!) if (fieldIds[k] === id) return this.tree.node(k);
    return null;
  }
  childForFieldName(name: string): PyNode | null {
    return this.childForFieldId(this.tree.grammar.fieldId(name));
  }
  childrenForFieldId(id: number): PyNode[] {
    const out: PyNode[] = [];
    if (id <= 0) return out;
    const { after, fieldIds } = this.tree;
    const end = after[this.index]!;
    for (let k = this.index + 1; k < end; k = after[k]!) if (fieldIds[k] === id) out.push(this.tree.node(k));
    return out;
  }
  childrenForFieldName(name: string): PyNode[] {
    return this.childrenForFieldId(this.tree.grammar.fieldId(name));
  }

  /** Nodes of the given types in this subtree (this node included), document order. */
  descendantsOfType(types: string | readonly string[]): PyNode[] {
    const tree = this.tree;
    return tree.indicesOfTypes(tree.grammar.typeIds(types), this.index, tree.after[this.index]!).map((k) => tree.node(k));
  }

  /** Number of nodes in this subtree, this node included. */
  get descendantCount(): number {
    return this.tree.after[this.index]! - this.index;
  }

  equals(other: PyNode): boolean {
    return other.tree === this.tree && other.index === this.index;
  }

  toString(): string {
    return `(${this.type})`;
  }
}
