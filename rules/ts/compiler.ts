/**
 * The raw TypeScript compiler API for the check path, loaded straight from the copy ts-morph
 * bundles (@ts-morph/common/dist/typescript.js) with `require`: importing ts-morph from ESM makes
 * Node scan its CommonJS bundles for named exports and load ts-morph's wrapper, about 0.4–0.8 s of
 * start-up per thread. The value is the very object ts-morph exports as `ts`.
 *
 * Use `import { ts } from './ts/compiler.js'` (value and types). The types of the namespace are
 * re-declared below, one alias per type the rules use: add one when a rule needs another type.
 */
import { createRequire } from 'node:module';
import type { ts as T } from 'ts-morph';

// Resolved from ts-morph's own folder: the copy ts-morph uses, wherever the package manager put it
// (@ts-morph/common is ts-morph's dependency, not ours: nested, hoisted or in a pnpm store).
function load(): typeof T {
  const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
  return fromTsMorph('@ts-morph/common/dist/typescript.js') as typeof T;
}

/**
 * Loaded on first use, not on import: the compiler is ~9 MB of JavaScript (0.3–0.5 s of start-up
 * per thread), and a check worker that only gets Python files, or a check of a repository without
 * TS files, never needs it. Until then `ts` is a stand-in that loads the compiler on the first
 * property read and rebinds the export to the real object: ES module exports are live bindings, so
 * every importer reads the real namespace from then on (no proxy left on the hot path).
 */
export let ts: typeof T = new Proxy({} as typeof T, {
  get(_target, key) {
    ts = load();
    return (ts as unknown as Record<PropertyKey, unknown>)[key];
  },
  has(_target, key) {
    ts = load();
    return key in ts;
  },
});

export declare namespace ts {
  type ArrowFunction = T.ArrowFunction;
  type BindingName = T.BindingName;
  type CallExpression = T.CallExpression;
  type ClassDeclaration = T.ClassDeclaration;
  type ClassLikeDeclaration = T.ClassLikeDeclaration;
  type CommentRange = T.CommentRange;
  type CompilerOptions = T.CompilerOptions;
  type DiagnosticWithLocation = T.DiagnosticWithLocation;
  type Expression = T.Expression;
  type FunctionDeclaration = T.FunctionDeclaration;
  type FunctionExpression = T.FunctionExpression;
  type Identifier = T.Identifier;
  type ImportDeclaration = T.ImportDeclaration;
  type JSDocImportTag = T.JSDocImportTag;
  type LanguageVariant = T.LanguageVariant;
  type MemberName = T.MemberName;
  type MethodDeclaration = T.MethodDeclaration;
  type ModuleKind = T.ModuleKind;
  type ModuleResolutionKind = T.ModuleResolutionKind;
  type Node = T.Node;
  type ObjectLiteralExpression = T.ObjectLiteralExpression;
  type PropertyName = T.PropertyName;
  type ScriptKind = T.ScriptKind;
  type ScriptTarget = T.ScriptTarget;
  type SourceFile = T.SourceFile;
  type SyntaxKind = T.SyntaxKind;
}
