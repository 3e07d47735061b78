/**
 * The raw TypeScript compiler API for the check path, loaded straight from the copy ts-morph
 * bundles (@ts-morph/common/dist/typescript.js) as CommonJS: importing ts-morph from ESM makes
 * Node scan its CommonJS bundles for named exports and load ts-morph's wrapper, about 0.4–0.8 s of
 * start-up per thread. The value is the very object ts-morph exports as `ts`. Compiling the 9 MB
 * file takes ~0.2 s per thread; with the V8 code cache the build writes, ~0.05 s.
 *
 * Use `import { ts } from './ts/compiler.js'` (value and types). The types of the namespace are
 * re-declared below, one alias per type the rules use: add one when a rule needs another type.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { ts as T } from 'ts-morph';

// Resolved from ts-morph's own folder: the copy ts-morph uses, wherever the package manager put it
// (@ts-morph/common is ts-morph's dependency, not ours: nested, hoisted or in a pnpm store).
export function typescriptPath(): string {
  const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));
  return fromTsMorph.resolve('@ts-morph/common/dist/typescript.js');
}

/**
 * The V8 code cache for the compiler (`npm run build` writes it: scripts/code-cache.mjs), named
 * after what it is only valid for: this V8, this architecture, this typescript.js (the version of
 * @ts-morph/common that bundles it, and its size). V8 checks again when it reads it (its version
 * and flags, the source's length) and compiles from source when it does not match; the name guards
 * against what V8 does not check, a different file of the same length.
 */
export function codeCacheFile(path: string): string {
  let version = 'unknown';
  try {
    version = String((JSON.parse(readFileSync(join(dirname(path), '..', 'package.json'), 'utf8')) as { version?: unknown }).version);
  } catch {
    // no package.json next to it: the size alone names the file
  }
  const name = `typescript-${version}-${statSync(path).size}-v8-${process.versions.v8}-${process.arch}.v8cache`;
  return fileURLToPath(new URL(`../../cache/${name.replace(/[^\w.-]/g, '_')}`, import.meta.url));
}

/** How the compiler was loaded (the tests and AUTHSPEC_DEBUG say): 'code cache' (accepted), 'code cache rejected', 'require'. */
export let loadedFrom: 'code cache' | 'code cache rejected' | 'require' | null = null;

/** CommonJS's own wrapper, so the code cache is made and read for exactly the text `require` runs. */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

/**
 * Runs typescript.js as CommonJS does, compiled with `cachedData` when given, and registers it in
 * `require.cache` so that a later `require` of it (ts-morph's) gets this same instance.
 */
export function runTypescript(path: string, cachedData?: Buffer): { exports: typeof T; script: vm.Script } {
  const script = new vm.Script(wrap(readFileSync(path, 'utf8')), { filename: path, ...(cachedData ? { cachedData } : {}) });
  const mod = new Module(path);
  mod.filename = path;
  const req = createRequire(path);
  mod.paths = req.resolve.paths('typescript') ?? [];
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, req, mod, path, dirname(path));
  mod.loaded = true;
  req.cache[path] = mod;
  return { exports: mod.exports as typeof T, script };
}

function load(): typeof T {
  const t0 = performance.now();
  const path = typescriptPath();
  const req = createRequire(path);
  let exports: typeof T | undefined;
  if (!req.cache[path]) {
    const cache = codeCacheFile(path);
    if (existsSync(cache)) {
      const run = runTypescript(path, readFileSync(cache));
      loadedFrom = run.script.cachedDataRejected ? 'code cache rejected' : 'code cache';
      exports = run.exports;
    }
  }
  if (!exports) {
    loadedFrom = 'require';
    exports = req(path) as typeof T;
  }
  if (process.env.AUTHSPEC_DEBUG) process.stderr.write(`authspec: debug: TypeScript compiler loaded (${loadedFrom}) in ${Math.round(performance.now() - t0)} ms\n`);
  return exports;
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
