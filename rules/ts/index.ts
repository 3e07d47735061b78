/**
 * TypeScript facts (phase 1, per file, JSON-serialisable: they cross worker threads) and the
 * project-wide TS index: imports (resolved to files), what each module exports as far as requests
 * are concerned (API base constants, request wrappers, axios/ky instances, auth-header builders),
 * `process.env` reads, `"use client"` modules and the modules they pull into the browser bundle.
 */
import path from 'node:path';
import type { TsFile } from '../types.js';
import { ts } from './parser.js';
import { type AnalysisEnv, classifyUrlText, type ExportFact, dottedName, envValueNames, envVarName, phase1Env, propName, requireRefOf, requireRefOfExpr, requireSpecifier, TsAnalysis, unwrap } from './analysis.js';

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
 * Keyed by the exported name; a member of an exported object under its dotted path (`config.auth.secret`,
 * `config.auth`: key-like names and nested options only); CommonJS `module.exports` as a whole under `=`.
 */
export type TsLiteralFact =
  | { kind: 'string' | 'options'; line: number; fallbackEnv?: string }
  /** `export { X } from './y'`, or a constant made of an imported one (`encode(X)`, `process.env.X ?? Y`): resolved by importedLiteral. */
  | { kind: 'ref'; specifier: string; name: string; fallbackEnv?: string }
  /** Options whose `secret` is an imported constant (`{ secret: AUTH_SECRET }`). */
  | { kind: 'optionsRef'; specifier: string; name: string; fallbackEnv?: string };

/** A property of an exported object whose value is read from the environment (`{ SECRET: process.env.BETTER_AUTH_SECRET }`). */
export interface TsEnvEntry {
  key: string;
  /** The variables its value can be (envValueNames). */
  env: string[];
  line: number;
}

export interface TsFileFacts {
  path: string;
  /** Starts with the `"use client"` directive. */
  useClient: boolean;
  /** Starts with `"use server"` (server actions: stay on the server even when a client imports them). */
  useServer: boolean;
  /** Imports `server-only`. */
  serverOnly: boolean;
  imports: TsImportFact[];
  /**
   * Exported name → what it is (request wrappers, instances, API base constants, header builders).
   * CommonJS: `exports.X = …` / `module.exports.X = …` and the properties of `module.exports = { … }`
   * are named exports; the whole `module.exports` is `=` (what `require('./m')` returns).
   */
  exports: Record<string, ExportFact>;
  /** `export * from '…'` specifiers (and `module.exports = require('…')`). */
  starExports: string[];
  /** Exports through CommonJS (`module.exports`, `exports.X`): a default import gets `module.exports`. */
  cjs?: true;
  /** Exported string-literal constants and options objects with a literal `secret` (hardcoded-secret). */
  literals?: Record<string, TsLiteralFact>;
  /** Exported objects with members read from the environment, by exported name (secret-exposure: next.config `env: publicEnv`). */
  envObjects?: Record<string, TsEnvEntry[]>;
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
type KeyAt = { line: number; fallbackEnv?: string } | { ref: { specifier: string; name: string }; fallbackEnv?: string };

/** The import a name (or `ns.X` of a namespace import, `m.X` of `const m = require(…)`, `require(…).X`) is bound to. */
function importRefOf(u: ts.Expression, decls: Map<string, ts.Node>): { specifier: string; name: string } | undefined {
  const req = requireRefOfExpr(u);
  if (req) return req;
  const head = ts.isIdentifier(u) ? u : ts.isPropertyAccessExpression(u) && ts.isIdentifier(u.expression) ? u.expression : undefined;
  const bound = head && decls.get(head.text);
  const r = bound && requireRefOf(bound);
  if (r) return ts.isPropertyAccessExpression(u) ? { specifier: r.specifier, name: `${r.name}.${u.name.text}` } : r;
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
  const fallback = (read: ts.Expression, other: ts.Expression): KeyAt | undefined => {
    const at = keyLiteralAt(sf, other, decls, depth - 1);
    return at && { ...at, fallbackEnv: at.fallbackEnv ?? envVarName(read) ?? '' };
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
    return !at ? undefined : 'ref' in at ? { kind: 'optionsRef', ...at.ref, ...fallbackOf(at) } : { kind: 'options', ...at };
  }
  const at = keyLiteralAt(sf, u, decls);
  return !at ? undefined : 'ref' in at ? { kind: 'ref', ...at.ref, ...fallbackOf(at) } : { kind: 'string', ...at };
}

function fallbackOf(at: { fallbackEnv?: string }): { fallbackEnv?: string } {
  return at.fallbackEnv !== undefined ? { fallbackEnv: at.fallbackEnv } : {};
}

/** Member names whose string value may be a key (`secret`, `jwtSecret`, `signingKey`, `AUTH_SECRET`, `privateKey`). */
const KEY_MEMBER = /secret|key|jwt|token|password|salt/i;

/** The object literal an expression is (through local constants), else undefined. */
function objectLiteralOf(e: ts.Expression | undefined, decls: Map<string, ts.Node>, depth = 3): ts.ObjectLiteralExpression | undefined {
  if (!e || depth < 0) return undefined;
  const u = unwrap(e);
  if (ts.isObjectLiteralExpression(u)) return u;
  const d = ts.isIdentifier(u) ? decls.get(u.text) : undefined;
  return d && ts.isVariableDeclaration(d) && !requireRefOf(d) ? objectLiteralOf(d.initializer, decls, depth - 1) : undefined;
}

/**
 * Literal facts of an exported object's members, under their dotted paths: nested options
 * (`config.auth` whose `secret` is a literal) and key-like string members (`config.auth.secret`,
 * `config.JWT_SECRET`), so that `betterAuth({ secret: config.auth.secret })` in another module is judged.
 */
function memberLiterals(sf: ts.SourceFile, prefix: string, e: ts.Expression | undefined, decls: Map<string, ts.Node>, put: (name: string, f: TsLiteralFact | undefined) => void, depth = 3): void {
  const o = depth > 0 ? objectLiteralOf(e, decls) : undefined;
  if (!o) return;
  for (const p of o.properties) {
    const name = p.name ? propName(p.name) : undefined;
    const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
    if (name === undefined || !value) continue;
    const key = `${prefix}.${name}`;
    if (objectLiteralOf(value, decls)) {
      const f = literalFactOf(sf, value, decls);
      if (f?.kind === 'options' || f?.kind === 'optionsRef') put(key, f);
      memberLiterals(sf, key, value, decls, put, depth - 1);
    } else if (KEY_MEMBER.test(name)) {
      const f = literalFactOf(sf, value, decls);
      if (f?.kind === 'string' || f?.kind === 'ref') put(key, f);
    }
  }
}

export function extractTsFacts(file: TsFile): TsFileFacts {
  const sf = file.sourceFile;
  const dirs = directives(sf);
  const a = new TsAnalysis(sf, phase1Env);
  const imports: TsImportFact[] = [];
  const exports: Record<string, ExportFact> = {};
  const starExports: string[] = [];
  const literals: Record<string, TsLiteralFact> = {};
  let cjs = false;
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
  const envObjects: Record<string, TsEnvEntry[]> = {};
  /** An exported object's members that are read from the environment (through local spreads). */
  const putEnvObject = (name: string, e: ts.Expression | undefined) => {
    const entries: TsEnvEntry[] = [];
    const local = (id: ts.Identifier) => {
      const d = topDecls.get(id.text);
      return d && ts.isVariableDeclaration(d) && !requireRefOf(d) ? d.initializer : undefined;
    };
    const walk = (x: ts.Expression | undefined, depth: number): void => {
      const o = depth >= 0 ? objectLiteralOf(x, topDecls) : undefined;
      for (const p of o?.properties ?? []) {
        if (ts.isSpreadAssignment(p)) walk(p.expression, depth - 1);
        const key = p.name ? propName(p.name) : undefined;
        const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
        const env = value ? [...new Set(envValueNames(value, local))] : [];
        if (key !== undefined && env.length) entries.push({ key, env, line: sf.getLineAndCharacterOfPosition(p.getStart(sf)).line + 1 });
      }
    };
    walk(e, 2);
    if (entries.length) envObjects[name] = entries;
  };
  /** The literal facts of an exported value: itself, and its members when it is an object. */
  const putLiterals = (name: string, e: ts.Expression | undefined) => {
    putLiteral(name, literalFactOf(sf, e, topDecls));
    memberLiterals(sf, name, e, topDecls, putLiteral);
    putEnvObject(name, e);
  };
  const localInit = (name: string) => {
    const d = topDecls.get(name);
    return d && ts.isVariableDeclaration(d) ? d.initializer : undefined;
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
          if (spec !== undefined) putLiteral(el.name.text, { kind: 'ref', specifier: spec, name: local });
          else {
            putLiteral(el.name.text, localLiteral(local));
            memberLiterals(sf, el.name.text, localInit(local), topDecls, putLiteral);
            putEnvObject(el.name.text, localInit(local));
          }
        }
      } else if (spec !== undefined) {
        put(st.exportClause.name.text, { kind: 'ref', ref: { specifier: spec, name: '*' } });
      }
    } else if (ts.isExportAssignment(st)) {
      put('default', a.factOfExpr(st.expression));
      if (!st.isExportEquals) putLiterals('default', st.expression);
    } else if (isExported(st)) {
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) put(isDefault(st) ? 'default' : st.name.text, a.factOfDecl(st, st.name.text));
      else if (ts.isVariableStatement(st))
        for (const d of st.declarationList.declarations)
          if (ts.isIdentifier(d.name)) {
            put(d.name.text, a.factOfDecl(d, d.name.text));
            if (st.declarationList.flags & ts.NodeFlags.Const) putLiterals(d.name.text, d.initializer);
          }
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // CommonJS: `module.exports = { request }` / `= api` / `= require('./x')`, `module.exports.api = api`, `exports.request = request`
      const target = dottedName(st.expression.left);
      const value = st.expression.right;
      const named = target !== undefined ? /^(?:module\.)?exports\.([^.]+)$/.exec(target)?.[1] : undefined;
      if (target === 'module.exports' || named !== undefined) cjs = true;
      if (target === 'module.exports') {
        const whole = a.factOfExpr(value);
        put('=', whole);
        if (whole?.kind === 'object') for (const [k, v] of Object.entries(whole.members)) put(k, v);
        putLiteral('=', literalFactOf(sf, value, topDecls));
        putEnvObject('=', value);
        const o = objectLiteralOf(value, topDecls);
        for (const p of o?.properties ?? []) {
          const k = p.name ? propName(p.name) : undefined;
          const v = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
          if (k !== undefined && v) putLiterals(k, v);
        }
        const spec = requireSpecifier(value);
        if (spec !== undefined) starExports.push(spec);
      } else if (named !== undefined) {
        put(named, a.factOfExpr(value));
        putLiterals(named, value);
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
    ...(cjs ? { cjs: true as const } : {}),
    ...(Object.keys(literals).length ? { literals } : {}),
    ...(Object.keys(envObjects).length ? { envObjects } : {}),
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

/**
 * CommonJS interop: a default import of a CommonJS module gets its `module.exports` (`=`);
 * `module.exports` without a fact of its own (`exports.X = …`, or an ES module required) is the
 * namespace (`*`).
 */
function cjsName(head: string, exports: Record<string, unknown>, cjs: boolean | undefined): string {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(exports, k);
  if (head === 'default' && cjs && !has('default')) head = '=';
  return head === '=' && !has('=') ? '*' : head;
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
      const [first, ...members] = name.split('.');
      const head = cjsName(first!, f.exports, f.cjs);
      let cur: ExportFact | undefined;
      if (head === '*') {
        const all: Record<string, ExportFact> = {};
        for (const n of Object.keys(f.exports)) {
          if (n === '=') continue;
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

/** The index's files by path, built once per index object (the index itself stays plain JSON). */
const filesByPath = new WeakMap<TsIndex, { byPath: Map<string, TsFileFacts>; paths: Set<string> }>();

function filesOf(index: TsIndex): { byPath: Map<string, TsFileFacts>; paths: Set<string> } {
  let hit = filesByPath.get(index);
  if (!hit) {
    const byPath = new Map(index.files.map((f) => [f.path, f] as const));
    hit = { byPath, paths: new Set(byPath.keys()) };
    filesByPath.set(index, hit);
  }
  return hit;
}

/** Phase-2 analysis environment for one file: imports resolved through the index. */
export function analysisEnvFor(index: TsIndex, file: string, ctx: EnvContext): AnalysisEnv {
  const facts = filesOf(index).byPath.get(file);
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
      const [first, ...members] = name.split('.');
      const head = cjsName(first!, ex, filesOf(index).byPath.get(target)?.cjs);
      let cur: ExportFact | undefined;
      if (head === '*') {
        const named = Object.fromEntries(Object.entries(ex).filter(([k]) => k !== '='));
        cur = Object.keys(named).length ? { kind: 'object', members: named } : undefined;
      } else cur = Object.prototype.hasOwnProperty.call(ex, head) ? ex[head] : undefined;
      for (const m of members) cur = cur?.kind === 'object' ? cur.members[m] : undefined;
      return cur;
    },
  };
  // Relative paths a next.config rewrite proxies to the backend are backend requests.
  for (const r of index.rewrites ?? []) if (r.backend || (r.url !== undefined && classifyUrlText(r.url, env) === 'backend')) env.backendRewrites.push(r.source);
  return env;
}

/** What importedLiteral finds: where the literal is, and whether it is a key or betterAuth options. */
export interface ImportedLiteral {
  file: string;
  line: number;
  kind: 'string' | 'options';
  fallbackEnv?: string;
}

/**
 * The literal fact behind `import { name } from specifier` in `file` (through re-exports,
 * `export *` and CommonJS `require`), with the file that defines it; `name` may be a member path:
 * `X.secret` (the literal `secret` of exported options X), `config.auth.secret` (a key-like member
 * of an exported object), `=` (`require(specifier)` as a whole) or `=.secret`.
 */
export function importedLiteral(index: TsIndex, file: string, specifier: string, name: string, hops = 8): ImportedLiteral | undefined {
  if (hops < 0) return undefined;
  const { byPath, paths } = filesOf(index);
  const target = byPath.get(file)?.imports.find((i) => i.specifier === specifier)?.resolved ?? resolveSpecifier(file, specifier, paths);
  const t = target ? byPath.get(target) : undefined;
  if (!t) return undefined;
  const lits = t.literals ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(lits, k);
  let [head, ...members] = name.split('.');
  // CommonJS: a default import reads `module.exports` (`=`), whose members are named exports
  if (head === 'default' && t.cjs && !has('default')) head = '=';
  if (head === '=' && members.length) [head, ...members] = members;
  const resolve = (f: TsLiteralFact, rest: string[]): ImportedLiteral | undefined => {
    if (f.kind !== 'ref' && f.kind !== 'optionsRef') return rest.length ? undefined : { file: t.path, ...f };
    // a reference (re-export, `encode(X)`, `process.env.X ?? Y`): the rest of the path is read in the module it points at
    const lit = importedLiteral(index, t.path, f.specifier, [f.name, ...rest].join('.'), hops - 1);
    if (!lit) return undefined;
    const fallback = lit.fallbackEnv ?? f.fallbackEnv;
    if (f.kind === 'ref') return { ...lit, ...(fallback !== undefined ? { fallbackEnv: fallback } : {}) };
    return lit.kind === 'string' && !rest.length ? { ...lit, kind: 'options', ...(fallback !== undefined ? { fallbackEnv: fallback } : {}) } : undefined;
  };
  // a member of an exported object, recorded under its path
  const path = [head, ...members].join('.');
  if (members.length && has(path)) return resolve(lits[path]!, []);
  const own = has(head!) ? lits[head!] : undefined;
  let found: ImportedLiteral | undefined;
  if (own?.kind === 'ref' && !(members.length && own.fallbackEnv !== undefined)) return resolve(own, members);
  if (own?.kind === 'optionsRef' || own?.kind === 'string' || own?.kind === 'options') found = resolve(own, []);
  else if (!own && head !== 'default' && head !== '=') for (const s of t.starExports) if ((found = importedLiteral(index, t.path, s, path, hops - 1))) return found;
  if (!found) return undefined;
  // `X.secret` of exported options X
  if (members.length) return members.length === 1 && members[0] === 'secret' && found.kind === 'options' ? { ...found, kind: 'string' } : undefined;
  return found;
}

/**
 * The members read from the environment of the object behind `import { name } from specifier` in
 * `file` (exported by that module itself: `export const publicEnv = { … }`, `module.exports = { … }`).
 */
export function importedEnvObject(index: TsIndex, file: string, specifier: string, name: string): { file: string; entries: TsEnvEntry[] } | undefined {
  const { byPath, paths } = filesOf(index);
  const target = byPath.get(file)?.imports.find((i) => i.specifier === specifier)?.resolved ?? resolveSpecifier(file, specifier, paths);
  const t = target ? byPath.get(target) : undefined;
  if (!t?.envObjects) return undefined;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(t.envObjects, k);
  let n = name === 'default' && t.cjs && !has('default') ? '=' : name;
  if (n.startsWith('=.')) n = n.slice(2);
  return has(n) ? { file: t.path, entries: t.envObjects[n]! } : undefined;
}

/** Analysis of one file for the rules (phase 2). */
export function analyseTsFile(sf: ts.SourceFile, index: TsIndex, file: string, ctx: EnvContext): TsAnalysis {
  return new TsAnalysis(sf, analysisEnvFor(index, file, ctx));
}
