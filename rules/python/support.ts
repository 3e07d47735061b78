/** What the backend rules share: the project model for the file being checked and its functions. */
import type { PyFile, RuleContextBase } from '../types.js';
import { col, line, type Node } from './ast.js';
import { ID_ATTRS, OPAQUE, originsOf, valueOperands, type Env } from './flow.js';
import type { PyFileFacts } from './index.js';
import { pyProject, type FnRef, type PyProject } from './project.js';

export interface PyFunctionInFile {
  node: Node;
  ref: FnRef;
  /** Parameters holding the authenticated identity. */
  auth: ReadonlySet<string>;
}

export interface PyRuleScope {
  project: PyProject;
  facts: PyFileFacts;
  functions: PyFunctionInFile[];
}

/** The project model and this file's functions (matched to their facts by position), or null when the file is not indexed. */
const scopeCache = new WeakMap<object, { index: object; scope: PyRuleScope | null }>();

export function pyScope(file: PyFile, ctx: RuleContextBase): PyRuleScope | null {
  // every rule asks for the same file in turn: build its scope once
  const cached = scopeCache.get(file.tree);
  if (cached && cached.index === ctx.index.python) return cached.scope;
  const scope = buildScope(file, ctx);
  scopeCache.set(file.tree, { index: ctx.index.python, scope });
  return scope;
}

function buildScope(file: PyFile, ctx: RuleContextBase): PyRuleScope | null {
  const project = pyProject(ctx.index.python);
  const facts = project.files.get(file.path);
  if (!facts) return null;
  const byPos = new Map(facts.functions.map((f) => [`${f.line}:${f.column}`, f]));
  const functions: PyFunctionInFile[] = [];
  for (const node of file.tree.rootNode.descendantsOfType('function_definition')) {
    if (!node) continue;
    const fn = byPos.get(`${line(node)}:${col(node)}`);
    if (!fn) continue;
    const ref = project.fnAt(file.path, fn.name);
    if (!ref) continue;
    functions.push({ node, ref, auth: project.authParams.get(ref.id) ?? new Set() });
  }
  return { project, facts, functions };
}

/** The function's parameters that hold the user's identity at `atLine` (when given: those checked against it only from a later line left out). */
function authAt(scope: PyRuleScope, fn: PyFunctionInFile, atLine?: number): ReadonlySet<string> {
  if (atLine === undefined) return fn.auth;
  const checked = scope.project.checkedFrom.get(fn.ref.id);
  return checked ? new Set([...fn.auth].filter((p) => (checked.get(p) ?? 0) < atLine)) : fn.auth;
}

/** Does the expression carry the authenticated user's identity in this function (at `atLine`, when given)? */
export function isAuthExpr(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node, env: Env, atLine?: number): boolean {
  // `a or b`, `x if c else y`: the value may be any operand, so every one must be the user's
  // (a falsy literal fallback, `claims.get("sub") or ""`, names no user and is left out)
  const operands = valueOperands(expr);
  if (operands) return operands.length > 0 && operands.every((o) => isAuthExpr(scope, fn, o, env, atLine));
  const auth = authAt(scope, fn, atLine);
  // a variable assigned from `a or b` has the origins of both: every one must be the user's
  const origins = originsOf(expr, env);
  if (origins.size > 0 && [...origins].every((o) => scope.project.isAuthOrigin(fn.ref, o, auth))) return true;
  // `request.state.user_id` (or `.user.id`) that a dependency or middleware set from the verified identity
  if (isAuthState(scope, expr)) return true;
  // `self.owner_id` in a method: the __init__ parameter it was set from
  const attr = selfAttrOrigin(scope, fn, expr);
  if (attr) return scope.project.authParams.get(attr.init.ref.id)?.has(attr.param) ?? false;
  return false;
}

/**
 * Does the expression carry a value from somewhere other than the authenticated user (a parameter
 * or a call that is not the user's), beside or instead of the user's id? `x_user_id or user.id` does;
 * `user.id or ""` and `user.id if user else "system"` (a constant, no request value) do not.
 */
export function hasUnauthOrigin(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node, env: Env, atLine?: number): boolean {
  const operands = valueOperands(expr);
  if (operands) return operands.some((o) => hasUnauthOrigin(scope, fn, o, env, atLine));
  const origins = originsOf(expr, env);
  if (origins.size === 0 || isAuthExpr(scope, fn, expr, env, atLine)) return false;
  if (origins.size === 1) return true;
  // a variable assigned from `a or b`: an origin of its own that is neither the user's nor opaque
  const auth = authAt(scope, fn, atLine);
  return [...origins].some((o) => o !== OPAQUE && !scope.project.isAuthOrigin(fn.ref, o, auth));
}

/** `<request>.state.<attr>` or `<request>.state.<attr>.id` where `<attr>` is set from the authenticated identity somewhere in the project. */
function isAuthState(scope: PyRuleScope, expr: Node): boolean {
  let e = unwrapParens(expr);
  if (e.type !== 'attribute') return false;
  let obj = e.childForFieldName('object');
  if (obj && ID_ATTRS.has(e.childForFieldName('attribute')?.text ?? '') && obj.type === 'attribute' && obj.childForFieldName('object')?.childForFieldName('attribute')?.text === 'state') {
    e = obj;
    obj = e.childForFieldName('object');
  }
  if (obj?.type !== 'attribute' || obj.childForFieldName('attribute')?.text !== 'state') return false;
  const attrs = scope.project.authStateAttrs;
  return attrs.size > 0 && attrs.has(e.childForFieldName('attribute')?.text ?? '');
}

/**
 * `self.<attr>` in a method of a class whose `__init__` (in the same file) sets `self.<attr> = <param>`:
 * that `__init__` and parameter. Calls of the class resolve to its `__init__`, so the parameter is
 * authenticated when every construction passes the user's id (or it is `Depends(...)` on the auth dependency).
 */
export function selfAttrOrigin(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node): { init: PyFunctionInFile; param: string } | null {
  let e = unwrapParens(expr);
  if (e.type !== 'attribute') return null;
  let obj = e.childForFieldName('object');
  // `self.user.id`: the identity of `self.user`
  if (obj?.type === 'attribute' && ID_ATTRS.has(e.childForFieldName('attribute')?.text ?? '')) {
    e = obj;
    obj = e.childForFieldName('object');
  }
  const attr = e.childForFieldName('attribute')?.text;
  const self = fn.ref.fn.params[0]?.name;
  if (!attr || obj?.type !== 'identifier' || obj.text !== 'self' || self !== 'self') return null;
  const dot = fn.ref.fn.name.lastIndexOf('.');
  if (dot < 0) return null;
  const init = scope.functions.find((f) => f.ref.fn.name === `${fn.ref.fn.name.slice(0, dot)}.__init__`);
  if (!init) return null;
  const param = initAssignments(init).get(attr);
  return param === undefined ? null : { init, param };
}

const initMemo = new WeakMap<object, Map<string, string>>();

/** `self.<attr> = <param>` in an __init__: attribute → parameter (the last assignment wins; anything else set it to no parameter). */
function initAssignments(init: PyFunctionInFile): Map<string, string> {
  let m = initMemo.get(init.ref);
  if (m) return m;
  m = new Map();
  const params = new Set(init.ref.fn.params.map((p) => p.name));
  for (const a of init.node.descendantsOfType('assignment')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (left?.type !== 'attribute' || left.childForFieldName('object')?.text !== 'self') continue;
    const name = left.childForFieldName('attribute')?.text;
    if (!name) continue;
    if (right?.type === 'identifier' && params.has(right.text)) m.set(name, right.text);
    else m.delete(name);
  }
  initMemo.set(init.ref, m);
  return m;
}

function unwrapParens(n: Node): Node {
  let cur = n;
  while (cur.type === 'parenthesized_expression' && cur.namedChildren[0]) cur = cur.namedChildren[0];
  return cur;
}

/** A parameter scoping a query in a function nobody in the project calls (and no route or dependency): cannot be judged. */
export function isUncalledHelperParam(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node, env: Env): boolean {
  const { project } = scope;
  // `self.<attr>` set from an __init__ parameter: judged by the class's constructions
  const attr = selfAttrOrigin(scope, fn, expr);
  if (attr) return !project.callSites.has(attr.init.ref.id) && !project.depTargets.has(attr.init.ref.id);
  if (project.callSites.has(fn.ref.id) || project.depTargets.has(fn.ref.id)) return false;
  if (fn.ref.file.routes.some((r) => r.handler === fn.ref.fn.name)) return false;
  const params = new Set(fn.ref.fn.params.map((p) => p.name));
  return [...originsOf(expr, env)].some((o) => params.has(o));
}

export { isTestOrMigration } from './project.js';

export function snapshot(env: Env): Env {
  return new Map(env);
}
