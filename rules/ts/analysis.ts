/**
 * Syntactic analysis of one TS/TSX file with the raw `ts` API (no type checker): which calls are
 * HTTP requests (fetch, axios and its instances, ky and its instances, and wrappers around any of
 * them), where they go (backend, Better Auth, another origin) and whether they carry an
 * `Authorization: Bearer …` header. Phase 1 (facts, imports unknown) and phase 2 (rules, imports
 * resolved through the ProjectIndex) run the same code with a different `AnalysisEnv`.
 */
import { ts } from './compiler.js';

/** A binding that another module exports, as the importing module names it. */
export interface ImportRef {
  specifier: string;
  name: string;
}

/** What an exported binding is, as far as requests are concerned (JSON-serialisable). */
export type ExportFact =
  | { kind: 'apiBase' }
  | { kind: 'authHeaders' }
  /** A function whose argument `urlParam` becomes (part of) a request URL. */
  | { kind: 'wrapper'; urlParam: number; auth: boolean; baseBackend: boolean; inner?: ImportRef }
  /** An axios, ky or ofetch instance (callable, with get/post/... or raw), or an openapi-fetch client (GET/POST/...). */
  | { kind: 'instance'; lib: InstanceLib; auth: boolean; baseBackend: boolean; inner?: ImportRef }
  /** An object or class instance whose members are wrappers. */
  | { kind: 'object'; members: Record<string, ExportFact> }
  /** Re-exported or assigned from another module; resolved by buildTsIndex. */
  | { kind: 'ref'; ref: ImportRef };

export type InstanceLib = 'axios' | 'ky' | 'ofetch' | 'openapi-fetch';

export type UrlKind = 'backend' | 'auth' | 'other' | 'path' | 'unknown';

export interface AnalysisEnv {
  /** spec.frontend.apiBaseUrlEnv, e.g. NEXT_PUBLIC_API_URL. */
  apiBaseUrlEnv: string;
  /** Origins the apiBaseUrlEnv variable has in .env files (e.g. http://localhost:8000). */
  backendOrigins: string[];
  /** URL paths that are not backend requests although they start with /api/ (the token route, Next route handlers). */
  localApiPaths: string[];
  /** Path patterns (path-to-regexp, `/backend/:path*`) that a next.config rewrite proxies to the backend. */
  backendRewrites: string[];
  /** True when some module adds the header to every axios request (axios.interceptors / axios.defaults). */
  globalAxiosAuth: boolean;
  /** Phase 1: imports are unknown and recorded as `ref` facts for buildTsIndex to resolve. */
  phase1: boolean;
  /** Phase 2: what an imported binding is (undefined: nothing request-related). */
  importedFact(specifier: string, name: string): ExportFact | undefined;
}

export const phase1Env: AnalysisEnv = {
  apiBaseUrlEnv: 'NEXT_PUBLIC_API_URL',
  backendOrigins: [],
  localApiPaths: [],
  backendRewrites: [],
  globalAxiosAuth: false,
  phase1: true,
  importedFact: () => undefined,
};

export interface RequestSite {
  call: ts.CallExpression;
  via: 'fetch' | 'axios' | 'ky' | 'ofetch' | 'instance' | 'wrapper';
  /** What the URL is, after the instance's or wrapper's base URL. */
  url: UrlKind;
  urlExpr?: ts.Expression;
  auth: boolean;
  /** The wrapper or instance prepends the backend base URL (so a bare path is a backend request). */
  baseBackend: boolean;
  /** The request goes through an imported wrapper or instance that phase 1 could not see. */
  inner?: ImportRef;
  /** The wrapper is known to send no header and adds the backend base itself: its own request is reported. */
  reportedInWrapper: boolean;
  /** Text of the Authorization value, when the call builds it inline (to check where the token came from). */
  authValue?: ts.Expression;
}

type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

const AXIOS_URL_DATA_CONFIG = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
const AXIOS_URL_CONFIG = new Set(['get', 'delete', 'head', 'options']);
const KY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
/** ofetch: `ofetch.raw(url, opts)`, `ofetch.native(url, init)` (also on instances). */
const OFETCH_METHODS = new Set(['raw', 'native']);
/** openapi-fetch: `client.GET(path, init)`. */
const OPENAPI_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']);
const API_BASE_NAME = /^(?:(?:api|backend|server|fastapi)_?(?:base_?)?(?:url|uri|origin|host|root|endpoint|address)|api_?base|base_?url|base_?api_?url|api)$/i;

export function isFunctionLike(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n);
}

export function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

export function propName(n: ts.PropertyName | ts.BindingName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isPrivateIdentifier(n) || ts.isNumericLiteral(n)) return n.text;
  if (ts.isComputedPropertyName(n) && (ts.isStringLiteral(n.expression) || ts.isNoSubstitutionTemplateLiteral(n.expression))) return n.expression.text;
  return undefined;
}

/** `a.b.c` as text for property-access chains of identifiers (and `this`), else undefined. */
export function dottedName(e: ts.Expression): string | undefined {
  e = unwrap(e);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const left = dottedName(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  if (ts.isElementAccessExpression(e) && (ts.isStringLiteral(e.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(e.argumentExpression))) {
    const left = dottedName(e.expression);
    return left === undefined ? undefined : `${left}.${e.argumentExpression.text}`;
  }
  return undefined;
}

/** `require('x')` (one string argument) → `x`, else undefined. */
export function requireSpecifier(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  return ts.isCallExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'require' && u.arguments.length === 1 && ts.isStringLiteral(u.arguments[0]!) ? u.arguments[0].text : undefined;
}

/**
 * What a CommonJS `require` reads, as an import: `require('./m')` → `=` (the whole `module.exports`),
 * `require('./m').a.b` → `a.b`.
 */
export function requireRefOfExpr(e: ts.Expression | undefined): ImportRef | undefined {
  const names: string[] = [];
  let u = e && unwrap(e);
  while (u && ts.isPropertyAccessExpression(u)) {
    names.unshift(u.name.text);
    u = unwrap(u.expression);
  }
  const specifier = requireSpecifier(u);
  return specifier === undefined ? undefined : { specifier, name: names.length ? names.join('.') : '=' };
}

/**
 * The import a CommonJS binding is: `const m = require('./m')` (`=`), `const a = require('./m').a`,
 * `const { a, b: c } = require('./m')` (`a`, `b`).
 */
export function requireRefOf(decl: ts.Node): ImportRef | undefined {
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) return requireRefOfExpr(decl.initializer);
  if (ts.isBindingElement(decl) && !decl.dotDotDotToken && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent)) {
    const whole = requireRefOfExpr(decl.parent.parent.initializer);
    const key = decl.propertyName ? propName(decl.propertyName) : ts.isIdentifier(decl.name) ? decl.name.text : undefined;
    if (!whole || key === undefined) return undefined;
    return { specifier: whole.specifier, name: whole.name === '=' ? key : `${whole.name}.${key}` };
  }
  return undefined;
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X` → X. */
export function envVarName(e: ts.Expression): string | undefined {
  e = unwrap(e);
  let obj: ts.Expression;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(e)) {
    obj = e.expression;
    name = e.name.text;
  } else if (ts.isElementAccessExpression(e) && (ts.isStringLiteral(e.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(e.argumentExpression))) {
    obj = e.expression;
    name = e.argumentExpression.text;
  } else return undefined;
  const o = dottedName(obj);
  return o === 'process.env' || o === 'import.meta.env' ? name : undefined;
}

/**
 * The environment variables an expression's value can be: `process.env.X`, with a fallback (`??`,
 * `||`), in a `+` or a template, either branch of a ternary (not its test: `process.env.X ? "on" : ""`),
 * `.toString()` / `.trim()`, and local constants (`local` gives an identifier's initialiser).
 */
export function envValueNames(e: ts.Expression, local: (id: ts.Identifier) => ts.Expression | undefined, depth = 4): string[] {
  if (depth < 0) return [];
  const u = unwrap(e);
  const name = envVarName(u);
  if (name !== undefined) return [name];
  const next = (x: ts.Expression) => envValueNames(x, local, depth - 1);
  if (ts.isIdentifier(u)) {
    const init = local(u);
    return init ? next(init) : [];
  }
  if (ts.isBinaryExpression(u) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.PlusToken].includes(u.operatorToken.kind)) return [...next(u.left), ...next(u.right)];
  if (ts.isConditionalExpression(u)) return [...next(u.whenTrue), ...next(u.whenFalse)];
  if (ts.isTemplateExpression(u)) return u.templateSpans.flatMap((t) => next(t.expression));
  if (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression) && /^(toString|trim|valueOf)$/.test(u.expression.name.text)) return next(u.expression.expression);
  return [];
}

/** Words of a key or an identifier: `authToken` → auth, token; `JWTToken` → jwt, token; `user-jwt`, `access_token`, `better-auth.session_token`. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** A template or `+` concatenation as its literal pieces and the expressions between them. */
export function partsOf(e: ts.Expression): (string | ts.Expression)[] {
  e = unwrap(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isTemplateExpression(e)) return [e.head.text, ...e.templateSpans.flatMap((s) => [s.expression, s.literal.text])];
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...partsOf(e.left), ...partsOf(e.right)];
  return [e];
}

function stringText(e: ts.Expression): string | undefined {
  e = unwrap(e);
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
}

/** Where a URL string goes. */
export function classifyUrlText(text: string, env: AnalysisEnv): UrlKind {
  const t = text.trim();
  const abs = /^https?:\/\/([^/?#]*)(\/[^?#]*)?/i.exec(t);
  if (abs) {
    const path = abs[2] ?? '/';
    if (/^\/api\/auth(\/|$)/.test(path)) return 'auth';
    let origin: string;
    try {
      origin = new URL(t.replace(/\$\{.*$/, '')).origin;
    } catch {
      return 'unknown';
    }
    if (env.backendOrigins.includes(origin)) return 'backend';
    const host = new URL(origin).hostname;
    if (host === 'localhost' || host === '127.0.0.1' || host === '0.0.0.0' || host === '[::1]') return 'backend';
    return 'other';
  }
  if (t.startsWith('//')) return 'other';
  if (/^\/api\/auth(\/|$|\?)/.test(t)) return 'auth';
  if (/^\/api(\/|$|\?)/.test(t)) {
    const p = t.replace(/[?#].*$/, '').replace(/\/+$/, '');
    if (env.localApiPaths.some((l) => pathMatches(l, p))) return 'auth';
    return 'backend';
  }
  if (t.startsWith('/') && env.backendRewrites.some((r) => rewriteMatches(r, t.replace(/[?#].*$/, '')))) return 'backend';
  return 'path';
}

/**
 * A next.config rewrite source (path-to-regexp: `/backend/:path*`, `/api/v1/:id`, `/proxy/(.*)`)
 * matches the path; `${}` stands for an interpolated segment.
 */
export function rewriteMatches(source: string, path: string): boolean {
  let re = '^';
  for (const seg of source.split('/').slice(1)) {
    const param = /^:\w+(\(.*\))?([*+?])?$/.exec(seg);
    if (param || /^\(.*\)[*+?]?$/.test(seg)) {
      const mod = param ? param[2] : seg.slice(-1);
      const regexy = param ? param[1] !== undefined : true;
      re += mod === '*' ? '(?:/.*)?' : mod === '?' ? '(?:/[^/]*)?' : mod === '+' || regexy ? '/.+' : '/[^/]+';
    } else re += '/' + seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '/?$').test(path);
}

/** `/api/token` matches `/api/token`; `/api/items/[id]` matches `/api/items/42`. */
function pathMatches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return a.some((s) => s.startsWith('[...')) && b.length >= a.length - 1 && a.slice(0, -1).every((s, i) => s.startsWith('[') || s === b[i]);
  return a.every((s, i) => s.startsWith('[') || s === b[i] || (b[i] ?? '').startsWith('${'));
}

/** One file's analysis; caches scopes and results. */
export class TsAnalysis {
  private scopeCache = new Map<ts.Node, Map<string, ts.Node>>();
  private wrapperMemo = new Map<ts.Node, ExportFact | null>();
  private authFnMemo = new Map<ts.Node, boolean>();
  private siteMemo = new Map<ts.CallExpression, RequestSite | null>();
  private interceptorsDone = false;
  /** Receivers (`api`, `axios`) whose requests get the header from an interceptor or defaults. */
  readonly authedReceivers = new Set<string>();

  constructor(
    readonly sf: ts.SourceFile,
    readonly env: AnalysisEnv,
  ) {}

  // ---------- scopes ----------

  declarationsIn(scope: ts.Node): Map<string, ts.Node> {
    let m = this.scopeCache.get(scope);
    if (m) return m;
    m = new Map();
    const addBinding = (name: ts.BindingName, decl: ts.Node) => {
      if (ts.isIdentifier(name)) m!.set(name.text, decl);
      else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name, el);
    };
    if (isFunctionLike(scope)) for (const p of scope.parameters) addBinding(p.name, p);
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope) ? scope.statements : undefined;
    for (const st of statements ?? []) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addBinding(d.name, d);
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) m.set(st.name.text, st);
      else if (ts.isImportDeclaration(st) && st.importClause) {
        const ic = st.importClause;
        if (ic.name) m.set(ic.name.text, ic);
        if (ic.namedBindings) {
          if (ts.isNamespaceImport(ic.namedBindings)) m.set(ic.namedBindings.name.text, ic.namedBindings);
          else for (const s of ic.namedBindings.elements) m.set(s.name.text, s);
        }
      }
    }
    if ((ts.isForOfStatement(scope) || ts.isForInStatement(scope) || ts.isForStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer))
      for (const d of scope.initializer.declarations) addBinding(d.name, d);
    this.scopeCache.set(scope, m);
    return m;
  }

  /** The declaration an identifier refers to (lexical scoping, no type checker). */
  declOf(id: ts.Identifier): ts.Node | undefined {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      const d = this.declarationsIn(n).get(id.text);
      if (d) return d;
    }
    return undefined;
  }

  /** For an import binding: the module specifier and the imported name (`default`, `*` or a name). */
  importOf(decl: ts.Node): ImportRef | undefined {
    const spec = (d: ts.ImportDeclaration | ts.JSDocImportTag) => (ts.isStringLiteral(d.moduleSpecifier) ? d.moduleSpecifier.text : undefined);
    let specifier: string | undefined;
    let name: string;
    if (ts.isImportClause(decl)) {
      specifier = spec(decl.parent);
      name = 'default';
    } else if (ts.isNamespaceImport(decl)) {
      specifier = spec(decl.parent.parent);
      name = '*';
    } else if (ts.isImportSpecifier(decl)) {
      specifier = spec(decl.parent.parent.parent);
      name = (decl.propertyName ?? decl.name).text;
    } else return requireRefOf(decl);
    return specifier === undefined ? undefined : { specifier, name };
  }

  private initOf(decl: ts.Node | undefined): ts.Expression | undefined {
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return decl.initializer;
    return undefined;
  }

  private fnOf(decl: ts.Node | undefined): FunctionLike | undefined {
    if (!decl) return undefined;
    if (isFunctionLike(decl)) return decl;
    const init = this.initOf(decl);
    if (init) {
      const u = unwrap(init);
      if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return u;
    }
    return undefined;
  }

  /**
   * Is the identifier the default export of `axios` / `ky` (or an undeclared global of that name),
   * ofetch's `ofetch` / `$fetch`, or openapi-fetch's `createClient` (its default export)?
   */
  private isLib(e: ts.Expression, lib: InstanceLib): boolean {
    e = unwrap(e);
    if (!ts.isIdentifier(e)) return false;
    const decl = this.declOf(e);
    if (!decl) return lib === 'axios' || lib === 'ky' ? e.text === lib : false;
    const imp = this.importOf(decl);
    if (!imp) return false;
    const mod = imp.specifier;
    if (lib === 'ofetch') return mod === 'ofetch' && (imp.name === 'ofetch' || imp.name === '$fetch');
    if (lib === 'openapi-fetch') return mod === 'openapi-fetch' && (imp.name === 'default' || imp.name === 'createClient');
    return (mod === lib || (lib === 'ky' && mod === 'ky-universal')) && (imp.name === 'default' || imp.name === '*' || imp.name === '=' || (lib === 'axios' && imp.name === 'axios'));
  }

  // ---------- auth header detection ----------

  private isAuthName(name: string | undefined): boolean {
    return name !== undefined && name.toLowerCase() === 'authorization';
  }

  /** Does this subtree set an Authorization header anywhere (object key, .set/.append, assignment)? */
  containsAuthPattern(root: ts.Node, mutationsOnly = false): boolean {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (!mutationsOnly && (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n)) && this.isAuthName(propName(n.name))) found = true;
      else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['set', 'append'].includes(n.expression.name.text) && n.arguments[0] && this.isAuthName(stringText(n.arguments[0]))) found = true;
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const l = n.left;
        if ((ts.isPropertyAccessExpression(l) && this.isAuthName(l.name.text)) || (ts.isElementAccessExpression(l) && this.isAuthName(stringText(l.argumentExpression)))) found = true;
        else if (ts.isPropertyAccessExpression(l) && l.name.text === 'headers' && this.exprHasAuth(n.right, 2)) found = true;
      } else if (!mutationsOnly && ts.isCallExpression(n) && this.callProvidesAuth(n)) found = true;
      if (!found) ts.forEachChild(n, visit);
    };
    visit(root);
    return found;
  }

  private fnProvidesAuth(fn: FunctionLike): boolean {
    let v = this.authFnMemo.get(fn);
    if (v !== undefined) return v;
    this.authFnMemo.set(fn, false);
    v = fn.body ? this.containsAuthPattern(fn.body) : false;
    this.authFnMemo.set(fn, v);
    return v;
  }

  /** A call to a local function that builds auth headers, or an imported `authHeaders` provider. */
  private callProvidesAuth(call: ts.CallExpression): boolean {
    const callee = unwrap(call.expression);
    if (!ts.isIdentifier(callee)) return false;
    const decl = this.declOf(callee);
    const fn = this.fnOf(decl);
    if (fn) return this.fnProvidesAuth(fn);
    const imp = decl && this.importOf(decl);
    if (imp) {
      const f = this.env.importedFact(imp.specifier, imp.name);
      return f?.kind === 'authHeaders';
    }
    return false;
  }

  /** Does a request's options / config expression carry an Authorization header? */
  exprHasAuth(e: ts.Expression | undefined, depth = 3): boolean {
    if (!e || depth < 0) return false;
    e = unwrap(e);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        const name = p.name ? propName(p.name) : undefined;
        if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && this.isAuthName(name)) return true;
        if (ts.isPropertyAssignment(p) && (name === 'headers' || name === 'hooks') && this.exprHasAuth(p.initializer, depth - 1)) return true;
        if (ts.isPropertyAssignment(p) && name === 'hooks' && this.containsAuthPattern(p.initializer)) return true;
        if (ts.isShorthandPropertyAssignment(p) && name === 'headers' && this.exprHasAuth(p.name, depth - 1)) return true;
        if (ts.isSpreadAssignment(p) && this.exprHasAuth(p.expression, depth - 1)) return true;
      }
      return false;
    }
    if (ts.isIdentifier(e)) {
      const decl = this.declOf(e);
      const init = this.initOf(decl);
      if (init) return this.exprHasAuth(init, depth - 1);
      const fn = this.fnOf(decl);
      if (fn) return this.fnProvidesAuth(fn);
      const imp = decl && this.importOf(decl);
      if (imp) return this.env.importedFact(imp.specifier, imp.name)?.kind === 'authHeaders';
      return false;
    }
    if (ts.isCallExpression(e)) {
      if (this.callProvidesAuth(e)) return true;
      return e.arguments.some((a) => this.exprHasAuth(a, depth - 1));
    }
    if (ts.isNewExpression(e)) return (e.arguments ?? []).some((a) => this.exprHasAuth(a, depth - 1));
    if (ts.isConditionalExpression(e)) return this.exprHasAuth(e.whenTrue, depth - 1) || this.exprHasAuth(e.whenFalse, depth - 1);
    if (ts.isBinaryExpression(e)) return this.exprHasAuth(e.left, depth - 1) || this.exprHasAuth(e.right, depth - 1);
    if (ts.isArrayLiteralExpression(e)) return e.elements.some((el) => (ts.isArrayLiteralExpression(el) && el.elements[0] !== undefined && this.isAuthName(stringText(el.elements[0]))) || this.exprHasAuth(el, depth - 1));
    return false;
  }

  /** The Authorization value written inline in an options expression, if any. */
  authValueIn(e: ts.Expression | undefined, depth = 3): ts.Expression | undefined {
    if (!e || depth < 0) return undefined;
    e = unwrap(e);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        const name = p.name ? propName(p.name) : undefined;
        if (ts.isPropertyAssignment(p) && this.isAuthName(name)) return p.initializer;
        if (ts.isShorthandPropertyAssignment(p) && this.isAuthName(name)) return p.name;
        if (ts.isPropertyAssignment(p) && name === 'headers') {
          const v = this.authValueIn(p.initializer, depth - 1);
          if (v) return v;
        }
        if (ts.isShorthandPropertyAssignment(p) && name === 'headers') {
          const v = this.authValueIn(p.name, depth - 1);
          if (v) return v;
        }
        if (ts.isSpreadAssignment(p)) {
          const v = this.authValueIn(p.expression, depth - 1);
          if (v) return v;
        }
      }
      return undefined;
    }
    if (ts.isIdentifier(e)) return this.authValueIn(this.initOf(this.declOf(e)), depth - 1);
    return undefined;
  }

  /** Text of an expression with the initialisers of the local constants it names, for token-source checks. */
  expandedText(e: ts.Node, depth = 3): string {
    let text = e.getText(this.sf);
    if (depth <= 0) return text;
    const seen = new Set<ts.Node>();
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        const decl = this.declOf(n);
        if (decl && !seen.has(decl) && (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl))) {
          seen.add(decl);
          let vd: ts.Node = decl;
          while (ts.isBindingElement(vd) || ts.isObjectBindingPattern(vd) || ts.isArrayBindingPattern(vd)) vd = vd.parent;
          if (ts.isVariableDeclaration(vd) && vd.initializer) text += '\n' + this.expandedText(vd.initializer, depth - 1);
        }
        const fn = this.fnOf(decl);
        if (fn && decl && !seen.has(decl)) {
          seen.add(decl);
          text += '\n' + fn.getText(this.sf);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(e);
    return text;
  }

  /**
   * Where a value comes from: the expression it was last bound to and the property path read from
   * it, following local variables (their initialisers), destructuring and member access.
   * `const { data: { session } } = await authClient.getSession(); session.token` →
   * `authClient.getSession()` with path data, session, token. `a ?? b` and `a || b` follow `a`; an
   * environment read (`process.env.X`) is a root.
   */
  originOf(e: ts.Expression, depth = 4): { root: ts.Expression; path: string[] } {
    e = unwrap(e);
    if (depth < 0 || envVarName(e) !== undefined) return { root: e, path: [] };
    if (ts.isPropertyAccessExpression(e)) {
      const o = this.originOf(e.expression, depth);
      return { root: o.root, path: [...o.path, e.name.text] };
    }
    if (ts.isElementAccessExpression(e) && (ts.isStringLiteral(e.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(e.argumentExpression))) {
      const o = this.originOf(e.expression, depth);
      return { root: o.root, path: [...o.path, e.argumentExpression.text] };
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return this.originOf(e.left, depth);
    if (!ts.isIdentifier(e)) return { root: e, path: [] };
    const decl = this.declOf(e);
    const path: string[] = [];
    let n: ts.Node | undefined = decl;
    while (n && ts.isBindingElement(n)) {
      const pattern: ts.Node = n.parent;
      if (n.dotDotDotToken) return { root: e, path: [] };
      if (ts.isObjectBindingPattern(pattern)) {
        const key = n.propertyName ? propName(n.propertyName) : ts.isIdentifier(n.name) ? n.name.text : undefined;
        if (key === undefined) return { root: e, path: [] };
        path.unshift(key);
      } else if (ts.isArrayBindingPattern(pattern)) path.unshift(String(pattern.elements.indexOf(n)));
      n = pattern.parent;
    }
    if (n && ts.isVariableDeclaration(n) && n.initializer) {
      const o = this.originOf(n.initializer, depth - 1);
      return { root: o.root, path: [...o.path, ...path] };
    }
    return { root: e, path: [] };
  }

  // ---------- interceptors and instances ----------

  private collectInterceptors(): void {
    if (this.interceptorsDone) return;
    this.interceptorsDone = true;
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = dottedName(n.expression);
        const m = callee && /^(.*)\.interceptors\.request\.use$/.exec(callee);
        if (m && m[1] && n.arguments[0]) {
          const a = unwrap(n.arguments[0]);
          const fn = ts.isArrowFunction(a) || ts.isFunctionExpression(a) ? a : ts.isIdentifier(a) ? this.fnOf(this.declOf(a)) : undefined;
          if (fn && this.fnProvidesAuth(fn)) this.authedReceivers.add(m[1]);
        }
        // openapi-fetch: `client.use({ onRequest({ request }) { request.headers.set('Authorization', …) } })`
        const u = callee && /^(.*)\.use$/.exec(callee);
        if (u && u[1] && n.arguments.some((arg) => this.middlewareProvidesAuth(arg))) this.authedReceivers.add(u[1]);
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = dottedName(n.left);
        const m = left && /^(.*)\.defaults\.headers(?:\.common)?\.authorization$/i.exec(left);
        if (m && m[1]) this.authedReceivers.add(m[1]);
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
  }

  /** An openapi-fetch middleware (object literal, or a constant holding one) whose hooks set the header. */
  private middlewareProvidesAuth(arg: ts.Expression): boolean {
    let e = unwrap(arg);
    if (ts.isIdentifier(e)) {
      const init = this.initOf(this.declOf(e));
      if (!init) return false;
      e = unwrap(init);
    }
    return ts.isObjectLiteralExpression(e) && e.properties.some((p) => p.name !== undefined && propName(p.name) === 'onRequest') && this.containsAuthPattern(e);
  }

  /**
   * Imported instances whose requests an interceptor or defaults in this file give the header:
   * `import { http } from './http'; http.interceptors.request.use(addToken)` → `{ specifier: './http', name: 'http' }`.
   */
  get authedImports(): ImportRef[] {
    this.collectInterceptors();
    const out: ImportRef[] = [];
    for (const r of this.authedReceivers) {
      const [head, ...rest] = r.split('.');
      if (!head || head === 'axios') continue;
      const decl = this.declarationsIn(this.sf).get(head);
      const imp = decl && this.importOf(decl);
      if (!imp) continue;
      const name = imp.name === '*' ? rest.join('.') : [imp.name, ...rest].join('.');
      if (name) out.push({ specifier: imp.specifier, name });
    }
    return out;
  }

  /** True when `axios.interceptors.request.use` or `axios.defaults.headers` in this file adds the header. */
  get setsGlobalAxiosAuth(): boolean {
    this.collectInterceptors();
    return this.authedReceivers.has('axios');
  }

  /**
   * `axios.create(cfg)`, `ky.create(cfg)`, `ky.extend(cfg)`, `instance.extend(cfg)`, `ofetch.create(cfg)`
   * (`$fetch.create`), openapi-fetch's `createClient(cfg)` → instance fact.
   */
  instanceFromInit(init: ts.Expression, name: string | undefined): (ExportFact & { kind: 'instance' }) | undefined {
    const e = unwrap(init);
    if (!ts.isCallExpression(e)) return undefined;
    let lib: InstanceLib | undefined;
    let parent: ExportFact | undefined;
    if (this.isLib(e.expression, 'openapi-fetch')) lib = 'openapi-fetch';
    else if (!ts.isPropertyAccessExpression(e.expression)) return undefined;
    const method = ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : '';
    const recv = ts.isPropertyAccessExpression(e.expression) ? e.expression.expression : e.expression;
    if (lib) {
      // createClient(cfg)
    } else if (method === 'create' && this.isLib(recv, 'axios')) lib = 'axios';
    else if ((method === 'create' || method === 'extend') && this.isLib(recv, 'ky')) lib = 'ky';
    else if (method === 'create' && this.isLib(recv, 'ofetch')) lib = 'ofetch';
    else if (method === 'extend' || method === 'create') {
      parent = this.factOfExpr(recv);
      if (parent?.kind === 'instance') lib = parent.lib;
    }
    if (!lib) return undefined;
    const cfg = e.arguments[0];
    this.collectInterceptors();
    const auth = (cfg !== undefined && (this.exprHasAuth(cfg) || this.containsAuthPattern(cfg))) || (name !== undefined && this.authedReceivers.has(name)) || (parent?.kind === 'instance' && parent.auth);
    let baseBackend = parent?.kind === 'instance' ? parent.baseBackend : false;
    if (cfg && ts.isObjectLiteralExpression(unwrap(cfg))) {
      for (const p of (unwrap(cfg) as ts.ObjectLiteralExpression).properties) {
        const pn = p.name ? propName(p.name) : undefined;
        if (pn === 'baseURL' || pn === 'prefixUrl' || pn === 'prefix' || pn === 'baseUrl') {
          const v = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
          if (v && this.classifyUrl(v) === 'backend') baseBackend = true;
        }
      }
    }
    return { kind: 'instance', lib, auth: !!auth, baseBackend, ...(parent?.kind === 'instance' && parent.inner ? { inner: parent.inner } : {}) };
  }

  /** What a local expression (identifier, member, `new Class()`) is, following imports through the env. */
  factOfExpr(e: ts.Expression, depth = 4): ExportFact | undefined {
    if (depth < 0) return undefined;
    e = unwrap(e);
    if (ts.isIdentifier(e)) {
      const decl = this.declOf(e);
      if (!decl) return undefined;
      return this.factOfDecl(decl, e.text, depth - 1);
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = this.enclosingClass(e);
        const m = cls && this.classMember(cls, e.name.text);
        return m ? this.factOfDecl(m, e.name.text, depth - 1) : undefined;
      }
      const obj = this.factOfExpr(e.expression, depth - 1);
      if (obj?.kind === 'object') return obj.members[e.name.text];
      if (obj?.kind === 'ref') return { kind: 'ref', ref: { specifier: obj.ref.specifier, name: `${obj.ref.name}.${e.name.text}` } };
      return envVarName(e) !== undefined && this.classifyUrl(e) === 'backend' ? { kind: 'apiBase' } : undefined;
    }
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
      const decl = this.declOf(e.expression);
      if (decl && ts.isClassDeclaration(decl)) return this.classFact(decl, depth - 1);
      const imp = decl && this.importOf(decl);
      if (imp) return this.resolveImported(imp);
      return undefined;
    }
    if (ts.isObjectLiteralExpression(e)) return this.objectFact(e, depth - 1);
    // `require('./api')`, `require('./api').request` (CommonJS, inline)
    const req = requireRefOfExpr(e);
    if (req) return this.resolveImported(req);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.wrapperOf(e) ?? undefined;
    const inst = this.instanceFromInit(e, undefined);
    if (inst) return inst;
    if (this.classifyUrl(e) === 'backend') return { kind: 'apiBase' };
    return undefined;
  }

  private resolveImported(imp: ImportRef): ExportFact | undefined {
    return this.env.importedFact(imp.specifier, imp.name) ?? (this.env.phase1 ? { kind: 'ref', ref: imp } : undefined);
  }

  factOfDecl(decl: ts.Node, name: string | undefined, depth = 4): ExportFact | undefined {
    if (depth < 0) return undefined;
    const imp = this.importOf(decl);
    if (imp) return this.resolveImported(imp);
    if (ts.isClassDeclaration(decl)) return this.classFact(decl, depth - 1);
    const fn = this.fnOf(decl);
    if (fn) {
      const w = this.wrapperOf(fn);
      if (w) return w;
      if (this.fnProvidesAuth(fn)) return { kind: 'authHeaders' };
      return undefined;
    }
    if (ts.isPropertyDeclaration(decl) && decl.initializer) return this.factOfExpr(decl.initializer, depth - 1);
    const init = this.initOf(decl);
    if (init) {
      const inst = this.instanceFromInit(init, name);
      if (inst) return inst;
      if (this.exprHasAuth(init, 1) && ts.isObjectLiteralExpression(unwrap(init))) return { kind: 'authHeaders' };
      return this.factOfExpr(init, depth - 1);
    }
    return undefined;
  }

  private objectFact(o: ts.ObjectLiteralExpression, depth: number): ExportFact | undefined {
    const members: Record<string, ExportFact> = {};
    for (const p of o.properties) {
      const name = p.name ? propName(p.name) : undefined;
      if (!name) continue;
      let f: ExportFact | undefined;
      if (ts.isMethodDeclaration(p)) f = this.wrapperOf(p) ?? undefined;
      else if (ts.isPropertyAssignment(p)) f = this.factOfExpr(p.initializer, depth);
      else if (ts.isShorthandPropertyAssignment(p)) f = this.factOfExpr(p.name, depth);
      if (f) members[name] = f;
    }
    return Object.keys(members).length ? { kind: 'object', members } : undefined;
  }

  private classFact(c: ts.ClassDeclaration, depth: number): ExportFact | undefined {
    const members: Record<string, ExportFact> = {};
    for (const m of c.members) {
      const name = m.name ? propName(m.name) : undefined;
      if (!name) continue;
      const f = ts.isMethodDeclaration(m) ? this.wrapperOf(m) : ts.isPropertyDeclaration(m) && m.initializer ? this.factOfExpr(m.initializer, depth) : undefined;
      if (f) members[name] = f;
    }
    return Object.keys(members).length ? { kind: 'object', members } : undefined;
  }

  private enclosingClass(n: ts.Node): ts.ClassLikeDeclaration | undefined {
    for (let p = n.parent; p; p = p.parent) {
      if (ts.isClassDeclaration(p) || ts.isClassExpression(p)) return p;
      if (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p)) return undefined;
    }
    return undefined;
  }

  private classMember(c: ts.ClassLikeDeclaration, name: string): ts.Node | undefined {
    return c.members.find((m) => m.name !== undefined && propName(m.name) === name);
  }

  // ---------- URLs ----------

  /** Where a URL expression goes. */
  classifyUrl(e: ts.Expression | undefined, depth = 4): UrlKind {
    if (!e || depth < 0) return 'unknown';
    e = unwrap(e);
    const s = stringText(e);
    if (s !== undefined) return classifyUrlText(s, this.env);
    if (ts.isTemplateExpression(e)) {
      const whole = e.head.text + e.templateSpans.map((sp) => '${}' + sp.literal.text).join('');
      if (/\/api\/auth(\/|$|\?)/.test(whole)) return 'auth';
      if (e.head.text !== '') return classifyUrlText(whole, this.env);
      const first = this.classifyUrl(e.templateSpans[0]!.expression, depth - 1);
      if (first === 'unknown' && /^\$\{\}\/api(\/|$|\?)/.test(whole)) return 'unknown';
      return first;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.PlusToken) {
        const lits = collectPlusLiterals(e);
        if (/\/api\/auth(\/|$|\?)/.test(lits)) return 'auth';
        return this.classifyUrl(e.left, depth - 1);
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        const l = this.classifyUrl(e.left, depth - 1);
        return l !== 'unknown' ? l : this.classifyUrl(e.right, depth - 1);
      }
      return 'unknown';
    }
    const envName = envVarName(e);
    if (envName !== undefined) return this.isApiBaseEnvName(envName) ? 'backend' : 'unknown';
    if (ts.isIdentifier(e)) {
      const decl = this.declOf(e);
      let k: UrlKind = 'unknown';
      // an import first: a `require` binding has an initialiser too
      const imp = decl && this.importOf(decl);
      const init = this.initOf(decl);
      if (imp) {
        if (this.env.importedFact(imp.specifier, imp.name)?.kind === 'apiBase') k = 'backend';
      } else if (init) k = this.classifyUrl(init, depth - 1);
      if (k === 'unknown' && !(decl && ts.isParameter(decl)) && (API_BASE_NAME.test(e.text) || this.isApiBaseEnvName(e.text))) k = 'backend';
      return k;
    }
    if (ts.isPropertyAccessExpression(e)) {
      // config.apiUrl, env.API_URL, settings.backendUrl, a validated env object (t3-env): env.NEXT_PUBLIC_API_URL
      if (API_BASE_NAME.test(e.name.text) || this.isApiBaseEnvName(e.name.text)) return 'backend';
      const f = this.factOfExpr(e);
      return f?.kind === 'apiBase' ? 'backend' : 'unknown';
    }
    if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL') {
      const [path, base] = e.arguments ?? [];
      const pk = this.classifyUrl(path, depth - 1);
      if (pk === 'path' || pk === 'unknown') return base ? this.classifyUrl(base, depth - 1) === 'backend' ? 'backend' : pk : pk;
      return pk;
    }
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      // url.toString(), String(url)
      if (ts.isPropertyAccessExpression(callee) && ['toString', 'concat', 'replace', 'trim'].includes(callee.name.text)) return this.classifyUrl(callee.expression, depth - 1);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (/^(api|backend)_?(url|path|endpoint)$|^(build|make|get|to)_?(api|backend)_?(url|uri|path)$/i.test(name)) return 'backend';
      if (ts.isIdentifier(callee)) {
        const fn = this.fnOf(this.declOf(callee));
        if (fn?.body) {
          const ret = ts.isBlock(fn.body) ? fn.body.statements.find(ts.isReturnStatement)?.expression : fn.body;
          if (ret) return this.classifyUrl(ret, depth - 1);
        }
      }
      return 'unknown';
    }
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p) && p.name && propName(p.name) === 'url') return this.classifyUrl(p.initializer, depth - 1);
        if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'url') return this.classifyUrl(p.name, depth - 1);
      }
      return 'unknown';
    }
    if (ts.isConditionalExpression(e)) {
      const a = this.classifyUrl(e.whenTrue, depth - 1);
      return a !== 'unknown' ? a : this.classifyUrl(e.whenFalse, depth - 1);
    }
    return 'unknown';
  }

  /** The name of the backend base URL variable: spec.frontend.apiBaseUrlEnv, or `…_API_URL`, `…_BACKEND_URL`, … */
  private isApiBaseEnvName(name: string): boolean {
    return name === this.env.apiBaseUrlEnv || /(^|_)(API|BACKEND|FASTAPI)_(BASE_)?(URL|URI|ORIGIN|HOST)$/.test(name);
  }

  /** Index of a parameter of `fn` that the URL expression is built from, or -1. */
  private paramIndexIn(e: ts.Expression, fn: FunctionLike, depth = 3): number {
    let found = -1;
    const visit = (n: ts.Node, d: number): void => {
      if (found >= 0) return;
      if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) {
        const decl = this.declOf(n);
        if (decl) {
          let p: ts.Node = decl;
          while (ts.isBindingElement(p) || ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p)) p = p.parent;
          if (ts.isParameter(p) && p.parent === fn) {
            found = fn.parameters.indexOf(p);
            return;
          }
          const init = this.initOf(decl);
          if (init && d > 0) visit(init, d - 1);
        }
      }
      ts.forEachChild(n, (c) => visit(c, d));
    };
    visit(e, depth);
    return found;
  }

  // ---------- requests ----------

  /** Local function → wrapper fact (its parameter `urlParam` becomes a request URL). */
  wrapperOf(fn: FunctionLike): (ExportFact & { kind: 'wrapper' }) | null {
    if (this.wrapperMemo.has(fn)) return this.wrapperMemo.get(fn) as (ExportFact & { kind: 'wrapper' }) | null;
    this.wrapperMemo.set(fn, null);
    let result: (ExportFact & { kind: 'wrapper' }) | null = null;
    if (fn.body) {
      const calls: ts.CallExpression[] = [];
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n)) calls.push(n);
        ts.forEachChild(n, visit);
      };
      visit(fn.body);
      for (const call of calls) {
        const site = this.requestSite(call);
        if (!site?.urlExpr) continue;
        const pi = this.paramIndexIn(site.urlExpr, fn);
        if (pi < 0) continue;
        const baseBackend = site.baseBackend || this.classifyUrl(site.urlExpr) === 'backend';
        result = { kind: 'wrapper', urlParam: pi, auth: site.auth, baseBackend, ...(site.inner ? { inner: site.inner } : {}) };
        break;
      }
    }
    this.wrapperMemo.set(fn, result);
    return result;
  }

  /** Resolves a fact that may point at another module (phase 2) into a wrapper/instance fact. */
  private concrete(f: ExportFact | undefined): ExportFact | undefined {
    if (f?.kind === 'ref') return this.env.importedFact(f.ref.specifier, f.ref.name) ?? (this.env.phase1 ? f : undefined);
    return f;
  }

  /** Is this call an HTTP request (or a call of a request wrapper), and what does it carry? */
  requestSite(call: ts.CallExpression): RequestSite | null {
    if (this.siteMemo.has(call)) return this.siteMemo.get(call)!;
    this.siteMemo.set(call, null);
    const site = this.computeSite(call);
    this.siteMemo.set(call, site);
    return site;
  }

  private enclosingFunction(n: ts.Node): FunctionLike | undefined {
    for (let p = n.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
    return undefined;
  }

  private mutationMemo = new Map<ts.Node, boolean>();

  /** The enclosing function sets the header by mutation (`headers.set('Authorization', …)`, `h.Authorization = …`). */
  private mutatesAuthAround(call: ts.CallExpression): boolean {
    const fn = this.enclosingFunction(call);
    if (!fn?.body) return false;
    let v = this.mutationMemo.get(fn);
    if (v === undefined) {
      v = this.containsAuthPattern(fn.body, true);
      this.mutationMemo.set(fn, v);
    }
    return v;
  }

  private computeSite(call: ts.CallExpression): RequestSite | null {
    const callee = unwrap(call.expression);
    const args = call.arguments;
    const mk = (via: RequestSite['via'], urlExpr: ts.Expression | undefined, inits: (ts.Expression | undefined)[], extra: { auth?: boolean; baseBackend?: boolean; inner?: ImportRef; reportedInWrapper?: boolean } = {}): RequestSite => {
      let url = this.classifyUrl(urlExpr);
      const baseBackend = extra.baseBackend ?? false;
      if (baseBackend && (url === 'path' || url === 'unknown')) url = 'backend';
      const authValue = inits.map((i) => this.authValueIn(i)).find((v) => v !== undefined);
      const auth = !!extra.auth || inits.some((i) => this.exprHasAuth(i)) || this.mutatesAuthAround(call);
      return { call, via, url, ...(urlExpr ? { urlExpr } : {}), auth, baseBackend, ...(extra.inner ? { inner: extra.inner } : {}), reportedInWrapper: !!extra.reportedInWrapper, ...(authValue ? { authValue } : {}) };
    };
    // fetch(url, init), window.fetch(...)
    const cname = dottedName(callee);
    if (cname === 'fetch' || cname === 'window.fetch' || cname === 'globalThis.fetch' || cname === 'self.fetch') {
      if (cname === 'fetch' && ts.isIdentifier(callee) && this.declOf(callee)) {
        // a local or imported `fetch` is not the global one: treat it like any other callee
      } else {
        let first = args[0] && unwrap(args[0]);
        // `const req = new Request(url, init); fetch(req)`: the request object's URL and init
        if (first && ts.isIdentifier(first)) {
          const init = this.initOf(this.declOf(first));
          const u = init && unwrap(init);
          if (u && ts.isNewExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'Request') first = u;
        }
        if (first && ts.isNewExpression(first) && ts.isIdentifier(first.expression) && first.expression.text === 'Request') return mk('fetch', first.arguments?.[0], [first.arguments?.[1], args[1]]);
        return mk('fetch', args[0], [args[1]]);
      }
    }
    this.collectInterceptors();
    // axios(config) / axios(url, config)
    if (this.isLib(callee, 'axios')) {
      const auth = this.env.globalAxiosAuth || this.authedReceivers.has('axios');
      const first = args[0] && unwrap(args[0]);
      if (first && ts.isObjectLiteralExpression(first)) return mk('axios', first, [first], { auth });
      return mk('axios', args[0], [args[1]], { auth });
    }
    if (this.isLib(callee, 'ky')) return mk('ky', args[0], [args[1]]);
    if (this.isLib(callee, 'ofetch')) return mk('ofetch', args[0], [args[1]]);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const recv = callee.expression;
      if (this.isLib(recv, 'axios')) {
        const auth = this.env.globalAxiosAuth || this.authedReceivers.has('axios');
        if (method === 'request') return mk('axios', args[0], [args[0]], { auth });
        if (AXIOS_URL_CONFIG.has(method)) return mk('axios', args[0], [args[1]], { auth });
        if (AXIOS_URL_DATA_CONFIG.has(method)) return mk('axios', args[0], [args[2]], { auth });
        return null;
      }
      if (this.isLib(recv, 'ky')) return KY_METHODS.has(method) ? mk('ky', args[0], [args[1]]) : null;
      if (this.isLib(recv, 'ofetch')) return OFETCH_METHODS.has(method) ? mk('ofetch', args[0], [args[1]]) : null;
      const recvFact = this.concrete(this.factOfExpr(recv));
      const recvName = dottedName(recv);
      if (recvFact?.kind === 'instance') {
        const auth = recvFact.auth || (recvName !== undefined && this.authedReceivers.has(recvName));
        const extra = { auth, baseBackend: recvFact.baseBackend, ...(recvFact.inner ? { inner: recvFact.inner } : {}) };
        if (recvFact.lib === 'axios') {
          if (method === 'request') return mk('instance', args[0], [args[0]], extra);
          if (AXIOS_URL_CONFIG.has(method)) return mk('instance', args[0], [args[1]], extra);
          if (AXIOS_URL_DATA_CONFIG.has(method)) return mk('instance', args[0], [args[2]], extra);
          return null;
        }
        if (recvFact.lib === 'ofetch') return OFETCH_METHODS.has(method) ? mk('instance', args[0], [args[1]], extra) : null;
        if (recvFact.lib === 'openapi-fetch') return OPENAPI_METHODS.has(method) ? mk('instance', args[0], [args[1]], extra) : null;
        return KY_METHODS.has(method) ? mk('instance', args[0], [args[1]], extra) : null;
      }
      if (recvFact?.kind === 'ref') {
        const ref = { specifier: recvFact.ref.specifier, name: `${recvFact.ref.name}.${method}` };
        return this.unresolvedSite(call, ref, mk);
      }
    }
    // useSWR(key, fetcher) / useSWRImmutable / useSWRInfinite: SWR calls fetcher(key).
    if (ts.isIdentifier(callee) && /^useSWR(Immutable|Infinite|Mutation)?$/.test(callee.text) && args[1]) {
      const f = this.concrete(this.factOfExpr(args[1]));
      if (f?.kind === 'wrapper' && f.urlParam === 0) return mk('wrapper', args[0], [], { auth: f.auth, baseBackend: f.baseBackend, ...(f.inner ? { inner: f.inner } : {}), reportedInWrapper: !f.auth && f.baseBackend && !f.inner });
    }
    const fact = this.concrete(this.factOfExpr(callee));
    if (!fact) return null;
    if (fact.kind === 'wrapper') {
      const urlExpr = args[fact.urlParam];
      const others = args.filter((_, i) => i !== fact.urlParam);
      return mk('wrapper', urlExpr, others, { auth: fact.auth, baseBackend: fact.baseBackend, ...(fact.inner ? { inner: fact.inner } : {}), reportedInWrapper: !fact.auth && fact.baseBackend && !fact.inner });
    }
    if (fact.kind === 'instance') {
      const name = dottedName(callee);
      const extra = { auth: fact.auth || (name !== undefined && this.authedReceivers.has(name)), baseBackend: fact.baseBackend, ...(fact.inner ? { inner: fact.inner } : {}) };
      const first = args[0] && unwrap(args[0]);
      if (fact.lib === 'axios' && first && ts.isObjectLiteralExpression(first)) return mk('instance', first, [first], extra);
      if (fact.lib === 'openapi-fetch') return null; // not callable: client.GET(…)
      return mk('instance', args[0], [args[1]], extra);
    }
    if (fact.kind === 'ref') return this.unresolvedSite(call, fact.ref, mk);
    return null;
  }

  /**
   * Phase 1 only: a call of an imported function that may be a wrapper. Recorded with `inner` so that
   * a local wrapper built on it can be resolved later; the URL is assumed to be the first argument.
   */
  private unresolvedSite(call: ts.CallExpression, ref: ImportRef, mk: (via: RequestSite['via'], u: ts.Expression | undefined, i: (ts.Expression | undefined)[], x: { auth?: boolean; inner?: ImportRef }) => RequestSite): RequestSite | null {
    if (!ref.specifier.startsWith('.') && !ref.specifier.startsWith('@/') && !ref.specifier.startsWith('~/')) return null;
    const args = call.arguments;
    return mk('wrapper', args[0], args.slice(1), { auth: false, inner: ref });
  }

  /** Every request site in the file. */
  allSites(): RequestSite[] {
    const out: RequestSite[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const s = this.requestSite(n);
        if (s) out.push(s);
      }
      ts.forEachChild(n, visit);
    };
    visit(this.sf);
    return out;
  }
}

function collectPlusLiterals(e: ts.Expression): string {
  e = unwrap(e);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return collectPlusLiterals(e.left) + collectPlusLiterals(e.right);
  const s = stringText(e);
  if (s !== undefined) return s;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((sp) => sp.literal.text).join('');
  return '${}';
}

/** 1-based line/column of a node's start (after trivia). */
export function posOf(sf: ts.SourceFile, n: ts.Node): { line: number; column: number; endLine: number; endColumn: number } {
  const s = sf.getLineAndCharacterOfPosition(n.getStart(sf));
  const e = sf.getLineAndCharacterOfPosition(n.getEnd());
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}
