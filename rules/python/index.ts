/**
 * Python facts (phase 1, per file, serialisable) and the project-wide Python index: functions,
 * imports, call sites, FastAPI routes and dependencies, SQLModel models. Cross-module questions
 * (which function is the auth dependency, which helper parameter always receives the user id)
 * are answered from the merged index by rules/python/project.ts.
 */
import type { PyFile } from '../types.js';
import {
  annotatedDependency,
  annotationName,
  isEmptyDepends,
  callArgs,
  type CallArgs,
  argListArgs,
  calleeAndArgList,
  calleeName,
  calleeText,
  col,
  dependencyList,
  dependsTarget,
  descendants,
  dotted,
  field,
  line,
  named,
  comparisonOperators,
  containsRefusal,
  unwrapTyped,
  stringValue,
  unwrap,
  type Node,
} from './ast.js';
import { optionEntries, signatureCheckOff } from './bindings.js';
import { cbvAttrs, originsOf as originsOfArg, paramNodes, walkFunction, type Env } from './flow.js';

export interface PyImport {
  /** Name bound in this file. */
  local: string;
  /** Module as written, without leading dots (`app.auth`, `auth` for `from .auth import x`). */
  module: string;
  /** Leading dots of a relative import (0 = absolute). */
  level: number;
  /** Imported name for `from m import name`; absent for `import m`. */
  name?: string;
}

export interface PyParam {
  name: string;
  line: number;
  column: number;
  /** Target of `Depends(x)` in the default or in `Annotated[..., Depends(x)]`. */
  dep?: string;
  /** Bare annotation name (`user: CurrentUser`), looked up among Annotated aliases. */
  annotation?: string;
  /** The annotation of a parameter with a dependency (`repo: TaskRepo = Depends(get_repo)`): its class, for method calls on it. */
  cls?: string;
  /**
   * A class attribute of a class-based view (`@cbv(router)`), named `self.<attr>`: FastAPI resolves it
   * for every method of the class as it would this parameter (`line` / `column` are the attribute's).
   */
  attr?: true;
}

/** An argument that carries an identity (others are not recorded). */
export interface PyArg {
  position?: number;
  keyword?: string;
  /** Parameters (or `@call:` markers) this argument's value derives from as an identity. */
  from: string[];
}

export interface PyCall {
  /** Dotted callee as written; `?.name` for a method called on an expression (`f().name(...)`). */
  callee: string;
  line: number;
  column: number;
  args: PyArg[];
}

/** An `if a != b: raise` between two identity values (origins of each side). */
export interface PyCheck {
  a: string[];
  b: string[];
  line: number;
}

export interface PyTouch {
  line: number;
  column: number;
  what: string;
}

export interface PyFunction {
  /** Qualified name: `f`, `Class.method`, `outer.inner`. */
  name: string;
  line: number;
  column: number;
  endLine: number;
  isAsync: boolean;
  params: PyParam[];
  calls: PyCall[];
  checks: PyCheck[];
  /** Direct database / session-store access. */
  store: PyTouch[];
  /** Direct JWT decode calls (`unverified`: the signature check is turned off). */
  decodes: (PyTouch & { unverified?: true })[];
  /** Capitalised names the body mentions (for "touches an owned model"). */
  names: string[];
  /**
   * A predicate helper: the body ends in `return Model.<column> == <param>` (or several joined by
   * `and_()` / `&`), so a query narrowed by a call of it is narrowed by that comparison.
   */
  predicates?: PyPredicate[];
  /** `request.state.<attr> = <value>` assignments whose value has origins (what a middleware or dependency hands on). */
  stateSets?: PyStateSet[];
  /**
   * In an `__init__`: `self.<attr> = <param>` (attribute → parameter; `''` when the last assignment
   * sets it to anything else), so what a construction passes can be followed into the instance.
   */
  selfSets?: Record<string, string>;
  /**
   * In a function that may be a dependency on another (a parameter with `Depends(...)` or a class
   * annotation): the returns whose value may be one of its parameters, with the role checks guarding
   * them (a parameter without a dependency is what FastAPI fills from the request).
   */
  returns?: PyReturn[];
}

export interface PyReturn {
  /** The parameters the returned value may be (`user_id or claims["sub"]`: `user_id` and `claims`). */
  from: string[];
  line: number;
  /**
   * Parameters named by a role check the return sits under (`if x_act_as and "admin" in claims.get("roles", []):`,
   * or a refusing `if "admin" not in roles: raise` before it, `roles` assigned from `claims`).
   */
  guard?: string[];
}

export interface PyStateSet {
  attr: string;
  from: string[];
  line: number;
}

export interface PyPredicate {
  /** The column's object as written (`Task`, `models.Task`). */
  model: string;
  column: string;
  param: string;
}

export interface PyRoute {
  method: string;
  path: string;
  /** Handler function name (qualified). */
  handler: string;
  /** Router / app variable the decorator is on (`router`, `app`). */
  router: string;
  /** Decorator `dependencies=[...]` targets. */
  deps: string[];
  line: number;
  column: number;
}

export interface PyRouterDecl {
  name: string;
  kind: 'APIRouter' | 'FastAPI';
  prefix: string;
  deps: string[];
  line: number;
}

export interface PyInclude {
  /** Variable the router is included into. */
  parent: string;
  /** Included router as written (`tasks.router`, `router`). */
  child: string;
  prefix: string;
  deps: string[];
  line: number;
}

export interface PyModel {
  name: string;
  line: number;
  column: number;
  table: boolean;
  bases: string[];
  fields: string[];
  /** `__tablename__ = "tasks"` when the class sets it (a string literal). */
  tablename?: string;
  /** A `…Bearer` subclass with its own `__init__`: what it passes to the base's `auto_error`. */
  bearerInit?: BearerInit;
}

/**
 * How a bearer subclass's `__init__` calls the base's (`super().__init__(auto_error=…)`): always on
 * (not passed, or True), always off (False), from one of its own parameters (by name, its position
 * among the parameters after `self`, and its default as written: `True`, `False`, `None`, or absent
 * when required), or `unknown` (no base `__init__` call found, or another value).
 */
export type BearerInit = { auto: 'on' | 'off' | 'unknown' } | { param: string; index: number; dflt?: string };

/** `CurrentUser = Annotated[User, Depends(get_current_user)]`. */
export interface PyAlias {
  name: string;
  dep: string;
}

/** What one Python file contributes to the index (JSON-serialisable: it crosses worker threads). */
export interface PyFileFacts {
  path: string;
  imports: PyImport[];
  functions: PyFunction[];
  routes: PyRoute[];
  routers: PyRouterDecl[];
  includes: PyInclude[];
  models: PyModel[];
  aliases: PyAlias[];
  /**
   * Module-level constants other modules may import: `NAME = "literal"` (a non-empty string or bytes
   * literal; the value itself is kept only when the name says it is an algorithm), `NAME = ["HS256", ...]` (strings), `name = Class()`
   * (an instance), and string class attributes of top-level classes as `Class.attr`.
   */
  constants?: Record<string, PyConst>;
  /**
   * HTTP middleware registered on an app: `@app.middleware("http")` on a function, or
   * `app.add_middleware(BaseHTTPMiddleware, dispatch=fn)` / `app.add_middleware(AuthMiddleware)`
   * (`fn` is then `AuthMiddleware.dispatch`).
   */
  middlewares?: { app: string; fn: string; line: number }[];
}

export type PyConst =
  | { kind: 'str'; line: number; value?: string }
  | { kind: 'strs'; values: string[]; line: number }
  /** A JWT options dict (`{"verify_exp": False}`, `dict(...)`): the `verify_*` keys it sets to False. */
  | { kind: 'flags'; off: string[]; line: number }
  | {
      kind: 'instance';
      cls: string;
      /** Class-like arguments of the construction (`CRUDTask(Task)`): positional (`''` for any other value) and keyword. */
      args?: string[];
      keywords?: Record<string, string>;
    };

/** Project-wide, JSON-serialisable. */
export interface PythonIndex {
  files: PyFileFacts[];
}

/**
 * Cheap pre-filter on the raw text: false means the file cannot matter to any Python rule.
 * Anything that defines or calls functions, imports, or mentions tokens/queries may matter.
 */
const MAY_MATTER = /\bdef\b|\bimport\b|jwt|token|Depends|select\(|include_router|APIRouter|FastAPI|SQLModel|print\(|log|secret|SECRET|ALGORITHM/;
export function pythonMayMatter(source: string): boolean {
  return MAY_MATTER.test(source);
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'websocket']);
const JWT_MODULES = /^(jwt|jose|jose\.jwt|joserfc|joserfc\.jwt|authlib\.jose)$/;
const STORE_CALL =
  /^((sqlmodel|sqlalchemy|sqlalchemy\.orm|sqlalchemy\.ext\.asyncio)\.)?(Session|AsyncSession|create_engine|create_async_engine|sessionmaker|async_sessionmaker)$|(^|\.)(Redis|StrictRedis)(\.from_url)?$|^(redis|aioredis|redis\.asyncio)\.from_url$|^(sqlite3|psycopg2|psycopg|asyncpg|aiosqlite|pymysql)\.connect$|(^|\.)MongoClient$|(^|\.)(Async)?SessionLocal$|(^|\.)async_session(_maker)?$/;
const STORE_OBJECT = /(^|_|\.)(session|sess|db|database|cursor|conn|connection|engine)$|redis/i;
const STORE_METHODS = new Set([
  'exec', 'execute', 'get', 'query', 'scalars', 'scalar', 'scalar_one', 'scalar_one_or_none', 'add', 'commit',
  'fetch', 'fetchone', 'fetchall', 'fetchrow', 'fetchval', 'hget', 'hgetall', 'exists', 'find_one', 'connect', 'begin',
]);

/** A JWT decode call with the signature check off (`verify=False`, `options={"verify_signature": False}`, also through a variable). */
export function unverifiedDecode(call: Node, imports: PyImport[]): boolean {
  const callee = calleeText(call);
  return !!callee && isJwtDecode(callee, imports) && signatureCheckOff(call) !== null;
}

export function isJwtDecode(callee: string, imports: PyImport[]): boolean {
  // a dotted callee keeps its last segment in the full path: it must be `decode` or `decode_complete`
  if (callee.includes('.') && !callee.endsWith('.decode') && !callee.endsWith('.decode_complete')) return false;
  if (/(^|\.)jwt\.decode(_complete)?$/.test(callee)) return true;
  const parts = callee.split('.');
  const head = parts[0] ?? '';
  const imp = imports.find((i) => i.local === head);
  if (!imp) return false;
  if (parts.length === 1) return imp.name !== undefined && /^decode(_complete)?$/.test(imp.name) && JWT_MODULES.test(imp.module);
  const full = [imp.name ? `${imp.module}.${imp.name}` : imp.module, ...parts.slice(1)].join('.');
  return /^(jwt|jose\.jwt|joserfc\.jwt|authlib\.jose\.jwt)\.decode(_complete)?$/.test(full);
}

/**
 * `callee` is the call's callee as recorded: its dotted text (then the function is a name or an
 * attribute chain, `obj.method`) or `?.method` (an attribute on an expression that is no name), so
 * the object and method are read off it instead of the tree.
 */
const NO_ARGS: CallArgs = { positional: [], keywords: new Map() };

/** Adds the segments of a dotted name that start with a capital letter (`Task` of `models.Task`). */
function addCapitalised(dotted: string, into: Set<string>): void {
  for (let start = 0; start < dotted.length; ) {
    let end = dotted.indexOf('.', start);
    if (end < 0) end = dotted.length;
    const c = dotted.charCodeAt(start);
    if (c >= 65 && c <= 90) into.add(dotted.slice(start, end));
    start = end + 1;
  }
}

/** Does a word of the text name a variable with identity origins in `env`? */
function mentionsOrigin(text: string, env: Env): boolean {
  for (const w of text.match(/[A-Za-z_]\w*/g) ?? []) if (env.get(w)?.size) return true;
  return false;
}

/** Would `storeTouchOfCall` look at the first argument of a call with this callee? */
function mayTouchStore(callee: string): boolean {
  const dot = callee.lastIndexOf('.');
  const method = dot < 0 ? callee : callee.slice(dot + 1);
  return method === 'select' || (dot > 0 && STORE_METHODS.has(method));
}

function storeTouchOfCall(callee: string, first: Node | undefined): string | null {
  if (/ClientSession|requests\.|httpx\./.test(callee)) return null;
  if (STORE_CALL.test(callee)) return callee;
  const dot = callee.lastIndexOf('.');
  const method = dot < 0 ? callee : callee.slice(dot + 1);
  if (dot > 0 && !callee.startsWith('?.')) {
    const obj = callee.slice(0, dot);
    if (STORE_OBJECT.test(obj) && STORE_METHODS.has(method)) {
      // an HTTP session fetching the JWKS (`http_session.get(JWKS_URL)`) is key material, not a store
      if (method === 'get' && first && (first.type === 'string' || /url|jwks|http/i.test(first.text))) return null;
      return callee;
    }
  }
  if (method === 'select') {
    if (first && /^[A-Z]/.test(first.text)) return callee;
  }
  return null;
}

function paramFacts(fn: Node): PyParam[] {
  const out: PyParam[] = [];
  for (const { node: p, type: pt, name: nameNode, nameType } of paramNodes(fn)) {
    let type: Node | null = null;
    let value: Node | null = null;
    if (pt === 'typed_parameter') {
      type = field(p, 'type');
    } else if (pt === 'default_parameter' || pt === 'typed_default_parameter') {
      type = field(p, 'type');
      value = field(p, 'value');
    }
    if (!nameNode || nameType !== 'identifier') continue;
    out.push(paramFact(nameNode.text, nameNode, type, value));
  }
  // a method of a class-based view: the class's attributes, which FastAPI fills as parameters
  const cbv = cbvAttrs(fn);
  if (cbv) for (const a of cbv.attrs) out.push({ ...paramFact(`${cbv.self}.${a.name.text}`, a.name, a.type, a.value), attr: true });
  return out;
}

/** The class of a dependency parameter's annotation: `TaskRepo`, or `X` of `Annotated[X, Depends(...)]`. */
function depClass(type: Node | null): string | null {
  const n = type?.type === 'type' ? named(type)[0] : type;
  if (n?.type === 'generic_type' && /(^|\.)Annotated$/.test(named(n)[0]?.text ?? '')) {
    const first = named(named(n).find((c) => c.type === 'type_parameter') ?? n)[0];
    return first ? annotationName(first) : null;
  }
  if (n?.type === 'subscript' && /(^|\.)Annotated$/.test(field(n, 'value')?.text ?? '')) {
    const first = n.childrenForFieldName('subscript')[0];
    return first ? dotted(first) : null;
  }
  return annotationName(type);
}

function paramFact(name: string, at: Node, type: Node | null, value: Node | null): PyParam {
  const param: PyParam = { name, line: line(at), column: col(at) };
  // `repo: TaskRepo = Depends()`: FastAPI builds the class, so the dependency is the annotation
  const dep = dependsTarget(value) ?? annotatedDependency(type) ?? (isEmptyDepends(value) ? annotationName(type) : null);
  if (dep) {
    param.dep = dep;
    const cls = depClass(type);
    if (cls && cls !== dep) param.cls = cls;
  } else {
    const ann = annotationName(type);
    if (ann) param.annotation = ann;
  }
  return param;
}

/** BearerInit of a class body with an `__init__` (undefined without one: the base's is used as is). */
function bearerInitFact(body: Node): BearerInit | undefined {
  const init = named(body).find((st) => st.type === 'function_definition' && field(st, 'name')?.text === '__init__');
  if (!init) return undefined;
  // `super().__init__(…)`, `super(JWTBearer, self).__init__(…)`, `HTTPBearer.__init__(self, …)`
  const superInit = descendants(init, 'call').find((c) => {
    const fn = field(c, 'function');
    if (fn?.type !== 'attribute' || field(fn, 'attribute')?.text !== '__init__') return false;
    const obj = field(fn, 'object');
    return (obj?.type === 'call' && field(obj, 'function')?.text === 'super') || /Bearer$/.test(obj?.text ?? '');
  });
  if (!superInit) return { auto: 'unknown' };
  const { keywords } = callArgs(superInit);
  const v = keywords.get('auto_error');
  const params = paramNodes(init).filter((p, i) => !(i === 0 && p.name?.text === 'self'));
  if (!v) {
    // `super().__init__(**kwargs)` hands the construction's keywords on
    const splat = named(field(superInit, 'arguments') ?? superInit).some((a) => a.type === 'dictionary_splat');
    if (splat) return params.some((p) => p.type === 'dictionary_splat_pattern') ? { param: 'auto_error', index: -1, dflt: 'True' } : { auto: 'unknown' };
    return { auto: 'on' };
  }
  const u = unwrap(v);
  if (u.type === 'true') return { auto: 'on' };
  if (u.type === 'false') return { auto: 'off' };
  if (u.type !== 'identifier') return { auto: 'unknown' };
  const index = params.findIndex((p) => p.name?.text === u.text);
  if (index < 0) return { auto: 'unknown' };
  const dflt = field(params[index]!.node, 'value')?.text;
  return { param: u.text, index, ...(dflt !== undefined ? { dflt } : {}) };
}

function functionFacts(fn: Node, name: string, imports: PyImport[], source: string, isRoute: boolean): PyFunction {
  const calls: PyCall[] = [];
  const checks: PyCheck[] = [];
  const store: PyTouch[] = [];
  const decodes: PyFunction['decodes'] = [];
  const names = new Set<string>();
  const params = paramFacts(fn);
  for (const p of params) {
    // (a class-based view's attribute is resolved for the routes of the class, not by this method)
    if (p.attr) continue;
    if (p.dep && /session|(^|_)db$|database|redis/i.test(p.dep)) store.push({ line: p.line, column: p.column, what: `Depends(${p.dep})` });
    if (p.annotation && /(^|\.)(AsyncSession|Session|Redis|Connection)$/.test(p.annotation))
      store.push({ line: p.line, column: p.column, what: p.annotation });
  }
  const env = walkFunction(fn, {
    nodeTypes: ['import_statement', 'import_from_statement'],
    node(n) {
      importFacts(n, imports);
    },
    call(node, env) {
      // chained calls (`select(...).select_from(Task)`, `getLogger().debug(...)`) are recorded as `?.method`
      const both = calleeAndArgList(node, source);
      let callee = both.callee;
      if (callee === null) {
        const name = calleeName(node);
        callee = name ? `?.${name}` : null;
      }
      if (!callee) return;
      // the arguments matter only when one may carry an identity (it mentions a call or a name with
      // origins), name a model (a capital letter), or decide a store touch: the text says when not
      const { argList } = both;
      const argsText = argList ? source.slice(argList.startIndex, argList.endIndex) : '';
      const needArgs = argList !== null && (argsText.includes('(', 1) || /[A-Z]/.test(argsText) || mayTouchStore(callee) || mentionsOrigin(argsText, env));
      const { positional, keywords } = needArgs ? argListArgs(argList) : NO_ARGS;
      const args: PyArg[] = [];
      // only arguments that carry an identity are kept (an absent argument reads as "not the user")
      positional.forEach((a, i) => {
        const from = originsOfArg(a, env);
        if (from.size) args.push({ position: i, from: [...from] });
      });
      for (const [k, v] of keywords) {
        const from = originsOfArg(v, env);
        if (from.size) args.push({ keyword: k, from: [...from] });
      }
      calls.push({ callee, line: line(node), column: col(node), args });
      // models the function mentions: constructors and class-like arguments (`select(Task)`, `Task(...)`)
      addCapitalised(callee, names);
      for (const a of positional) {
        const t = a.type;
        const text = t === 'attribute' ? dotted(a) : t === 'identifier' ? a.text : null;
        if (text) addCapitalised(text, names);
      }
      if (isJwtDecode(callee, imports)) decodes.push({ line: line(node), column: col(node), what: callee, ...(unverifiedDecode(node, imports) ? { unverified: true as const } : {}) });
      const touch = storeTouchOfCall(callee, positional[0]);
      if (touch) store.push({ line: line(node), column: col(node), what: touch });
    },
    refusal(node, comparisons, env) {
      for (const c of comparisons) {
        if (c.op !== '!=' && c.op !== 'is not') continue;
        const a = [...originsOfArg(c.left, env)];
        const b = [...originsOfArg(c.right, env)];
        if (a.length && b.length) checks.push({ a, b, line: line(node) });
      }
    },
  });
  const predicates = predicateFacts(fn, params, source);
  const stateSets = stateSetFacts(fn, source);
  const selfSets = name.endsWith('.__init__') ? selfSetFacts(fn, params) : undefined;
  // (a route handler is no dependency)
  const returns = !isRoute && mayBeDependency(params) ? returnFacts(fn, params, env, source) : [];
  return {
    ...(returns.length ? { returns } : {}),
    ...(predicates.length ? { predicates } : {}),
    ...(stateSets.length ? { stateSets } : {}),
    ...(selfSets ? { selfSets } : {}),
    name,
    line: line(fn),
    column: col(fn),
    endLine: fn.endPosition.row + 1,
    // an `async def` starts with its `async` keyword (no need to build the children for it)
    isAsync: source.startsWith('async', fn.startIndex),
    params,
    calls,
    checks,
    store,
    decodes,
    names: [...names],
  };
}

/** May the function be a dependency that depends on another? A parameter takes `Depends(...)` or a class annotation (maybe an Annotated alias). */
function mayBeDependency(params: PyParam[]): boolean {
  return params.some((p) => p.dep || (p.annotation && /^[A-Z]/.test(p.annotation.slice(p.annotation.lastIndexOf('.') + 1))));
}

/** Words of a condition that checks the user's role or rights (`"admin" in claims["roles"]`, `user.is_superuser`). */
const ROLE_CHECK = /admin|role|scope|permission|superuser|staff|privilege|impersonat/i;

/** PyReturn facts: the returns (not of nested functions) whose value may be a parameter without a dependency. */
function returnFacts(fn: Node, params: PyParam[], env: Env, source: string): PyReturn[] {
  const body = field(fn, 'body');
  if (!body || !source.slice(body.startIndex, body.endIndex).includes('return')) return [];
  const names = new Set(params.filter((p, i) => !(i === 0 && (p.name === 'self' || p.name === 'cls'))).map((p) => p.name));
  const out: PyReturn[] = [];
  for (const r of descendants(body, 'return_statement')) {
    const value = r.firstNamedChild;
    if (!value) continue;
    // (the environment at the end of the body: a local reassigned after the return is read as last assigned)
    const from = [...originsOfArg(value, env)].filter((o) => names.has(o));
    if (from.length === 0) continue;
    const guard = roleGuard(r, value, body, names);
    out.push({ from, line: line(r), ...(guard.length ? { guard } : {}) });
  }
  return out;
}

/**
 * The parameters named by the role checks a return sits under: the condition of an `if` / `elif` whose
 * block holds it, of a conditional expression it returns, or of a refusing `if` before it in an
 * enclosing block; a local in the condition stands for the parameters its assignment names.
 */
function roleGuard(ret: Node, value: Node, body: Node, params: ReadonlySet<string>): string[] {
  const conds: Node[] = [];
  const v = unwrap(value);
  if (v.type === 'conditional_expression' && named(v)[1]) conds.push(named(v)[1]!);
  for (let a: Node = ret, p = ret.parent; p && a.id !== body.id; a = p, p = p.parent) {
    if ((p.type === 'if_statement' || p.type === 'elif_clause') && field(p, 'consequence')?.id === a.id) {
      const c = field(p, 'condition');
      if (c) conds.push(c);
    }
    if (p.type === 'block') {
      for (let s = a.previousNamedSibling; s; s = s.previousNamedSibling) {
        const c = s.type === 'if_statement' ? field(s, 'condition') : null;
        const cons = s.type === 'if_statement' ? field(s, 'consequence') : null;
        if (c && cons && ROLE_CHECK.test(c.text) && containsRefusal(cons)) conds.push(c);
      }
    }
  }
  const out = new Set<string>();
  let locals: Map<string, Node> | undefined;
  for (const c of conds) {
    if (!ROLE_CHECK.test(c.text)) continue;
    for (const id of [c, ...descendants(c, 'identifier')]) {
      if (id.type !== 'identifier') continue;
      if (params.has(id.text)) {
        out.add(id.text);
        continue;
      }
      // `roles = claims.get("roles", [])` then `if "admin" in roles`
      if (!locals) {
        locals = new Map();
        for (const as of body.descendantsOfType('assignment')) {
          const left = as ? field(as, 'left') : null;
          const right = as ? field(as, 'right') : null;
          if (left?.type === 'identifier' && right) locals.set(left.text, right);
        }
      }
      const right = locals.get(id.text);
      if (right) for (const x of [right, ...descendants(right, 'identifier')]) if (x.type === 'identifier' && params.has(x.text)) out.add(x.text);
    }
  }
  return [...out];
}

/** `self.model = model` in an `__init__`: attribute → parameter (`''`: set to something else). */
function selfSetFacts(fn: Node, params: PyParam[]): Record<string, string> | undefined {
  const body = field(fn, 'body');
  if (!body || !body.text.includes('self.')) return undefined;
  const names = new Set(params.map((p) => p.name));
  let out: Record<string, string> | undefined;
  for (const a of body.descendantsOfType('assignment')) {
    if (!a) continue;
    const left = field(a, 'left');
    if (left?.type !== 'attribute' || field(left, 'object')?.text !== 'self') continue;
    const attr = field(left, 'attribute')?.text;
    const right = field(a, 'right');
    if (!attr) continue;
    (out ??= {})[attr] = right?.type === 'identifier' && names.has(right.text) ? right.text : '';
  }
  return out;
}

/** `request.state.user_id = payload["sub"]`: assignments to a request's state, with the value's origins (only in functions whose text has `.state.`). */
function stateSetFacts(fn: Node, source: string): PyStateSet[] {
  const at = source.indexOf('.state.', fn.startIndex);
  if (at < 0 || at >= fn.endIndex) return [];
  const out: PyStateSet[] = [];
  walkFunction(fn, {
    nodeTypes: ['assignment'],
    node(n, env) {
      const left = field(n, 'left');
      const right = field(n, 'right');
      if (left?.type !== 'attribute' || !right) return;
      const obj = field(left, 'object');
      if (obj?.type !== 'attribute' || field(obj, 'attribute')?.text !== 'state') return;
      const attr = field(left, 'attribute')?.text;
      const from = originsOfArg(right, env);
      if (attr && from.size) out.push({ attr, from: [...from], line: line(n) });
    },
  });
  return out;
}

/** `def owned_by(uid): return Task.user_id == uid`: the comparisons of a column with a parameter that the last statement returns. */
function predicateFacts(fn: Node, params: PyParam[], source: string): PyPredicate[] {
  const body = field(fn, 'body');
  if (!body) return [];
  const eq = source.indexOf('==', body.startIndex);
  if (eq < 0 || eq >= body.endIndex) return [];
  const last = body.lastNamedChild;
  if (last?.type !== 'return_statement') return [];
  const value = last.firstNamedChild;
  if (!value) return [];
  const names = new Set(params.map((p) => p.name));
  const out: PyPredicate[] = [];
  const visit = (e: Node): void => {
    const { node: u, type } = unwrapTyped(e);
    if (type === 'comparison_operator') {
      const [a, b] = named(u);
      if (!a || !b || comparisonOperators(u).join() !== '==') return;
      for (const [c, v] of [
        [a, b],
        [b, a],
      ] as const) {
        let colNode = unwrap(c);
        if (colNode.type === 'call' && calleeText(colNode) === 'col') colNode = unwrap(callArgs(colNode).positional[0] ?? colNode);
        const val = unwrap(v);
        if (colNode.type !== 'attribute' || val.type !== 'identifier' || !names.has(val.text)) continue;
        const model = dotted(field(colNode, 'object'));
        const column = field(colNode, 'attribute')?.text;
        if (model && column) out.push({ model, column, param: val.text });
      }
      return;
    }
    if (type === 'call' && /(^|\.)and_$/.test(calleeText(u) ?? '')) for (const x of callArgs(u).positional) visit(x);
    else if (type === 'binary_operator' && u.children.some((c) => c?.type === '&')) for (const x of [field(u, 'left'), field(u, 'right')]) if (x) visit(x);
  };
  visit(value);
  return out;
}

function importFacts(node: Node, out: PyImport[]): void {
  if (node.type === 'import_statement') {
    for (const n of named(node)) {
      if (n.type === 'dotted_name') {
        // `import app.auth` binds `app`; record the full module under its first segment too
        out.push({ local: n.text.split('.')[0] ?? n.text, module: n.text, level: 0 });
      } else if (n.type === 'aliased_import') {
        const mod = field(n, 'name')?.text;
        const alias = field(n, 'alias')?.text;
        if (mod && alias) out.push({ local: alias, module: mod, level: 0 });
      }
    }
  } else if (node.type === 'import_from_statement') {
    const modNode = field(node, 'module_name');
    if (!modNode) return;
    let level = 0;
    let module = modNode.text;
    if (modNode.type === 'relative_import') {
      const prefix = named(modNode).find((c) => c.type === 'import_prefix');
      level = prefix ? prefix.text.length : 0;
      module = named(modNode).find((c) => c.type === 'dotted_name')?.text ?? '';
    }
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'dotted_name') out.push({ local: n.text, module, level, name: n.text });
      else if (n.type === 'aliased_import') {
        const nm = field(n, 'name')?.text;
        const alias = field(n, 'alias')?.text;
        if (nm && alias) out.push({ local: alias, module, level, name: nm });
      }
    }
  }
}

/** `@app.middleware("http")`: the app's name. */
function middlewareOfDecorator(dec: Node): string | null {
  const call = named(dec)[0];
  if (call?.type !== 'call') return null;
  const fn = field(call, 'function');
  if (fn?.type !== 'attribute' || field(fn, 'attribute')?.text !== 'middleware') return null;
  return dotted(field(fn, 'object'));
}

function routeOfDecorator(dec: Node, handler: string): PyRoute | null {
  const call = named(dec)[0];
  if (!call || call.type !== 'call') return null;
  const fn = field(call, 'function');
  if (fn?.type !== 'attribute') return null;
  const method = field(fn, 'attribute')?.text ?? '';
  if (!ROUTE_METHODS.has(method)) return null;
  const router = dotted(field(fn, 'object'));
  if (!router) return null;
  const { positional, keywords } = callArgs(call);
  const path = stringValue(positional[0] ?? keywords.get('path')) ?? '';
  return {
    method: method === 'api_route' ? 'any' : method,
    path,
    handler,
    router,
    deps: dependencyList(keywords.get('dependencies')),
    line: line(dec),
    column: col(dec),
  };
}

const NESTED_FACTS = /\b(def|class|import)\b/;
const MODULE_FACTS = /Annotated|APIRouter|FastAPI/;

export function extractPythonFacts(file: PyFile): PyFileFacts {
  const facts: PyFileFacts = { path: file.path, imports: [], functions: [], routes: [], routers: [], includes: [], models: [], aliases: [] };
  const root = file.tree.rootNode;
  // imports: module level (and if/try blocks) here; imports inside functions are picked up by their walk

  const visitScope = (container: Node, prefix: string, moduleLevel: boolean): void => {
    for (const stmt of named(container)) {
      let def: Node = stmt;
      const decorators: Node[] = [];
      if (stmt.type === 'decorated_definition') {
        for (const d of named(stmt)) if (d.type === 'decorator') decorators.push(d);
        const inner = field(stmt, 'definition');
        if (!inner) continue;
        def = inner;
      }
      if (def.type === 'function_definition') {
        const name = prefix + (field(def, 'name')?.text ?? '?');
        const routes = decorators.map((d) => routeOfDecorator(d, name)).filter((r): r is PyRoute => r !== null);
        facts.functions.push(functionFacts(def, name, facts.imports, file.source, routes.length > 0));
        facts.routes.push(...routes);
        for (const d of decorators) {
          const mw = middlewareOfDecorator(d);
          if (mw) (facts.middlewares ??= []).push({ app: mw, fn: name, line: line(d) });
        }
        const body = field(def, 'body');
        // inside a function only nested defs, classes and imports are facts of their own (the
        // statements are the walk's): a body whose text names none of them has nothing to visit
        if (body && NESTED_FACTS.test(file.source.slice(body.startIndex, body.endIndex))) visitScope(body, `${name}.`, false);
      } else if (def.type === 'class_definition') {
        const name = field(def, 'name')?.text ?? '?';
        const supers = field(def, 'superclasses');
        const bases: string[] = [];
        let table = false;
        if (supers) {
          for (const s of named(supers)) {
            if (s.type === 'keyword_argument') {
              if (field(s, 'name')?.text === 'table' && field(s, 'value')?.type === 'true') table = true;
            } else bases.push(s.text);
          }
        }
        const fields: string[] = [];
        let tablename: string | undefined;
        const body = field(def, 'body');
        if (body) {
          for (const st of named(body)) {
            const a = st.type === 'expression_statement' ? named(st)[0] : null;
            if (a?.type === 'assignment') {
              const left = field(a, 'left');
              if (left?.type === 'identifier') fields.push(left.text);
              if (left?.text === '__tablename__') {
                tablename = stringValue(field(a, 'right')) ?? undefined;
                // a SQLAlchemy declarative model (`class Todo(Base)` with `Mapped[...]` columns) is a table too
                table = true;
              }
            }
          }
        }
        if (prefix === '' && body) for (const st of named(body)) if (st.type === 'expression_statement') constantFact(st, `${name}.`);
        const bearerInit = body && bases.some((b) => /Bearer$/.test(b)) ? bearerInitFact(body) : undefined;
        facts.models.push({ name: prefix + name, line: line(def), column: col(def), table, bases, fields, ...(tablename ? { tablename } : {}), ...(bearerInit ? { bearerInit } : {}) });
        if (body) visitScope(body, `${prefix}${name}.`, false);
      } else if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') {
        importFacts(stmt, facts.imports);
      } else if (stmt.type === 'expression_statement') {
        moduleStatement(stmt, moduleLevel);
      } else if (/^(if|try|with|for|while)_statement$/.test(stmt.type)) {
        for (const c of named(stmt)) {
          if (c.type === 'block') visitScope(c, prefix, moduleLevel);
          else if (c.type.endsWith('_clause')) for (const b of named(c)) if (b.type === 'block') visitScope(b, prefix, moduleLevel);
        }
      }
    }
  };

  const moduleStatement = (stmt: Node, moduleLevel: boolean): void => {
    if (moduleLevel) constantFact(stmt, '');
    // only module-level `X = Annotated[...]` aliases and `X = APIRouter(...)` / `FastAPI(...)` are facts
    if (!moduleLevel || !MODULE_FACTS.test(file.source.slice(stmt.startIndex, stmt.endIndex))) return;
    if (stmt.type !== 'expression_statement') return;
    const a = named(stmt)[0];
    if (!a) return;
    if (a.type === 'assignment' && moduleLevel) {
      const left = field(a, 'left');
      const right = field(a, 'right');
      if (left?.type === 'identifier' && right) {
        const dep = annotatedDependency(right);
        if (dep) facts.aliases.push({ name: left.text, dep });
        const r = unwrap(right);
        if (r.type === 'call') {
          const name = calleeName(r);
          if (name === 'APIRouter' || name === 'FastAPI') {
            const { keywords } = callArgs(r);
            facts.routers.push({
              name: left.text,
              kind: name,
              prefix: stringValue(keywords.get('prefix')) ?? '',
              deps: dependencyList(keywords.get('dependencies')),
              line: line(a),
            });
          }
        }
      }
    }
  };

  /** `NAME = "x"`, `NAME: str = "x"`, `NAME = ["a", "b"]`, `name = Class()`: a constant fact (module level or a top-level class body). */
  const constantFact = (stmt: Node, prefix: string): void => {
    const a = named(stmt)[0];
    if (a?.type !== 'assignment') return;
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (left?.type !== 'identifier' || !right) return;
    const r = unwrap(right);
    let c: PyConst | null = null;
    const str = stringValue(r);
    // the value is kept only for an algorithm name (`ALGORITHM = "HS256"`), never for what may be a secret
    if (str !== null) c = str === '' ? null : /alg/i.test(left.text) ? { kind: 'str', line: line(r), value: str } : { kind: 'str', line: line(r) };
    else if (r.type === 'list' || r.type === 'tuple') {
      const values = named(r).map((x) => stringValue(x));
      if (values.length > 0 && values.every((v): v is string => v !== null)) c = { kind: 'strs', values, line: line(r) };
    } else if (r.type === 'dictionary' || (r.type === 'call' && calleeText(r) === 'dict')) {
      const off: string[] = [];
      for (const [k, e] of optionEntries(root, r, a) ?? []) if (k.startsWith('verify_') && unwrap(e.value).type === 'false') off.push(k);
      if (off.length > 0) c = { kind: 'flags', off, line: line(r) };
    } else if (r.type === 'call' && prefix === '') {
      const callee = calleeText(r);
      if (callee && /^[A-Z]\w*$/.test(callee.split('.').pop() ?? '')) {
        const inst: Extract<PyConst, { kind: 'instance' }> = { kind: 'instance', cls: callee };
        c = inst;
        // a class passed to the constructor (`crud_task = CRUDTask(Task)`): the model a generic class is bound to
        const classLike = (n: Node): string => {
          const d = dotted(unwrap(n));
          return d && /^[A-Z]/.test(d.split('.').pop() ?? '') ? d : '';
        };
        const { positional, keywords } = callArgs(r);
        const args = positional.map(classLike);
        if (args.some((x) => x !== '')) inst.args = args;
        for (const [k, v] of keywords) {
          const d = classLike(v);
          if (d) (inst.keywords ??= {})[k] = d;
        }
      }
    }
    const name = prefix + left.text;
    const constants = (facts.constants ??= {});
    if (c) constants[name] = c;
    else delete constants[name]; // rebound to something else: not a constant
  };

  visitScope(root, '', true);

  // add_middleware calls anywhere (module level or inside an app factory)
  for (const c of file.source.includes('add_middleware') ? root.descendantsOfType('call') : []) {
    if (!c || calleeName(c) !== 'add_middleware') continue;
    const fn = field(c, 'function');
    const app = fn?.type === 'attribute' ? dotted(field(fn, 'object')) : null;
    const { positional, keywords } = callArgs(c);
    const dispatch = dotted(keywords.get('dispatch') ?? null);
    const cls = dotted(positional[0] ?? keywords.get('middleware_class') ?? null);
    const target = dispatch ?? (cls ? `${cls}.dispatch` : null);
    if (app && target) (facts.middlewares ??= []).push({ app, fn: target, line: line(c) });
  }

  // include_router calls anywhere (module level or inside an app factory)
  for (const c of file.source.includes('include_router') ? root.descendantsOfType('call') : []) {
    if (!c || calleeName(c) !== 'include_router') continue;
    const fn = field(c, 'function');
    const parent = fn?.type === 'attribute' ? dotted(field(fn, 'object')) : null;
    const { positional, keywords } = callArgs(c);
    const child = dotted(positional[0] ?? keywords.get('router') ?? null);
    if (!parent || !child) continue;
    facts.includes.push({
      parent,
      child,
      prefix: stringValue(keywords.get('prefix')) ?? '',
      deps: dependencyList(keywords.get('dependencies')),
      line: line(c),
    });
  }
  // routes registered by call: `router.add_api_route("/tasks", list_tasks, methods=["GET"], dependencies=[...])`
  for (const c of file.source.includes('add_api_route') ? root.descendantsOfType('call') : []) {
    if (!c || calleeName(c) !== 'add_api_route') continue;
    const fn = field(c, 'function');
    const router = fn?.type === 'attribute' ? dotted(field(fn, 'object')) : null;
    const { positional, keywords } = callArgs(c);
    const handler = dotted(positional[1] ?? keywords.get('endpoint') ?? null);
    if (!router || !handler) continue;
    const path = stringValue(positional[0] ?? keywords.get('path')) ?? '';
    const methodsNode = keywords.get('methods');
    const methods = methodsNode ? named(unwrap(methodsNode)).map((m) => stringValue(m)?.toLowerCase() ?? '').filter((m) => m !== '') : ['get'];
    for (const method of methods.length > 0 ? methods : ['any']) {
      facts.routes.push({ method, path, handler, router, deps: dependencyList(keywords.get('dependencies')), line: line(c), column: col(c) });
    }
  }
  // factory-built apps: `app = FastAPI(...)` inside a function still names the app
  // (module-level ones are already known; look deeper only when an indented line builds one)
  for (const a of /\n[ \t]+[A-Za-z_]\w*\s*=\s*(fastapi\.)?(APIRouter|FastAPI)\(/.test(file.source) ? root.descendantsOfType('assignment') : []) {
    if (!a) continue;
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (left?.type !== 'identifier' || !right) continue;
    const r = unwrap(right);
    if (r.type !== 'call') continue;
    const name = calleeName(r);
    if ((name === 'APIRouter' || name === 'FastAPI') && !facts.routers.some((x) => x.name === left.text)) {
      const { keywords } = callArgs(r);
      facts.routers.push({ name: left.text, kind: name, prefix: stringValue(keywords.get('prefix')) ?? '', deps: dependencyList(keywords.get('dependencies')), line: line(a) });
    }
  }
  return facts;
}

export function buildPythonIndex(facts: PyFileFacts[]): PythonIndex {
  return { files: [...facts].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

export function emptyPythonIndex(): PythonIndex {
  return { files: [] };
}
