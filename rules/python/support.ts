/** What the backend rules share: the project model for the file being checked and its functions. */
import type { PyFile, RuleContextBase } from '../types.js';
import { col, line, type Node } from './ast.js';
import { originsOf, type Env } from './flow.js';
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

/** Does the expression carry the authenticated user's identity in this function (at `atLine`, when given)? */
export function isAuthExpr(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node, env: Env, atLine?: number): boolean {
  let auth = fn.auth;
  if (atLine !== undefined) {
    const checked = scope.project.checkedFrom.get(fn.ref.id);
    if (checked) auth = new Set([...auth].filter((p) => (checked.get(p) ?? 0) < atLine));
  }
  for (const o of originsOf(expr, env)) if (scope.project.isAuthOrigin(fn.ref, o, auth)) return true;
  return false;
}

/** A parameter scoping a query in a function nobody in the project calls (and no route or dependency): cannot be judged. */
export function isUncalledHelperParam(scope: PyRuleScope, fn: PyFunctionInFile, expr: Node, env: Env): boolean {
  const { project } = scope;
  if (project.callSites.has(fn.ref.id) || project.depTargets.has(fn.ref.id)) return false;
  if (fn.ref.file.routes.some((r) => r.handler === fn.ref.fn.name)) return false;
  const params = new Set(fn.ref.fn.params.map((p) => p.name));
  return [...originsOf(expr, env)].some((o) => params.has(o));
}

export { isTestOrMigration } from './project.js';

export function snapshot(env: Env): Env {
  return new Map(env);
}
