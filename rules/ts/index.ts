/**
 * TypeScript facts (phase 1, per file, JSON-serialisable: they cross worker threads) and the
 * project-wide TS index: imports (resolved to files), what each module exports as far as requests
 * are concerned (API base constants, request wrappers, axios/ky instances, auth-header builders),
 * `process.env` reads, `"use client"` modules and the modules they pull into the browser bundle.
 */
import path from 'node:path';
import type { TsFile } from '../types.js';
import { ts } from './parser.js';
import { type AnalysisEnv, classifyUrlText, type ExportFact, dottedName, envVarName, phase1Env, propName, TsAnalysis, unwrap } from './analysis.js';

export type { ExportFact } from './analysis.js';

export interface TsImportFact {
  specifier: string;
  /** `import type …` (erased: never part of a bundle). */
  typeOnly: boolean;
  line: number;
  column: number;
  /** Set by buildTsIndex: the repository-relative file the specifier resolves to, or null. */
  resolved?: string | null;
}

export interface TsEnvRead {
  name: string;
  line: number;
  column: number;
  endColumn: number;
}

/**
 * An exported constant that is a string literal (or key bytes made of one: `new TextEncoder().encode("…")`),
 * or an object whose `secret` property is one (betterAuth options). Only where it is: the value is never kept.
 * `fallbackEnv`: the literal is only a fallback (`process.env.X ?? "…"`), X being the variable read ('' when none).
 */
export type TsLiteralFact =
  | { kind: 'string' | 'options'; line: number; fallbackEnv?: string }
  /** `export { X } from './y'`, or a constant made of an imported one (`encode(X)`): resolved by importedLiteral. */
  | { kind: 'ref'; specifier: string; name: string }
  /** Options whose `secret` is an imported constant (`{ secret: AUTH_SECRET }`). */
  | { kind: 'optionsRef'; specifier: string; name: string };

export interface TsFileFacts {
  path: string;
  /** Starts with the `"use client"` directive. */
  useClient: boolean;
  /** Starts with `"use server"` (server actions: stay on the server even when a client imports them). */
  useServer: boolean;
  /** Imports `server-only`. */
  serverOnly: boolean;
  imports: TsImportFact[];
  /** Exported name → what it is (request wrappers, instances, API base constants, header builders). */
  exports: Record<string, ExportFact>;
  /** `export * from '…'` specifiers. */
  starExports: string[];
  /** Exported string-literal constants and options objects with a literal `secret` (hardcoded-secret). */
  literals?: Record<string, TsLiteralFact>;
  envReads: TsEnvRead[];
  /** `axios.interceptors.request.use(…)` or `axios.defaults.headers…Authorization` adds the header globally. */
  globalAxiosAuth: boolean;
  /** Imported instances an interceptor (or defaults) in this file gives the header (`http.interceptors.request.use(…)` on `import { http }`). */
  authedImports?: { specifier: string; name: string }[];
  /** URL path of a Next.js route handler (`app/api/token/route.ts` → `/api/token`), else null. */
  routePath: string | null;
  /** next.config `rewrites()` entries (only in a next.config file). */
  rewrites?: NextRewrite[];
}

/** A next.config rewrite: requests to `source` (a path-to-regexp pattern) are proxied to `destination`. */
export interface NextRewrite {
  source: string;
  /** The destination is the backend as far as phase 1 can tell (the API base variable, localhost). */
  backend: boolean;
  /** The destination's literal text when it is a plain URL (judged again against the .env origins in phase 2). */
  url?: string;
}

export interface TsIndex {
  files: TsFileFacts[];
  /** Path → exported name → fact with every cross-module reference resolved. */
  exports: Record<string, Record<string, ExportFact>>;
  globalAxiosAuth: boolean;
  /** URL paths served by the Next.js app itself (route handlers). */
  routePaths: string[];
  /** next.config rewrites (every next.config in the repository). */
  rewrites: NextRewrite[];
  /** File → the import chain from a `"use client"` module to it (both ends included). */
  clientChains: Record<string, string[]>;
}

const MATTER = /fetch|axios|rewrites|zustand|\bky\b|use client|use server|process\.env|import\.meta\.env|localStorage|sessionStorage|cookie|Authorization|jwt|JWT|secret|Secret|SECRET|TextEncoder|betterAuth|from\s*['"](?:\.|@\/|~\/)|require\(/;

/** Cheap pre-filter on the raw text: false means the file cannot matter to any TS rule. */
export function tsMayMatter(source: string): boolean {
  return MATTER.test(source);
}

function directives(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) out.push(st.expression.text);
    else break;
  }
  return out;
}

/** `frontend/app/(site)/api/token/route.ts` → `/api/token`; `pages/api/x.ts` → `/api/x`. */
export function nextRoutePath(file: string): string | null {
  const segs = file.split('/');
  const app = segs.lastIndexOf('app');
  const last = segs[segs.length - 1] ?? '';
  if (app >= 0 && /^route\.(ts|js|tsx|jsx|mjs)$/.test(last)) {
    const parts = segs.slice(app + 1, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
    return '/' + parts.join('/');
  }
  const pages = segs.lastIndexOf('pages');
  if (pages >= 0 && segs[pages + 1] === 'api') {
    const parts = segs.slice(pages + 1);
    parts[parts.length - 1] = last.replace(/\.(ts|js|tsx|jsx|mjs)$/, '');
    if (parts[parts.length - 1] === 'index') parts.pop();
    return '/' + parts.join('/');
  }
  return null;
}

export function envReadsOf(sf: ts.SourceFile): TsEnvRead[] {
  const out: TsEnvRead[] = [];
  const at = (n: ts.Node, name: string) => {
    const s = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    const e = sf.getLineAndCharacterOfPosition(n.getEnd());
    out.push({ name, line: s.line + 1, column: s.character + 1, endColumn: e.line === s.line ? e.character + 1 : s.character + 2 });
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && envVarName(n) === undefined)) {
      const name = envVarName(n);
      if (name !== undefined) {
        at(n, name);
        return;
      }
    }
    if (ts.isVariableDeclaration(n) && n.initializer && ts.isObjectBindingPattern(n.name)) {
      const init = n.initializer;
      const src = ts.isPropertyAccessExpression(init) ? init.getText(sf).replace(/\s+/g, '') : '';
      if (src === 'process.env' || src === 'import.meta.env') {
        for (const el of n.name.elements) {
          const key = el.propertyName ?? el.name;
          if (ts.isIdentifier(key) || ts.isStringLiteral(key)) at(el, key.text);
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const KEY_BYTES = /(^|\.)encode$|^Buffer\.from$|(^|\.)createSecretKey$|^Uint8Array\.from$/;

/** Where a key expression's literal is: `"…"`, `encode("…")`, a local constant holding one, or a literal fallback. */
type KeyAt = { line: number; fallbackEnv?: string } | { ref: { specifier: string; name: string } };

/** The import a name (or `ns.X` of a namespace import) is bound to. */
function importRefOf(u: ts.Expression, decls: Map<string, ts.Node>): { specifier: string; name: string } | undefined {
  const spec = (n: ts.Node | undefined): string | undefined => {
    for (; n && !ts.isImportDeclaration(n); n = n.parent);
    return n && ts.isStringLiteral(n.moduleSpecifier) ? n.moduleSpecifier.text : undefined;
  };
  if (ts.isIdentifier(u)) {
    const d = decls.get(u.text);
    const specifier = d && (ts.isImportSpecifier(d) || ts.isImportClause(d)) ? spec(d) : undefined;
    if (specifier === undefined || (ts.isImportSpecifier(d!) && d.isTypeOnly)) return undefined;
    return { specifier, name: ts.isImportSpecifier(d!) ? (d.propertyName ?? d.name).text : 'default' };
  }
  if (ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression)) {
    const d = decls.get(u.expression.text);
    const specifier = d && ts.isNamespaceImport(d) ? spec(d) : undefined;
    return specifier === undefined ? undefined : { specifier, name: u.name.text };
  }
  return undefined;
}

function keyLiteralAt(sf: ts.SourceFile, e: ts.Expression | undefined, decls: Map<string, ts.Node>, depth = 4): KeyAt | undefined {
  if (!e || depth < 0) return undefined;
  const u = unwrap(e);
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  if (ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) return u.text === '' ? undefined : { line: lineOf(u) };
  if (ts.isCallExpression(u)) {
    const callee = dottedName(u.expression) ?? (ts.isPropertyAccessExpression(u.expression) ? u.expression.name.text : '');
    return KEY_BYTES.test(callee) ? keyLiteralAt(sf, u.arguments[0], decls, depth - 1) : undefined;
  }
  const ref = importRefOf(u, decls);
  if (ref) return { ref };
  if (ts.isIdentifier(u)) {
    const d = decls.get(u.text);
    return d && ts.isVariableDeclaration(d) ? keyLiteralAt(sf, d.initializer, decls, depth - 1) : undefined;
  }
  const fallback = (read: ts.Expression, other: ts.Expression) => {
    const at = keyLiteralAt(sf, other, decls, depth - 1);
    return at && 'line' in at ? { line: at.line, fallbackEnv: at.fallbackEnv ?? envVarName(read) ?? '' } : undefined;
  };
  if (ts.isBinaryExpression(u) && (u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || u.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return fallback(u.left, u.right);
  if (ts.isConditionalExpression(u)) return envVarName(u.whenTrue) !== undefined ? fallback(u.whenTrue, u.whenFalse) : fallback(u.whenFalse, u.whenTrue);
  return undefined;
}

/** What an exported expression is for hardcoded-secret: a literal key, or options whose `secret` is one. */
function literalFactOf(sf: ts.SourceFile, e: ts.Expression | undefined, decls: Map<string, ts.Node>, depth = 4): TsLiteralFact | undefined {
  if (!e || depth < 0) return undefined;
  const u = unwrap(e);
  if (ts.isIdentifier(u)) {
    const d = decls.get(u.text);
    return d && ts.isVariableDeclaration(d) ? literalFactOf(sf, d.initializer, decls, depth - 1) : undefined;
  }
  if (ts.isObjectLiteralExpression(u)) {
    // the `secret` of options: through spreads of local objects (the last one wins) and shorthand
    const secretOf = (o: ts.ObjectLiteralExpression, d: number): ts.Expression | undefined => {
      let value: ts.Expression | undefined;
      for (const p of o.properties) {
        if (ts.isPropertyAssignment(p) && propName(p.name) === 'secret') value = p.initializer;
        else if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'secret') value = p.name;
        else if (ts.isSpreadAssignment(p) && d > 0) {
          let x = unwrap(p.expression);
          if (ts.isIdentifier(x)) {
            const decl = decls.get(x.text);
            x = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : x;
          }
          if (ts.isObjectLiteralExpression(x)) value = secretOf(x, d - 1) ?? value;
        }
      }
      return value;
    };
    const at = keyLiteralAt(sf, secretOf(u, 3), decls);
    return !at ? undefined : 'ref' in at ? { kind: 'optionsRef', ...at.ref } : { kind: 'options', ...at };
  }
  const at = keyLiteralAt(sf, u, decls);
  return !at ? undefined : 'ref' in at ? { kind: 'ref', ...at.ref } : { kind: 'string', ...at };
}

export function extractTsFacts(file: TsFile): TsFileFacts {
  const sf = file.sourceFile;
  const dirs = directives(sf);
  const a = new TsAnalysis(sf, phase1Env);
  const imports: TsImportFact[] = [];
  const exports: Record<string, ExportFact> = {};
  const starExports: string[] = [];
  const literals: Record<string, TsLiteralFact> = {};
  let serverOnly = false;
  const put = (name: string, f: ExportFact | undefined | null) => {
    if (f) exports[name] = f;
  };
  const topDecls = a.declarationsIn(sf);
  const putLiteral = (name: string, f: TsLiteralFact | undefined) => {
    if (f) literals[name] = f;
  };
  const localLiteral = (name: string) => {
    const d = topDecls.get(name);
    return d && ts.isVariableDeclaration(d) ? literalFactOf(sf, d.initializer, topDecls) : undefined;
  };
  const localFact = (name: string): ExportFact | undefined => {
    const d = a.declarationsIn(sf).get(name);
    return d ? a.factOfDecl(d, name) : undefined;
  };
  const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      if (spec === 'server-only') serverOnly = true;
      const p = sf.getLineAndCharacterOfPosition(st.getStart(sf));
      const typeOnly = !!st.importClause?.isTypeOnly || (!!st.importClause && !st.importClause.name && !!st.importClause.namedBindings && ts.isNamedImports(st.importClause.namedBindings) && st.importClause.namedBindings.elements.length > 0 && st.importClause.namedBindings.elements.every((e) => e.isTypeOnly));
      imports.push({ specifier: spec, typeOnly, line: p.line + 1, column: p.character + 1 });
    } else if (ts.isExportDeclaration(st)) {
      const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (spec !== undefined) {
        const p = sf.getLineAndCharacterOfPosition(st.getStart(sf));
        imports.push({ specifier: spec, typeOnly: st.isTypeOnly, line: p.line + 1, column: p.character + 1 });
      }
      if (!st.exportClause) {
        if (spec !== undefined) starExports.push(spec);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          put(el.name.text, spec !== undefined ? { kind: 'ref', ref: { specifier: spec, name: local } } : localFact(local));
          putLiteral(el.name.text, spec !== undefined ? { kind: 'ref', specifier: spec, name: local } : localLiteral(local));
        }
      } else if (spec !== undefined) {
        put(st.exportClause.name.text, { kind: 'ref', ref: { specifier: spec, name: '*' } });
      }
    } else if (ts.isExportAssignment(st)) {
      put('default', a.factOfExpr(st.expression));
      if (!st.isExportEquals) putLiteral('default', literalFactOf(sf, st.expression, topDecls));
    } else if (isExported(st)) {
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) put(isDefault(st) ? 'default' : st.name.text, a.factOfDecl(st, st.name.text));
      else if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          if (ts.isIdentifier(d.name)) {
            put(d.name.text, a.factOfDecl(d, d.name.text));
            if (st.declarationList.flags & ts.NodeFlags.Const) putLiteral(d.name.text, literalFactOf(sf, d.initializer, topDecls));
          }
    }
  }
  // `require('x')` counts as an import for reachability.
  const visitRequire = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'require' && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      const p = sf.getLineAndCharacterOfPosition(n.getStart(sf));
      imports.push({ specifier: n.arguments[0].text, typeOnly: false, line: p.line + 1, column: p.character + 1 });
    }
    ts.forEachChild(n, visitRequire);
  };
  if (file.source.includes('require(')) visitRequire(sf);
  const authedImports = a.authedImports;
  return {
    path: file.path,
    useClient: dirs.includes('use client'),
    useServer: dirs.includes('use server'),
    serverOnly,
    imports,
    exports,
    starExports,
    ...(Object.keys(literals).length ? { literals } : {}),
    envReads: envReadsOf(sf),
    globalAxiosAuth: a.setsGlobalAxiosAuth,
    ...(authedImports.length ? { authedImports } : {}),
    routePath: nextRoutePath(file.path),
    ...(NEXT_CONFIG.test(file.path) ? { rewrites: nextRewritesOf(sf, a) } : {}),
  };
}

const NEXT_CONFIG = /(^|\/)next\.config\.(js|mjs|cjs|ts|mts)$/;

/**
 * The rewrites of a next.config: every `{ source, destination }` object inside `rewrites`
 * (an array, or `{ beforeFiles, afterFiles, fallback }`). Only string sources; the destination is
 * classified as a URL (`${process.env.API_URL}/:path*`, `http://localhost:8000/:path*`).
 */
function nextRewritesOf(sf: ts.SourceFile, a: TsAnalysis): NextRewrite[] {
  const out: NextRewrite[] = [];
  const collect = (n: ts.Node): void => {
    if (ts.isObjectLiteralExpression(n)) {
      let source: string | undefined;
      let dest: ts.Expression | undefined;
      for (const p of n.properties) {
        if (!ts.isPropertyAssignment(p) || !p.name) continue;
        const k = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
        const v = unwrap(p.initializer);
        if (k === 'source' && (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v))) source = v.text;
        else if (k === 'destination') dest = p.initializer;
      }
      if (source !== undefined && dest) {
        const d = unwrap(dest);
        const url = ts.isStringLiteral(d) || ts.isNoSubstitutionTemplateLiteral(d) ? d.text : undefined;
        out.push({ source, backend: a.classifyUrl(dest) === 'backend', ...(url !== undefined ? { url } : {}) });
        return;
      }
    }
    ts.forEachChild(n, collect);
  };
  const visit = (n: ts.Node): void => {
    const name = (ts.isMethodDeclaration(n) || ts.isPropertyAssignment(n) || ts.isFunctionDeclaration(n)) && n.name && ts.isIdentifier(n.name) ? n.name.text : ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) ? n.name.text : undefined;
    if (name !== undefined && /^rewrites$/i.test(name)) collect(n);
    else ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];

/** Resolves a module specifier to one of the known files: relative paths and the `@/`, `~/` aliases. */
export function resolveSpecifier(from: string, spec: string, files: ReadonlySet<string>): string | null {
  const tryBase = (b: string): string | null => {
    b = path.posix.normalize(b);
    if (b.startsWith('./')) b = b.slice(2);
    const cands = [b, ...EXTS.map((e) => b + e), ...EXTS.map((e) => `${b}/index${e}`)];
    if (/\.(m|c)?jsx?$/.test(b)) {
      const stem = b.replace(/\.(m|c)?jsx?$/, '');
      cands.push(...EXTS.map((e) => stem + e));
    }
    for (const c of cands) if (files.has(c)) return c;
    return null;
  };
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') return tryBase(path.posix.join(path.posix.dirname(from), spec));
  const alias = /^[@~]\/(.*)$/.exec(spec);
  if (alias) {
    const rest = alias[1]!;
    // Nearest folder (walking up from the importer) where the aliased path exists: `@/lib/x` from
    // frontend/app/page.tsx finds frontend/lib/x.ts or frontend/src/lib/x.ts.
    let dir = path.posix.dirname(from);
    for (;;) {
      const base = dir === '.' ? '' : `${dir}/`;
      const hit = tryBase(`${base}${rest}`) ?? tryBase(`${base}src/${rest}`);
      if (hit) return hit;
      if (dir === '.' || dir === '') break;
      dir = path.posix.dirname(dir);
    }
  }
  return null;
}

export function buildTsIndex(facts: TsFileFacts[]): TsIndex {
  const files = new Set(facts.map((f) => f.path));
  const byPath = new Map<string, TsFileFacts>();
  const out: TsFileFacts[] = facts.map((f) => {
    const copy = { ...f, imports: f.imports.map((i) => ({ ...i, resolved: resolveSpecifier(f.path, i.specifier, files) })) };
    byPath.set(f.path, copy);
    return copy;
  });
  const resolveIn = (from: string, spec: string): string | null => byPath.get(from)?.imports.find((i) => i.specifier === spec)?.resolved ?? resolveSpecifier(from, spec, files);

  // instances that an interceptor registered in another module gives the header: marked where they are defined
  for (const f of out) {
    for (const imp of f.authedImports ?? []) {
      let file = resolveIn(f.path, imp.specifier);
      let name = imp.name;
      for (let hops = 0; file && hops < 8; hops++) {
        const target: TsFileFacts = byPath.get(file)!;
        const fact = target.exports[name];
        if (fact?.kind === 'instance') {
          target.exports = { ...target.exports, [name]: { ...fact, auth: true } };
          break;
        }
        if (fact?.kind !== 'ref' || fact.ref.name.includes('.')) break;
        file = resolveIn(file, fact.ref.specifier);
        name = fact.ref.name;
      }
    }
  }
  const memo = new Map<string, ExportFact | undefined>();
  const lookup = (file: string, name: string): ExportFact | undefined => {
    const key = `${file}#${name}`;
    if (memo.has(key)) return memo.get(key);
    memo.set(key, undefined);
    const f = byPath.get(file);
    let result: ExportFact | undefined;
    if (f) {
      const [head, ...members] = name.split('.');
      let cur: ExportFact | undefined;
      if (head === '*') {
        const all: Record<string, ExportFact> = {};
        for (const n of Object.keys(f.exports)) {
          const v = lookup(file, n);
          if (v) all[n] = v;
        }
        cur = Object.keys(all).length ? { kind: 'object', members: all } : undefined;
      } else {
        const own = f.exports[head!];
        cur = own ? concretize(own, file) : undefined;
        if (!cur)
          for (const s of f.starExports) {
            const t = resolveIn(file, s);
            cur = t ? lookup(t, head!) : undefined;
            if (cur) break;
          }
      }
      for (const m of members) {
        const member: ExportFact | undefined = cur?.kind === 'object' ? cur.members[m] : undefined;
        cur = member ? concretize(member, file) : undefined;
      }
      result = cur;
    }
    memo.set(key, result);
    return result;
  };
  const concretize = (f: ExportFact, file: string): ExportFact | undefined => {
    if (f.kind === 'ref') {
      const t = resolveIn(file, f.ref.specifier);
      return t ? lookup(t, f.ref.name) : undefined;
    }
    if ((f.kind === 'wrapper' || f.kind === 'instance') && f.inner) {
      const t = resolveIn(file, f.inner.specifier);
      const inner = t ? lookup(t, f.inner.name) : undefined;
      if (!inner || (inner.kind !== 'wrapper' && inner.kind !== 'instance')) return f.kind === 'instance' ? { ...f, inner: undefined } : undefined;
      const { inner: _drop, ...rest } = f;
      return { ...rest, auth: f.auth || inner.auth, baseBackend: f.baseBackend || inner.baseBackend } as ExportFact;
    }
    if (f.kind === 'object') {
      const members: Record<string, ExportFact> = {};
      for (const [k, v] of Object.entries(f.members)) {
        const c = concretize(v, file);
        if (c) members[k] = c;
      }
      return Object.keys(members).length ? { kind: 'object', members } : undefined;
    }
    return f;
  };
  const exports: Record<string, Record<string, ExportFact>> = {};
  for (const f of out) {
    const e: Record<string, ExportFact> = {};
    for (const n of Object.keys(f.exports)) {
      const v = lookup(f.path, n);
      if (v) e[n] = JSON.parse(JSON.stringify(v)) as ExportFact;
    }
    exports[f.path] = e;
  }

  // Modules a "use client" module pulls into the browser bundle (value imports, transitively).
  const clientChains: Record<string, string[]> = {};
  const queue: string[][] = out.filter((f) => f.useClient).map((f) => [f.path]);
  for (const c of queue) clientChains[c[0]!] = c;
  while (queue.length) {
    const chain = queue.shift()!;
    const f = byPath.get(chain[chain.length - 1]!);
    if (!f) continue;
    for (const i of f.imports) {
      if (i.typeOnly || !i.resolved || clientChains[i.resolved]) continue;
      const t = byPath.get(i.resolved);
      if (!t || t.useServer || t.serverOnly) continue;
      const next = [...chain, i.resolved];
      clientChains[i.resolved] = next;
      queue.push(next);
    }
  }
  return {
    files: out,
    exports,
    globalAxiosAuth: out.some((f) => f.globalAxiosAuth),
    routePaths: out.map((f) => f.routePath).filter((p): p is string => p !== null),
    rewrites: out.flatMap((f) => f.rewrites ?? []),
    clientChains,
  };
}

export function emptyTsIndex(): TsIndex {
  return { files: [], exports: {}, globalAxiosAuth: false, routePaths: [], rewrites: [], clientChains: {} };
}

export interface EnvContext {
  apiBaseUrlEnv: string;
  /** Values of the API base variable in .env files. */
  apiBaseValues: string[];
  tokenRoute: string | null;
  /** URL paths of the project's Next.js route handlers (from every file name, not only parsed ones). */
  routePaths?: string[];
}

/** Phase-2 analysis environment for one file: imports resolved through the index. */
export function analysisEnvFor(index: TsIndex, file: string, ctx: EnvContext): AnalysisEnv {
  const facts = index.files.find((f) => f.path === file);
  const origins: string[] = [];
  for (const v of ctx.apiBaseValues) {
    try {
      origins.push(new URL(v).origin);
    } catch {
      /* not a URL */
    }
  }
  const tokenPath = ctx.tokenRoute ? nextRoutePath(ctx.tokenRoute) : null;
  const env: AnalysisEnv = {
    apiBaseUrlEnv: ctx.apiBaseUrlEnv,
    backendOrigins: origins,
    localApiPaths: [...index.routePaths, ...(ctx.routePaths ?? []), ...(tokenPath ? [tokenPath] : [])],
    backendRewrites: [],
    globalAxiosAuth: index.globalAxiosAuth,
    phase1: false,
    importedFact(specifier, name) {
      const target = facts?.imports.find((i) => i.specifier === specifier)?.resolved;
      if (!target) return undefined;
      const ex = index.exports[target] ?? {};
      const [head, ...members] = name.split('.');
      let cur: ExportFact | undefined = head === '*' ? (Object.keys(ex).length ? { kind: 'object', members: ex } : undefined) : ex[head!];
      for (const m of members) cur = cur?.kind === 'object' ? cur.members[m] : undefined;
      return cur;
    },
  };
  // Relative paths a next.config rewrite proxies to the backend are backend requests.
  for (const r of index.rewrites ?? []) if (r.backend || (r.url !== undefined && classifyUrlText(r.url, env) === 'backend')) env.backendRewrites.push(r.source);
  return env;
}

/**
 * The literal fact behind `import { name } from specifier` in `file` (through re-exports and
 * `export *`), with the file that defines it; `name` may be `X.secret` (the literal `secret` of
 * exported options X).
 */
export function importedLiteral(index: TsIndex, file: string, specifier: string, name: string, hops = 8): { file: string; line: number; kind: 'string' | 'options'; fallbackEnv?: string } | undefined {
  if (hops < 0) return undefined;
  const from = index.files.find((f) => f.path === file);
  const target = from?.imports.find((i) => i.specifier === specifier)?.resolved ?? resolveSpecifier(file, specifier, new Set(index.files.map((f) => f.path)));
  const t = target ? index.files.find((f) => f.path === target) : undefined;
  if (!t) return undefined;
  const [head, ...members] = name.split('.');
  if (members.length > 1 || (members.length === 1 && members[0] !== 'secret')) return undefined;
  const own = Object.prototype.hasOwnProperty.call(t.literals ?? {}, head!) ? t.literals![head!] : undefined;
  let found: { file: string; line: number; kind: 'string' | 'options'; fallbackEnv?: string } | undefined;
  if (own?.kind === 'ref') found = importedLiteral(index, t.path, own.specifier, own.name, hops - 1);
  else if (own?.kind === 'optionsRef') {
    const lit = importedLiteral(index, t.path, own.specifier, own.name, hops - 1);
    found = lit?.kind === 'string' ? { ...lit, kind: 'options' } : undefined;
  } else if (own) found = { file: t.path, ...own };
  else if (head !== 'default') for (const s of t.starExports) if ((found = importedLiteral(index, t.path, s, head!, hops - 1))) break;
  if (!found) return undefined;
  if (members.length) return found.kind === 'options' ? { ...found, kind: 'string' } : undefined;
  return found;
}

/** Analysis of one file for the rules (phase 2). */
export function analyseTsFile(sf: ts.SourceFile, index: TsIndex, file: string, ctx: EnvContext): TsAnalysis {
  return new TsAnalysis(sf, analysisEnvFor(index, file, ctx));
}
