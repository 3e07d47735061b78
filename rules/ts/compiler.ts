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
const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
export const ts = fromTsMorph('@ts-morph/common/dist/typescript.js') as typeof T;

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
