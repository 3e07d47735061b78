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
 * The comments and docstrings (expression statements whose only named child is a string, see
 * isDocstring) that start before `end` (0: the whole file), in source order: one scan of the
 * tree's node arrays.
 */
function scanPythonComments(tree: Tree, end = 0): CommentSpan[] {
  const { types, starts, count } = tree;
  const comment = tree.grammar.typeIds('comment');
  const statement = tree.grammar.typeIds('expression_statement');
  const out: CommentSpan[] = [];
  for (let k = 0; k < count; k++) {
    if (end !== 0 && starts[k]! >= end) break;
    const type = types[k]!;
    if (!comment[type] && !statement[type]) continue;
    const node = tree.node(k);
    if (comment[type] || (node.firstNamedChild?.type === 'string' && isDocstring(node))) {
      const startPos = node.startPosition;
      out.push({ line: startPos.row + 1, column: startPos.column + 1, endLine: node.endPosition.row + 1, text: node.text });
    }
  }
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

/**
 * The comments and docstrings of a Python tree that start before `end` (a source index), in source
 * order, without visiting the rest of the tree; may hold more (every comment, once pythonComments
 * ran on the tree), so callers filter by line.
 */
export function pythonCommentsBefore(tree: Tree, end: number): readonly CommentSpan[] {
  if (end <= 0) return [];
  return pythonCommentCache.get(tree) ?? scanPythonComments(tree, end);
}

/** Task refs of a Python file: the IDs in its comments and docstrings. */
export function pythonTaskRefs(file: PyFile): TaskRef[] {
  return refsInComments(file.path, pythonComments(file.tree));
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
