/**
 * Task references in comments (`# T012 …`, `# [Task]: T-012`, `// T030`, `/* T-001 *\/`).
 *
 * Comments come from the parse trees (tree-sitter `comment` nodes and docstrings for Python, the
 * trivia before every token, read with the compiler's scanner, for TypeScript); only the text of a comment is searched for IDs.
 */
import type { PyNode, PyTree as Tree } from './python/tree.js';
import { ts } from './ts/compiler.js';
import { normaliseTaskId } from '../generator/model.js';
import type { PyFile, TaskRef, TsFile } from './types.js';

/** One comment (or docstring), 1-based lines. */
export interface CommentSpan {
  line: number;
  column: number;
  endLine: number;
  text: string;
}

/**
 * A task ID inside free text: `T` + 1-6 digits, optionally `T-`, standing alone as a word.
 * Upper-case `T` only: lower-case `t1` in prose is too often something else.
 */
const TASK_ID_IN_TEXT = /(?<![\w-])T-?\d{1,6}(?![\w-]|\.\d)/g;

export interface IdInText {
  id: string;
  spelling: string;
  /** Offset of the spelling in the text. */
  index: number;
}

/** Every task ID written in a piece of text, with its spelling and offset. */
export function taskIdsIn(text: string): IdInText[] {
  const out: IdInText[] = [];
  for (const m of text.matchAll(TASK_ID_IN_TEXT)) {
    const id = normaliseTaskId(m[0]);
    if (id) out.push({ id, spelling: m[0], index: m.index });
  }
  return out;
}

/** Task refs inside the given comments; line/column of each ID itself. */
export function refsInComments(path: string, comments: readonly CommentSpan[]): TaskRef[] {
  const refs: TaskRef[] = [];
  for (const c of comments) {
    for (const hit of taskIdsIn(c.text)) {
      const before = c.text.slice(0, hit.index);
      const nl = before.lastIndexOf('\n');
      const lineOffset = nl < 0 ? 0 : before.split('\n').length - 1;
      const column = nl < 0 ? c.column + hit.index : hit.index - nl;
      refs.push({ id: hit.id, spelling: hit.spelling, file: path, line: c.line + lineOffset, column });
    }
  }
  return refs;
}

// ---------------------------------------------------------------------------------------------
// Python

/**
 * Is an expression statement whose first named child is a string a docstring? One named child
 * means that child is the string.
 */
function isDocstring(node: PyNode): boolean {
  if (node.namedChildCount !== 1) return false;
  const parent = node.parent;
  if (!parent) return false;
  // First statement of a module, or of a function / class body (only comments before it).
  let prev = node.previousNamedSibling;
  while (prev && prev.type === 'comment') prev = prev.previousNamedSibling;
  if (prev) return false;
  const parentType = parent.type;
  if (parentType === 'module') return true;
  if (parentType !== 'block') return false;
  const owner = parent.parent?.type;
  return owner === 'function_definition' || owner === 'class_definition';
}

/** Per tree: phase 1 (task refs) and task-link (phase 2) read the same comments. */
const pythonCommentCache = new WeakMap<Tree, readonly CommentSpan[]>();

/** Comments and docstrings of a Python tree, in source order. Computed once per tree. */
export function pythonComments(tree: Tree): readonly CommentSpan[] {
  let cached = pythonCommentCache.get(tree);
  if (!cached) pythonCommentCache.set(tree, (cached = scanPythonComments(tree)));
  return cached;
}

/**
 * Adds the comments and docstring candidates (expression statements whose only named child is a
 * string, see isDocstring) that intersect [start, end) to `into` (keyed by start index, so
 * overlapping ranges add each once). end 0 means "to the end of the file". One scan of the tree's
 * node arrays (document order), stepping over subtrees that end before `start`.
 */
function collectPythonComments(tree: Tree, start: number, end: number, into: Map<number, CommentSpan>): void {
  const { types, starts, ends, after, count } = tree;
  const grammar = tree.grammar;
  const comment = grammar.typeIds('comment');
  const statement = grammar.typeIds('expression_statement');
  for (let k = 0; k < count; ) {
    if (ends[k]! <= start && k > 0) {
      k = after[k]!;
      continue;
    }
    const at = starts[k]!;
    if (end !== 0 && at >= end) break;
    const type = types[k]!;
    if ((comment[type] || statement[type]) && !into.has(at)) {
      const node = tree.node(k);
      if (comment[type] || (node.firstNamedChild?.type === 'string' && isDocstring(node))) {
        const startPos = node.startPosition;
        into.set(at, { line: startPos.row + 1, column: startPos.column + 1, endLine: node.endPosition.row + 1, text: node.text });
      }
    }
    k++;
  }
}

function sortedSpans(spans: Map<number, CommentSpan>): CommentSpan[] {
  const out = [...spans.values()];
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

function scanPythonComments(tree: Tree): CommentSpan[] {
  const spans = new Map<number, CommentSpan>();
  collectPythonComments(tree, 0, 0, spans);
  return sortedSpans(spans);
}

/**
 * The comments and docstrings of a Python tree that intersect [0, end) (a source index), in source
 * order, without visiting the rest of the tree; may hold more (every comment, once pythonComments
 * ran on the tree), so callers filter by line.
 */
export function pythonCommentsBefore(tree: Tree, end: number): readonly CommentSpan[] {
  if (end <= 0) return [];
  const cached = pythonCommentCache.get(tree);
  if (cached) return cached;
  const spans = new Map<number, CommentSpan>();
  collectPythonComments(tree, 0, end, spans);
  return sortedSpans(spans);
}

/** IDs that are at most this far apart are looked up with one range-restricted scan. */
const ID_CLUSTER_GAP = 512;

/**
 * Task refs of a Python file. Only the comments and docstrings that hold an ID-like token in the
 * source are looked up (scans restricted to the ranges of those tokens): an ID in a comment's
 * text is the same token in the source, so the refs are those of refsInComments over every comment.
 */
export function pythonTaskRefs(file: PyFile): TaskRef[] {
  const cached = pythonCommentCache.get(file.tree);
  if (cached) return refsInComments(file.path, cached);
  const spans = new Map<number, CommentSpan>();
  let from = -1;
  let to = -1;
  for (const m of file.source.matchAll(TASK_ID_IN_TEXT)) {
    const end = m.index + m[0].length;
    if (from >= 0 && m.index - to <= ID_CLUSTER_GAP) {
      to = end;
      continue;
    }
    if (from >= 0) collectPythonComments(file.tree, from, to, spans);
    from = m.index;
    to = end;
  }
  if (from >= 0) collectPythonComments(file.tree, from, to, spans);
  return spans.size === 0 ? [] : refsInComments(file.path, sortedSpans(spans));
}

// ---------------------------------------------------------------------------------------------
// TypeScript

/**
 * Every comment in a TS/TSX file, in source order. All trivia sits between a leaf token's `pos`
 * and its start (the end-of-file token included), so the walk scans exactly those stretches with the
 * compiler's scanner. JSX text is a leaf with no trivia (its `//` is text) and JSDoc nodes are
 * skipped as children (their text is the trivia of the token they document).
 */
export function tsComments(sf: ts.SourceFile): CommentSpan[] {
  const text = sf.getFullText();
  const out: CommentSpan[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ false, ts.LanguageVariant.Standard, text);
  const scanTrivia = (from: number, to: number): void => {
    if (to <= from) return;
    scanner.resetTokenState(from);
    for (;;) {
      const kind = scanner.scan();
      const tokenStart = scanner.getTokenStart();
      if (kind === ts.SyntaxKind.EndOfFileToken || tokenStart >= to) break;
      if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
        const startLc = sf.getLineAndCharacterOfPosition(tokenStart);
        const endLc = sf.getLineAndCharacterOfPosition(scanner.getTokenEnd());
        out.push({ line: startLc.line + 1, column: startLc.character + 1, endLine: endLc.line + 1, text: scanner.getTokenText() });
      }
    }
  };
  // Only subtrees whose text holds something ID-like are walked (getChildren is costly on big files).
  const candidates: number[] = [];
  for (const m of text.matchAll(TASK_ID_IN_TEXT)) candidates.push(m.index);
  if (candidates.length === 0) return out;
  const hasCandidate = (from: number, to: number): boolean => {
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < candidates.length && candidates[lo]! < to;
  };
  // Iterative (deeply nested code must not overflow the stack), children pushed in reverse to keep source order.
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === ts.SyntaxKind.JsxText || node.kind === ts.SyntaxKind.JsxTextAllWhiteSpaces) continue;
    if (!hasCandidate(node.pos, node.end)) continue;
    const children = node.getChildren(sf).filter((c) => !(c.kind >= ts.SyntaxKind.FirstJSDocNode && c.kind <= ts.SyntaxKind.LastJSDocNode));
    if (children.length === 0) scanTrivia(node.pos, node.getStart(sf));
    else for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

export function tsTaskRefs(file: TsFile): TaskRef[] {
  return refsInComments(file.path, tsComments(file.sourceFile));
}
