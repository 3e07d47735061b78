/**
 * Task references in comments (`# T012 …`, `# [Task]: T-012`, `// T030`, `/* T-001 *\/`).
 *
 * Comments come from the parse trees (tree-sitter `comment` nodes and docstrings for Python, the
 * trivia before every token, read with the compiler's scanner, for TypeScript); only the text of a comment is searched for IDs.
 */
import { Query, type Language, type Node as PyNode, type Tree } from 'web-tree-sitter';
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

function isDocstring(node: PyNode): boolean {
  if (node.type !== 'expression_statement') return false;
  const only = node.namedChildCount === 1 ? node.namedChild(0) : null;
  if (!only || only.type !== 'string') return false;
  const parent = node.parent;
  if (!parent) return false;
  // First statement of a module, or of a function / class body (only comments before it).
  let prev = node.previousNamedSibling;
  while (prev && prev.type === 'comment') prev = prev.previousNamedSibling;
  if (prev) return false;
  return parent.type === 'module' || (parent.type === 'block' && (parent.parent?.type === 'function_definition' || parent.parent?.type === 'class_definition'));
}

let commentQuery: { language: Language; query: Query } | undefined;
/** Per tree: phase 1 (task refs) and task-link (phase 2) read the same comments. */
const pythonCommentCache = new WeakMap<Tree, readonly CommentSpan[]>();

/** Comments and docstrings of a Python tree, in source order (a tree-sitter query: fast on big files). Computed once per tree. */
export function pythonComments(tree: Tree): readonly CommentSpan[] {
  let cached = pythonCommentCache.get(tree);
  if (!cached) pythonCommentCache.set(tree, (cached = scanPythonComments(tree)));
  return cached;
}

function scanPythonComments(tree: Tree): CommentSpan[] {
  if (commentQuery?.language !== tree.language) {
    commentQuery = { language: tree.language, query: new Query(tree.language, '(comment) @c (expression_statement (string)) @s') };
  }
  const out: CommentSpan[] = [];
  for (const { name, node } of commentQuery.query.captures(tree.rootNode)) {
    if (name === 's' && !isDocstring(node)) continue;
    out.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, endLine: node.endPosition.row + 1, text: node.text });
  }
  out.sort((a, b) => a.line - b.line || a.column - b.column);
  return out;
}

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
