/**
 * Small helpers over web-tree-sitter Python nodes, shared by the fact extractor and the rules.
 * Positions: tree-sitter rows/columns are 0-based; everything here returns 1-based lines/columns.
 */
import type { PyNode as Node } from './tree.js';

export type { Node };

export function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

export function kids(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

/** `node.childForFieldName(name)`. */
export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

export function line(node: Node): number {
  return node.startPosition.row + 1;
}

export function col(node: Node): number {
  return node.startPosition.column + 1;
}

export function span(node: Node): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/** Strips `await`, parentheses. */
export function unwrap(node: Node): Node {
  return unwrapTyped(node).node;
}

/** `unwrap` that also returns the result's type (read once: every node property read is a call into wasm). */
export function unwrapTyped(node: Node): { node: Node; type: string } {
  let n = node;
  for (;;) {
    const type = n.type;
    if (type === 'await' || type === 'parenthesized_expression') {
      const inner = named(n)[0];
      if (!inner) return { node: n, type };
      n = inner;
    } else return { node: n, type };
  }
}

/** Dotted text of a name / attribute chain (`a.b.c`), or null for anything else. */
export function dotted(node: Node | null): string | null {
  if (!node) return null;
  const t = node.type;
  if (t === 'identifier' || t === 'dotted_name') return node.text;
  if (t === 'attribute') {
    const obj = dotted(field(node, 'object'));
    if (!obj) return null;
    const attr = field(node, 'attribute');
    return attr ? `${obj}.${attr.text}` : null;
  }
  return null;
}

/** ASCII identifier characters (what the callee fast path reads; anything else asks the tree). */
function identStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function identPart(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57);
}

/** The end of an `a`, `a.b.c` chain at `at` that is directly followed by `(`, or -1. */
function chainCallEnd(text: string, at: number): number {
  let i = at;
  if (!identStart(text.charCodeAt(i))) return -1;
  i++;
  while (identPart(text.charCodeAt(i))) i++;
  while (text.charCodeAt(i) === 46 /* . */ && identStart(text.charCodeAt(i + 1))) {
    i += 2;
    while (identPart(text.charCodeAt(i))) i++;
  }
  return text.charCodeAt(i) === 40 /* ( */ ? i : -1;
}

/** Names that read like identifiers but are other node types. */
const NOT_IDENTIFIERS = new Set(['None', 'True', 'False']);

/**
 * The callee of a call read off its source text when that is certain: the text starts with a plain
 * `a.b.c(` and the argument list starts right after that chain (so the function child is exactly
 * the chain, not `a.b.c(x)` of `a.b.c(x)(y)`). `undefined` when the tree must be asked.
 */
function calleeFromText(call: Node, text: string, at: number): { callee: string; args: Node } | undefined {
  const end = chainCallEnd(text, at);
  if (end < 0) return undefined;
  const chain = text.slice(at, end);
  for (const seg of chain.split('.')) if (NOT_IDENTIFIERS.has(seg)) return undefined;
  const args = field(call, 'arguments');
  if (!args || args.startIndex !== call.startIndex + chain.length) return undefined;
  return { callee: chain, args };
}

/** The callee of a call as dotted text (`jwt.decode`), or null. */
export function calleeText(call: Node): string | null {
  const fast = calleeFromText(call, call.text, 0);
  if (fast) return fast.callee;
  return dotted(field(call, 'function'));
}

/**
 * Callee text (as `calleeText`) and the argument list node (as `field(call, 'arguments')`) of a
 * call; `source` is the whole text of the call's file.
 */
export function calleeAndArgList(call: Node, source: string): { callee: string | null; argList: Node | null } {
  const fast = calleeFromText(call, source, call.startIndex);
  if (fast) return { callee: fast.callee, argList: fast.args };
  return { callee: dotted(field(call, 'function')), argList: field(call, 'arguments') };
}

/** The arguments in an argument list node (as `callArgs` of its call). */
export function argListArgs(argList: Node | null): CallArgs {
  return argList ? argsOf(argList) : { positional: [], keywords: new Map() };
}

/**
 * Callee text (as `calleeText`) and arguments (as `callArgs`) of a call in one go. `source`, when
 * given, is the whole text of the call's file (saves reading the call's own text).
 */
export function calleeAndArgs(call: Node, source?: string): { callee: string | null; args: CallArgs } {
  const fast = source === undefined ? calleeFromText(call, call.text, 0) : calleeFromText(call, source, call.startIndex);
  if (fast) return { callee: fast.callee, args: argsOf(fast.args) };
  return { callee: dotted(field(call, 'function')), args: callArgs(call) };
}

/** Last segment of the callee (`decode` for `jwt.decode`, `where` for `select(T).where`). */
export function calleeName(call: Node): string | null {
  const fn = field(call, 'function');
  if (!fn) return null;
  const t = fn.type;
  if (t === 'identifier') return fn.text;
  if (t === 'attribute') return field(fn, 'attribute')?.text ?? null;
  return null;
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
}

export function callArgs(call: Node): CallArgs {
  const args = field(call, 'arguments');
  return args ? argsOf(args) : { positional: [], keywords: new Map() };
}

function argsOf(args: Node): CallArgs {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const a of args.namedChildren) {
    if (!a) continue;
    const t = a.type;
    if (t === 'keyword_argument') {
      const n = field(a, 'name');
      const v = field(a, 'value');
      if (n && v) keywords.set(n.text, v);
    } else if (t !== 'comment') positional.push(a);
  }
  return { positional, keywords };
}

/** Value of a plain string literal (no interpolation), else null. */
export function stringValue(node: Node | null | undefined): string | null {
  if (!node) return null;
  const t = node.type;
  if (t === 'concatenated_string') {
    let s = '';
    for (const p of named(node)) {
      const v = stringValue(p);
      if (v === null) return null;
      s += v;
    }
    return s;
  }
  if (t !== 'string') return null;
  let s = '';
  for (const c of named(node)) {
    const ct = c.type;
    if (ct === 'string_content') s += c.text;
    else if (ct === 'interpolation') return null;
    else if (ct === 'escape_sequence') s += c.text;
  }
  return s;
}

/** The value of a module-level `NAME = value` in the file (the last one), or null. */
export function moduleConstant(root: Node, name: string): Node | null {
  let found: Node | null = null;
  for (const stmt of named(root)) {
    const a = stmt.type === 'expression_statement' ? named(stmt)[0] : null;
    if (a?.type !== 'assignment') continue;
    if (field(a, 'left')?.text === name) found = field(a, 'right');
  }
  return found;
}

/** Depth-first walk in document order; return false from the visitor to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of named(node)) walk(c, visit);
}

const SCOPE_TYPES = ['function_definition', 'class_definition', 'lambda'];

/** The type list to scan for and the types wanted, made once per list (the scan's table is found by the list's identity). */
const descendantsQueries = new Map<string, { query: string[]; wanted: Set<string> }>();
function descendantsQuery(types: string | string[], enterScopes: boolean): { query: string[]; wanted: Set<string> } {
  const want = Array.isArray(types) ? types : [types];
  const key = `${enterScopes ? 1 : 0}${want.join('\0')}`;
  let q = descendantsQueries.get(key);
  if (!q) descendantsQueries.set(key, (q = { query: enterScopes ? [...want] : [...want, ...SCOPE_TYPES], wanted: new Set(want) }));
  return q;
}

/** Descendants of the given types, document order, not inside nested functions/classes/lambdas unless asked. */
export function descendants(node: Node, types: string | string[], enterScopes = false): Node[] {
  const { query, wanted } = descendantsQuery(types, enterScopes);
  const all = node.descendantsOfType(query).filter((n): n is Node => n !== null && n.id !== node.id);
  if (enterScopes) return all;
  const out: Node[] = [];
  let skipUntil = -1;
  for (const n of all) {
    if (n.startIndex < skipUntil) continue;
    const t = n.type;
    if (wanted.has(t)) out.push(n);
    if (SCOPE_TYPES.includes(t)) skipUntil = Math.max(skipUntil, n.endIndex);
  }
  return out;
}

/** The operator tokens of a comparison (`==`, `!=`, `is`, `is not`, `in`, ...). */
export function comparisonOperators(node: Node): string[] {
  return kids(node)
    .filter((c) => !c.isNamed)
    .map((c) => c.type);
}

/** `X` inside `Depends(X)` / `Security(X)` / `fastapi.Depends(X)`, as dotted text. */
export function dependsTarget(node: Node | null): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.type !== 'call') return null;
  const name = calleeName(n);
  if (name !== 'Depends' && name !== 'Security') return null;
  const { positional, keywords } = callArgs(n);
  const arg = positional[0] ?? keywords.get('dependency') ?? null;
  // `Depends(JWTBearer())`: FastAPI calls the instance, that is the class's `__call__`
  const inner = arg ? unwrap(arg) : null;
  if (inner?.type === 'call') {
    const cls = dotted(field(inner, 'function'));
    return cls && /^[A-Z]\w*$/.test(cls.split('.').pop() ?? '') ? `${cls}.__call__` : null;
  }
  return dotted(arg);
}

/** `Depends()` / `Security()` with no dependency: FastAPI then calls the parameter's annotation (a class). */
export function isEmptyDepends(node: Node | null): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type !== 'call') return false;
  const name = calleeName(n);
  if (name !== 'Depends' && name !== 'Security') return false;
  const { positional, keywords } = callArgs(n);
  return positional.length === 0 && !keywords.has('dependency');
}

/** Dependencies named in a `dependencies=[Depends(a), Depends(b)]` keyword value. */
export function dependencyList(node: Node | null | undefined): string[] {
  if (!node) return [];
  const out: string[] = [];
  if (node.type === 'list' || node.type === 'tuple') {
    for (const el of named(node)) {
      const t = dependsTarget(el);
      if (t) out.push(t);
    }
  }
  return out;
}

/** For `Annotated[T, Depends(x)]` (also `typing.Annotated`), the dependency x. */
export function annotatedDependency(type: Node | null): string | null {
  if (!type) return null;
  let n = type.type === 'type' ? named(type)[0] : type;
  if (!n) return null;
  if (n.type === 'generic_type') {
    // tree-sitter-python >= 0.23 parses `Annotated[...]` in a type position as generic_type
    const nameNode = named(n)[0];
    const params = named(n).find((c) => c.type === 'type_parameter');
    if (!nameNode || !params || !/(^|\.)Annotated$/.test(nameNode.text)) return null;
    for (const p of named(params)) {
      const inner = p.type === 'type' ? named(p)[0] : p;
      const t = dependsTarget(inner ?? null);
      if (t) return t;
    }
    return null;
  }
  if (n.type === 'subscript') {
    const value = field(n, 'value');
    if (!value || !/(^|\.)Annotated$/.test(value.text)) return null;
    for (const s of n.childrenForFieldName('subscript')) {
      const t = dependsTarget(s);
      if (t) return t;
    }
  }
  return null;
}

/** Name of a bare annotation (`user: CurrentUser`), for alias lookup. */
export function annotationName(type: Node | null): string | null {
  if (!type) return null;
  const n = type.type === 'type' ? named(type)[0] : type;
  return n ? dotted(n) : null;
}

/** Does the block (or statement) raise, directly or in a nested block (not in nested defs)? */
export function containsRaise(node: Node): boolean {
  if (node.type === 'raise_statement') return true;
  return node.descendantsOfType('raise_statement').length > 0;
}

const RESPONSE_CLASS = /(^|\.)(JSONResponse|Response|PlainTextResponse|HTMLResponse|ORJSONResponse|UJSONResponse)$/;

/** `return JSONResponse(status_code=404, …)` (or 401 / 403, as a number or `status.HTTP_40x_…`): a refusal as final as a raise. */
export function isRefusingReturn(node: Node): boolean {
  if (node.type !== 'return_statement') return false;
  const value = named(node)[0];
  const call = value ? unwrap(value) : null;
  if (call?.type !== 'call' || !RESPONSE_CLASS.test(calleeText(call) ?? '')) return false;
  const { positional, keywords } = callArgs(call);
  // Response(content, status_code, …): the status is the second positional argument
  const status = keywords.get('status_code') ?? positional[1];
  return status !== undefined && /^(40[134]|status\.HTTP_40[134]_\w+)$/.test(unwrap(status).text);
}

/** A `raise`, or a `return` of a 401 / 403 / 404 response, in the node or under it. */
export function containsRefusal(node: Node): boolean {
  if (containsRaise(node)) return true;
  if (!node.text.includes('Response')) return false;
  return isRefusingReturn(node) || node.descendantsOfType('return_statement').some((r) => r !== null && isRefusingReturn(r));
}
