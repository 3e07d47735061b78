/**
 * `user-scoped-query`: every query on an owned model is constrained by `Model.<owner> == <the
 * authenticated user id>` (or, for a single-row fetch, followed by an ownership check that raises).
 */
import { callArgs, calleeName, calleeText, comparisonOperators, containsRefusal, descendants, isRefusingReturn, dotted, field, moduleConstant, named, span, stringValue, unwrap, unwrapTyped, type Node } from './python/ast.js';
import { comparisonsIn, walkFunction, type Env } from './python/flow.js';
import { isAuthExpr, isTestOrMigration, isUncalledHelperParam, type PyFunctionInFile, type PyRuleScope, pyScope, snapshot } from './python/support.js';
import type { PyCall, PyImport } from './python/index.js';
import { argFor, type FnRef, type PyProject } from './python/project.js';
import { sqlTableUses, type SqlParam } from './python/sql.js';
import type { Rule } from './types.js';

const STATEMENT = /^((sqlmodel|sqlalchemy|sa)\.)?(select|delete|update)$/;
const NARROWING = new Set(['where', 'filter', 'filter_by']);
/** Joins chained on a statement: an owned model they link may scope it (`.join(Project).where(Project.owner_id == uid)`). */
const JOIN = new Set(['join', 'outerjoin']);

interface QueryRoot {
  node: Node;
  model: string;
  kind: 'statement' | 'query' | 'get';
  env: Env;
}

interface Narrowing {
  call: Node;
  env: Env;
}

/** `text(...)`, `sa.text(...)`, `sqlalchemy.text(...)`. */
const TEXT_CALL = /^((sqlmodel|sqlalchemy|sa|sqlalchemy\.sql)\.)?text$/;
/** Calls that take or bind a raw SQL statement. */
const RAW_SQL_CALL = /^((sqlmodel|sqlalchemy|sa|sqlalchemy\.sql)\.)?text$|\.(bindparams|execute|exec|exec_driver_sql|scalars|scalar|fetch|fetchrow|fetchval|fetch_one|fetch_all|fetch_val)$/;
const RAW_SQL_WORD = /\btext\s*\(/;
const EXECUTES = new Set(['execute', 'exec', 'exec_driver_sql', 'scalars', 'scalar']);
/**
 * Calls that run a SQL string given as is: SQLAlchemy's `execute` / `exec_driver_sql`, a DB-API
 * cursor's `execute`, asyncpg's `fetch` / `fetchrow` / `fetchval` / `execute`, and the `databases`
 * package's `fetch_one` / `fetch_all` / `fetch_val` / `execute`.
 */
const STRING_EXECUTES = new Set([...EXECUTES, 'fetch', 'fetchrow', 'fetchval', 'fetch_one', 'fetch_all', 'fetch_val']);
const ASYNCPG_FETCHES = new Set(['fetch', 'fetchrow', 'fetchval']);
const STRING_EXECUTE_WORD = /\.(?:execute|exec|exec_driver_sql|scalars?|fetch|fetchrow|fetchval|fetch_one|fetch_all|fetch_val)\s*\(/;
/** A string literal that starts like a scopable SQL statement: a file without one runs no SQL string. */
const SQL_STRING = /["']\s*(?:select|with|update|delete)\s/i;
const SQL_MODULES = /^(sqlalchemy|sqlmodel)(\.|$)/;

/** The names this file calls `text` by besides `text` and `sa.text`: `from sqlalchemy import text as t`, `import sqlalchemy as sql` (`sql.text`). */
function textAliases(imports: readonly PyImport[]): Set<string> {
  const out = new Set<string>();
  for (const i of imports) {
    if (i.level !== 0 || !SQL_MODULES.test(i.module)) continue;
    if (i.name === 'text') out.add(i.local);
    else if (i.name === undefined) out.add(`${i.local}.text`);
  }
  return out;
}

/** Could a function whose source is this contain a query root (a call named like one)? A necessary condition only. */
const ROOT_WORD = /\b(select|delete|update|select_from|query|get)\b/;

/** The callee of a call read once: its `function` node, type, and last name (`where` for `x.where`). */
interface Callee {
  fn: Node | null;
  type: string;
  /** `calleeName`: the identifier, or the attribute's name. */
  name: string | null;
  /** The attribute node's `attribute` child (attribute callees only). */
  attr: Node | null;
}

function readCallee(call: Node): Callee {
  const fn = field(call, 'function');
  if (!fn) return { fn, type: '', name: null, attr: null };
  const type = fn.type;
  if (type === 'identifier') return { fn, type, name: fn.text, attr: null };
  if (type === 'attribute') {
    const attr = field(fn, 'attribute');
    return { fn, type, name: attr?.text ?? null, attr };
  }
  return { fn, type, name: null, attr: null };
}

const STATEMENT_NAMES = new Set(['select', 'delete', 'update']);

/** The owned model a query root is about, if any: `select(Task)`, `select(Task.title)`, `session.query(Task)`, `session.get(Task, id)`. */
function queryRoot(
  call: Node,
  owned: ReadonlyMap<string, string>,
  c: Callee = readCallee(call),
  generic?: (n: Node) => string | null,
): { model: string; kind: QueryRoot['kind'] } | null {
  const name = c.name;
  // only these names can make a root (a STATEMENT callee ends in select / delete / update)
  const statementName = name !== null && STATEMENT_NAMES.has(name);
  if (!statementName && !(c.type === 'attribute' && (name === 'select_from' || name === 'query' || name === 'get'))) return null;
  const callee = statementName ? dotted(c.fn) : null;
  const positional = callArgs(call).positional;
  const first = positional[0];
  if (!first) return null;
  // `self.model` in a method of a generic class bound to an owned model (`select(self.model)`)
  const modelOf = (n: Node): string | null => ownedModelOf(n, owned) ?? generic?.(n) ?? null;
  if (callee && STATEMENT.test(callee)) {
    for (const a of positional) {
      const m = modelOf(a);
      if (m) return { model: m, kind: 'statement' };
    }
    return null;
  }
  if (c.type !== 'attribute') return null;
  if (name === 'select_from') {
    // `select(func.count()).select_from(Task)`
    const m = modelOf(first);
    return m ? { model: m, kind: 'statement' } : null;
  }
  if (name === 'query') {
    const m = modelOf(first);
    return m ? { model: m, kind: 'query' } : null;
  }
  if (name === 'get' && (unwrap(first).type === 'identifier' || generic?.(first))) {
    const m = modelOf(first);
    return m ? { model: m, kind: 'get' } : null;
  }
  return null;
}

/** The owned model an expression names: `Task`, `models.Task`, `Task.title`. */
function ownedModelOf(n: Node, owned: ReadonlyMap<string, string>): string | null {
  const { node: u, type } = unwrapTyped(n);
  const text = type === 'attribute' ? dotted(field(u, 'object')) : dotted(u);
  if (!text) return null;
  if (owned.has(text)) return text;
  // `models.Task` (module-qualified model) or `Task.title` inside `models.Task.title`
  const last = text.split('.').pop()!;
  if (owned.has(last) && /^[A-Z]/.test(last)) return last;
  const whole = dotted(u)?.split('.').pop();
  return type === 'attribute' && whole && owned.has(whole) ? whole : null;
}

/** Method calls chained on a root: `select(T).join(P).where(a).where(b).order_by(c)` → the join and where calls. */
function chainNarrowings(root: Node): { narrowings: Node[]; top: Node } {
  const narrowings: Node[] = [];
  let top = root;
  for (;;) {
    const attr = top.parent;
    // `top` is a call: under an attribute it can only be the object (the attribute's name is an identifier)
    if (attr?.type !== 'attribute') break;
    const call = attr.parent;
    if (call?.type !== 'call') break;
    const method = field(attr, 'attribute')?.text ?? '';
    if (NARROWING.has(method) || JOIN.has(method)) narrowings.push(call);
    top = call;
  }
  return { narrowings, top };
}

const CLIMB = new Set(['call', 'attribute', 'await', 'parenthesized_expression', 'argument_list']);

/** The variable a query (or its result) is assigned to: `stmt = select(...)`, `task = session.get(...)`, `t = (await s.exec(q)).first()`. */
function assignedVar(node: Node): string | null {
  let n: Node = node;
  let p = n.parent;
  let pType = p?.type;
  while (p && pType !== undefined && CLIMB.has(pType)) {
    n = p;
    p = n.parent;
    pType = p?.type;
  }
  if (p && pType === 'assignment' && field(p, 'right')?.id === n.id) {
    const left = field(p, 'left');
    return left?.type === 'identifier' ? left.text : null;
  }
  return null;
}

function ownerColumn(n: Node, model: string, owner: string): boolean {
  let { node: u, type } = unwrapTyped(n);
  if (type === 'call' && calleeText(u) === 'col') {
    const inner = callArgs(u).positional[0];
    if (inner) {
      u = inner;
      type = inner.type;
    }
  }
  const obj = type === 'attribute' ? dotted(field(u, 'object')) : null;
  return !!obj && (obj === model || obj.endsWith(`.${model}`)) && field(u, 'attribute')?.text === owner;
}

interface Verdict {
  scoped: boolean;
  /** An owner comparison with a value that is not the authenticated user: the column (`Task.user_id`) and the rest (`== owner`). */
  wrongValue?: string;
  column?: string;
  /** The value compared with the owner column, when it is not the user. */
  value?: Node;
}

/**
 * The owned models other than `model` that the statement's joins link to it: `.join(Project)` (the
 * foreign key links them) or `.join(Project, Task.project_id == Project.id)` (an onclause naming a
 * model already linked and the joined one), transitively through several joins.
 */
function joinedOwned(narrowings: Narrowing[], model: string, owned: ReadonlyMap<string, string>, bound?: string): Map<string, string> {
  const linked = new Set(bound ? [model, bound] : [model]);
  const out = new Map<string, string>();
  const joins = narrowings.filter((n) => JOIN.has(calleeName(n.call) ?? ''));
  for (let changed = true; changed; ) {
    changed = false;
    for (const { call } of joins) {
      const [target, on] = callArgs(call).positional;
      const m = target ? ownedModelOf(target, owned) : null;
      if (!m || linked.has(m)) continue;
      if (on) {
        const mentioned = new Set<string>();
        for (const a of [unwrap(on), ...descendants(on, 'attribute')]) {
          if (a.type !== 'attribute') continue;
          const obj = dotted(field(a, 'object'));
          if (obj) mentioned.add(obj.split('.').pop()!);
        }
        if (!mentioned.has(m) || ![...mentioned].some((x) => x !== m && linked.has(x))) continue;
      }
      linked.add(m);
      out.set(m, owned.get(m)!);
      changed = true;
    }
  }
  return out;
}

/**
 * The entity a join makes the target of later `filter_by` calls: the joined class (`.join(Project)`,
 * `.join(models.Project, onclause)`). A relationship attribute (`.join(Task.project)`) or an alias
 * names a class this reading does not know: the entity is left as it was.
 */
function joinEntity(call: Node, current: string): string {
  const target = callArgs(call).positional[0];
  const text = target ? dotted(unwrap(target)) : null;
  const last = text?.split('.').pop();
  return last && /^[A-Z]/.test(last) ? last : current;
}

function judgeConditions(
  scope: PyRuleScope,
  fn: PyFunctionInFile,
  narrowings: Narrowing[],
  model: string,
  owner: string,
  source: string,
  owned: ReadonlyMap<string, string>,
  /** The model `self.model` stands for in a generic method: `Task.user_id` scopes it as `self.model.user_id` does. */
  bound?: string,
): Verdict {
  let wrongValue: string | undefined;
  let column: string | undefined;
  let value: Node | undefined;
  let atLine = 0;
  // the model's own owner column, then the owner columns of the owned models its joins link
  const columns: [string, string][] = [[model, owner], ...(bound ? [[bound, owner] as [string, string]] : []), ...joinedOwned(narrowings, model, owned, bound)];
  const wrong = (m: string, o: string, rest: string, v: Node): void => {
    if (wrongValue !== undefined) return;
    wrongValue = rest;
    column = `${m}.${o}`;
    value = v;
  };
  const check = (expr: Node, env: Env): boolean => {
    const { node: u, type } = unwrapTyped(expr);
    if (type === 'comparison_operator') {
      const [a, b] = named(u);
      const ops = comparisonOperators(u);
      if (!a || !b || ops.length !== 1) return false;
      for (const [col, val] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const [m, o] of columns) {
          if (!ownerColumn(col, m, o)) continue;
          if (ops[0] === '==' && (isAuthExpr(scope, fn, val, env, atLine) || isUncalledHelperParam(scope, fn, val, env))) return true;
          wrong(m, o, `${ops[0]} ${val.text}`, val);
        }
      }
      return false;
    }
    if (type === 'call') {
      const callee = calleeText(u) ?? '';
      if (/(^|\.)and_$/.test(callee)) return callArgs(u).positional.some((x) => check(x, env));
      // `Task.user_id.in_([user.id])`: a one-element list is an equality
      const fnNode = field(u, 'function');
      if (fnNode?.type === 'attribute' && field(fnNode, 'attribute')?.text === 'in_') {
        const col = field(fnNode, 'object');
        const hit = col ? columns.find(([m, o]) => ownerColumn(col, m, o)) : undefined;
        if (!hit) return false;
        const list = unwrap(callArgs(u).positional[0] ?? u);
        const items = list.type === 'list' || list.type === 'tuple' || list.type === 'set' ? named(list) : [];
        if (items.length === 1 && (isAuthExpr(scope, fn, items[0]!, env, atLine) || isUncalledHelperParam(scope, fn, items[0]!, env))) return true;
        wrong(hit[0], hit[1], `in ${list.text}`, list);
        return false;
      }
      // `.where(owned_by(user.id))`: a project helper that returns `Task.user_id == <its parameter>`
      const target = callee ? scope.project.resolveFunction(fn.ref.file.path, callee) : undefined;
      for (const p of target?.fn.predicates ?? []) {
        const hit = columns.find(([m, o]) => p.column === o && (p.model === m || p.model.endsWith(`.${m}`)));
        if (!hit) continue;
        const params = target!.fn.params.map((x) => x.name).filter((x, i) => !(i === 0 && (x === 'self' || x === 'cls')));
        const { positional, keywords } = callArgs(u);
        const arg = keywords.get(p.param) ?? positional[params.indexOf(p.param)];
        if (arg && (isAuthExpr(scope, fn, arg, env, atLine) || isUncalledHelperParam(scope, fn, arg, env))) return true;
        if (arg) wrong(hit[0], hit[1], `== ${arg.text}`, arg);
      }
      return false;
    }
    if (type === 'binary_operator' && u.children.some((c) => c?.type === '&')) {
      return [field(u, 'left'), field(u, 'right')].some((x) => x !== null && check(x, env));
    }
    return false;
  };
  // `filter_by` names columns of the last joined entity (the root model before any join): after
  // `.join(Project)` its keywords are Project's, which scope the query only as a linked owned model does
  let entity = model;
  for (const { call, env } of narrowings) {
    const name = calleeName(call);
    if (name !== null && JOIN.has(name)) {
      entity = joinEntity(call, entity);
      continue;
    }
    // an owner column (or the `filter_by` keyword) must be named in the call's text
    // (or call a helper, which may return the comparison: `.where(owned_by(user.id))`)
    const text = source.slice(call.startIndex, call.endIndex);
    if (!columns.some(([, o]) => text.includes(o)) && !text.includes('(', text.indexOf('(') + 1)) continue;
    atLine = call.startPosition.row + 1;
    const { positional, keywords } = callArgs(call);
    if (name === 'filter_by') {
      // the entity's owner column, when it is the root model or an owned model the joins link to it
      const hit = columns.find(([m]) => m === entity);
      const v = hit ? keywords.get(hit[1]) : undefined;
      if (hit && v) {
        if (isAuthExpr(scope, fn, v, env, atLine) || isUncalledHelperParam(scope, fn, v, env)) return { scoped: true };
        if (wrongValue === undefined) {
          wrongValue = `= ${v.text}`;
          column = `${hit[0]}.${hit[1]}`;
          value = v;
        }
      }
      continue;
    }
    if (positional.some((p) => check(p, env))) return { scoped: true };
  }
  return wrongValue === undefined ? { scoped: false } : { scoped: false, wrongValue, column, value };
}

/** The identifiers a statement compares its model's id with (`Task.id == task_id`, `filter_by(id=task_id)`). */
function idValues(model: string, nodes: Node[]): Set<string> {
  const out = new Set<string>();
  const m0 = model.replace(/\./g, '\\.');
  const re = new RegExp(`\\b${m0}\\.id\\s*==\\s*(\\w+)|\\b(\\w+)\\s*==\\s*${m0}\\.id\\b|[(,]\\s*id\\s*=\\s*(\\w+)`, 'g');
  for (const n of nodes) for (const m of n.text.matchAll(re)) out.add((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/**
 * Does the `session.get(Model, id)` come after a statement scoped to the user on the same model and id,
 * with a refusal between them (the statement found no row of the user's: raise)? The row it fetches is the user's.
 */
function refusedAfterScoped(root: QueryRoot, scoped: { model: string; line: number; ids: Set<string> }[], refusals: Refusal[]): boolean {
  const id = callArgs(root.node).positional[1];
  if (!id || unwrap(id).type !== 'identifier') return false;
  const at = root.node.startPosition.row + 1;
  return scoped.some((s) => s.model === root.model && s.line < at && s.ids.has(unwrap(id).text) && refusals.some((r) => r.line > s.line && r.line < at));
}

interface Refusal {
  line: number;
  comparisons: ReturnType<typeof comparisonsIn>;
  env: Env;
}

export const rule: Rule = {
  meta: {
    id: 'user-scoped-query',
    type: 'problem',
    defaultSeverity: 'error',
    description: "Every query on a user-owned model must be filtered by the authenticated user's id.",
    languages: ['python'],
    docs: {
      checks:
        "Finds every query on an owned model (the spec's resources, plus every SQLModel `table=True` class, or SQLAlchemy declarative class with `__tablename__`, with the owner field, `user_id` by default, and without a spec file `owner_id` too, which then also keys a `Task` model that has no `user_id`): `select`, `update` and `delete` statements, `session.query(Model)`, and `session.get(Model, id)`, sync or async. Each must be constrained by `Model.<owner> == <authenticated user id>` in a `.where(...)` (several arguments, chained calls, `and_()` or `&` all count, as do `Model.<owner>.in_([<user id>])` with the user's id alone and a project helper that returns the comparison with its parameter, `.where(owned_by(user.id))`, in any module), `.filter(...)` or `.filter_by(<owner>=...)` (whose keywords name the last joined model's columns after a join, as SQLAlchemy reads them: `.join(Project).filter_by(owner_id=...)` is `Project.owner_id == ...`), or, for a single-row fetch assigned to a variable, be followed by an ownership check: `if row.<owner> != <user id>: raise ...`, a helper that raises when they differ (`ensure_owner(row, user_id)`), or `if row.<owner> == <user id>: return row` followed by a raise; `session.get(Model, id)` also needs no check after a statement on the model scoped to the user with the same id (`update(Task).where(Task.id == task_id, Task.user_id == uid)`) and a refusal between them (`if res.rowcount == 0: raise ...`). Returning a 401, 403 or 404 response (`return JSONResponse(status_code=404, ...)`) refuses as a raise does. A helper that returns the fetched row (`return db.get(Task, task_id)`, `return session.exec(select(Task).where(Task.id == i)).first()`, or a variable the next statement returns: `result = session.exec(stmt)` then `return result.first()`) is fine when every call site, in any module, checks the returned row's owner against the authenticated user and refuses on mismatch. A method of a generic CRUD class whose query is on `self.<attr>` (`select(self.model)`, `session.get(self.model, id)` in `CRUDBase`) queries the model each instance it is called on is bound to: a module-level instance (`crud_task = CRUDTask(Task)` or `CRUDBase(Task)`, used directly, imported, or as `crud.task`) binds the constructor's argument for the `__init__` parameter that sets `self.<attr>`, else the type argument of a generic base (`class CRUDTask(CRUDBase[Task])`), and methods are found through base classes. The query is judged at its line for each owned model so bound, from the calls on those instances: `self.model.<owner> == <owner_id>` (or `Task.<owner>`) scopes it when every such call passes the user's id; an unscoped one is fine for a call whose caller checks the row it returns, or that comes after the caller checked the owner of a row fetched through the same instance with the same values (`crud.task.get(db, id)`, the check, then `crud.task.remove(db, id=id)`). The finding names the first call that runs it unscoped. Instances bound to a model that is not owned, and calls on anything else (an instance built inside a function, `self.get(...)`), leave the query unjudged. `select(func.count()).select_from(Model)` counts as a query on the model. A statement that joins another owned model (`.join(Project)`, whose foreign key links them, `.outerjoin(...)`, or `.join(Project, Task.project_id == Project.id)` with an onclause naming both, also through several joins, chained or built in steps) is scoped by that model's owner column too: `select(Task).join(Project).where(Project.owner_id == <user id>)`; an onclause that does not link the models, or the joined owner column compared with another value, does not scope it. Raw SQL passed to `text(...)` (`sa.text`, `sqlalchemy.text`, or an alias: `from sqlalchemy import text as t`), or run as a string by `execute` / `exec_driver_sql` (SQLAlchemy, a DB-API cursor), asyncpg's `fetch` / `fetchrow` / `fetchval` or the `databases` package's `fetch_one` / `fetch_all` / `fetch_val` (the literal inline, a module constant, or a local variable assigned once), that reads, updates or deletes an owned model's table (its `__tablename__`, else the class name lower-cased; INSERT is not checked) must compare the table's owner column with a bound parameter in its WHERE or ON clause, with no OR in that clause, and not in the ON clause of an outer join that keeps the table's rows (a LEFT JOIN's for the tables before it, a RIGHT JOIN's for the joined one, a FULL JOIN's for both) (`WHERE id = :id AND user_id = :uid`, also `t.user_id = :uid` for an alias, `?`, `%s`, `%(uid)s`, `$1`); where the binding can be found (`.bindparams(uid=...)`, the dict, `dict(...)` or tuple given to the execute call as second argument or `params=` / `values=`, asyncpg's arguments after the SQL, also through the statement's or the dict's variable) the bound value must be the authenticated user's id. An f-string's interpolation where a value stands (`id = {task_id}`, `user_id = '{user_id}'`, `LIMIT {n}`) is read as a parameter bound to the interpolated expression (whether it is an injection is not this rule's concern); one anywhere else (a table name, a clause), `%` or `.format()` formatting, or SQL built in steps (`sql += ...`) leaves the statement unjudged. The finding is at the `text(...)` call or the execute call. A table without its own owner comparison is scoped through another owned table, as a joined model is: the statement links their columns (`JOIN project p ON p.id = t.project_id` or `WHERE t.project_id = p.id`, in a clause with no OR, or `t.project_id IN (SELECT id FROM project WHERE owner_id = :uid)`, also through several tables) and compares that table's owner column with the user's id in its WHERE clause or an inner join's ON clause (a LEFT JOIN's ON keeps the rows it does not match). A correlated `EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)` in such a clause links them too, and a CTE whose every owned table is so scoped (`WITH mine AS (SELECT id FROM project WHERE owner_id = :uid)`) stands for that table scoped where it is joined (not by an outer join) or read alone; `NOT IN`, `NOT EXISTS`, an EXISTS under an OR, a CTE that reads an owned table unscoped or a UNION does not scope it. The authenticated user id is a value that comes from the auth dependency's result (a parameter declared with `Depends(...)` or `Annotated[..., Depends(...)]`, and its `.id`, `['sub']`, `.get('sub')`; not when that dependency, though it depends on the one that verifies the token, may return a client value instead, as `untrusted-identity` reports: `return user_id or claims[\"sub\"]`; also the result of a verified `jwt.decode` in the same function, as a websocket endpoint does), a path parameter already compared with it (refusing on mismatch), or a helper parameter that every call site, in any module, fills with such a value (a method called on a parameter whose class a dependency builds, `repo: TaskRepo = Depends(get_repo)` then `repo.get_for(task_id, user.id)`, is such a call site). A value that may be any of several (`a or b`, `a and b`, `x if c else y`, also through a variable) is the user's id only when every operand that can be the value is (not the condition `c`); a falsy literal (`\"\"`, `None`, `0`) names no user and never matches an owner, so `claims.get(\"sub\") or \"\"` is the user's id, while `x_user_id or claims[\"sub\"]`, `body.user_id or user.id` or `user.id if user else \"admin\"` is not. `request.state.<attr>` (and its `.id`) counts when a dependency or a middleware sets that attribute from the verified identity (`request.state.user_id = user_id` in a dependency on the auth dependency, `request.state.claims = jwt.decode(...)` in a middleware). In a class, `self.<attr>` (and `self.<attr>.id`) set in `__init__` from a parameter stands for that parameter: calling the class (`TaskRepo(session, user_id)`) or depending on it (`repo: TaskRepo = Depends()`) runs its `__init__`. In a class-based view (`@cbv(router)` of fastapi-utils or fastapi-restful), an annotated class attribute is a parameter of every method of the class: `self.uid` (and `self.user.id`, `self.claims['sub']`) is the user's id when the attribute is declared with the auth dependency (`uid: str = Depends(get_current_user)`, `Annotated[...]`, `Security(...)`), while a plain `uid: str` is a query parameter. Scoping by the request body, by another column, with `!=`, or by the column itself (`Task.user_id == Task.user_id`) does not count.",
      why: "Without the filter, any logged-in user can read, change or delete another user's rows by guessing or enumerating ids (an insecure direct object reference, OWASP API1 broken object level authorization). A JWT proves who the caller is; only the query decides what they may see.",
      incorrect: [
        {
          lang: 'python',
          code: '@router.get("/tasks/{task_id}")\ndef read_task(task_id: int, user: CurrentUser, session: SessionDep):\n    return session.exec(select(Task).where(Task.id == task_id)).first()',
        },
        {
          lang: 'python',
          code: '@router.get("/tasks")\ndef list_tasks(body: TaskFilter, user: CurrentUser, session: SessionDep):\n    return session.exec(select(Task).where(Task.user_id == body.user_id)).all()',
        },
      ],
      correct: [
        {
          lang: 'python',
          code: '@router.get("/tasks/{task_id}")\ndef read_task(task_id: int, user: CurrentUser, session: SessionDep):\n    return session.exec(select(Task).where(Task.id == task_id, Task.user_id == user.id)).first()',
        },
        {
          lang: 'python',
          code: 'task = session.get(Task, task_id)\nif task is None or task.user_id != user_id:\n    raise HTTPException(status_code=404)',
        },
      ],
      fix: "Add `.where(Model.<owner> == <current user id>)` to the query (or `filter_by(<owner>=...)`), taking the id from the auth dependency's result; after a `session.get`, raise the spec's 403/404 when the row's owner differs.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const owned = scope.project.ownedModels(ctx.spec);
    if (owned.size === 0) return;
    const tables = scope.project.ownedTables(ctx.spec);
    const aliases = textAliases(scope.facts.imports);
    // `t(...)` for `from sqlalchemy import text as t`
    const bare = [...aliases].filter((a) => !a.includes('.'));
    const textWord = bare.length > 0 ? new RegExp(`\\b(?:text|${bare.join('|')})\\s*\\(`) : RAW_SQL_WORD;
    const isText = (callee: string): boolean => TEXT_CALL.test(callee) || aliases.has(callee);
    // a SQL string run as is (`cursor.execute("SELECT ...", (x,))`) needs one in the file, inline or as a module constant
    const sqlStrings = SQL_STRING.test(file.source);
    for (const fn of scope.functions) {
      const fnText = file.source.slice(fn.node.startIndex, fn.node.endIndex);
      // raw SQL (`text("SELECT ... FROM task ...")`) names its table, not the model
      const rawSql = textWord.test(fnText) || (sqlStrings && STRING_EXECUTE_WORD.test(fnText));
      // a method querying `self.<attr>` (`select(self.model)` in a generic CRUD class) queries the model its instances are bound to
      const generic = GENERIC_ROOT.test(fnText) ? genericModels(scope, fn, owned) : null;
      // only functions that mention an owned model can query one
      if (!rawSql && !generic && !fn.ref.fn.names.some((n) => owned.has(n))) continue;
      // and only a function whose text names a query call has a query root to judge
      if (!rawSql && !ROOT_WORD.test(fnText)) continue;
      const interesting = new Map<string, string>();
      for (const c of fn.ref.fn.calls) {
        if (STATEMENT.test(c.callee) || (rawSql && (RAW_SQL_CALL.test(c.callee) || isText(c.callee))) || /\.(query|get|where|filter|filter_by|select_from|join|outerjoin)$/.test(c.callee) || scope.project.resolveFunction(fn.ref.file.path, c.callee))
          interesting.set(`${c.line}:${c.column}`, c.callee);
      }
      const roots: QueryRoot[] = [];
      const byVar = new Map<string, Narrowing[]>();
      const refusals: Refusal[] = [];
      const calls: { node: Node; env: Env }[] = [];
      const texts: { node: Node; env: Env }[] = [];
      const sqlCalls = new Map<number, Env>();
      const stringExecutes: { node: Node; env: Env }[] = [];
      const finalEnv = walkFunction(fn.node, {
        call(node, env) {
          // the facts already know every call's callee: skip the uninteresting ones cheaply
          const pos = node.startPosition;
          const fact = interesting.get(`${pos.row + 1}:${pos.column + 1}`);
          if (!fact) return;
          if (scope.project.resolveFunction(fn.ref.file.path, fact)) calls.push({ node, env: snapshot(env) });
          if (rawSql && (RAW_SQL_CALL.test(fact) || isText(fact))) {
            sqlCalls.set(node.id, snapshot(env));
            if (isText(fact)) texts.push({ node, env: snapshot(env) });
            else if (STRING_EXECUTES.has(calleeName(node) ?? '')) stringExecutes.push({ node, env: snapshot(env) });
          }
          const c = readCallee(node);
          const root = queryRoot(node, owned, c, generic?.root);
          if (root) roots.push({ node, ...root, env: snapshot(env) });
          const f = c.fn;
          if (f && c.type === 'attribute' && (NARROWING.has(c.name ?? '') || JOIN.has(c.name ?? ''))) {
            const obj = unwrap(field(f, 'object') ?? f);
            if (obj.type === 'identifier') {
              const list = byVar.get(obj.text) ?? [];
              list.push({ call: node, env: snapshot(env) });
              byVar.set(obj.text, list);
            }
          }
        },
        refusal(node, comparisons, env) {
          refusals.push({ line: node.startPosition.row + 1, comparisons, env: snapshot(env) });
        },
      });
      // statements scoped to the user that also narrow by id (`update(Task).where(Task.id == task_id, Task.user_id == uid)`)
      const scopedById: { model: string; line: number; ids: Set<string> }[] = [];
      for (const root of roots) {
        const { narrowings, top } = chainNarrowings(root.node);
        const all: Narrowing[] = narrowings.map((call) => ({ call, env: root.env }));
        // the chain from the root up to `top` is calls and attributes: the climb can start at the top
        const v = assignedVar(top);
        if (v && root.kind !== 'get') for (const n of byVar.get(v) ?? []) all.push(...chainOf(n));
        const owner = owned.get(root.model);
        // a generic root is judged once per owned model its instances bind it to, with the call sites that bind it
        const targets: { model: string; owner: string; fn: PyFunctionInFile; binding?: Binding }[] =
          owner !== undefined ? [{ model: root.model, owner, fn }] : (generic?.bindings(root.model) ?? []).map((b) => ({ model: b.model, owner: b.owner, fn: b.view, binding: b }));
        for (const t of targets) {
          const verdict: Verdict = root.kind === 'get' ? { scoped: false } : judgeConditions(scope, t.fn, all, root.model, t.owner, file.source, owned, t.binding?.model);
          if (verdict.scoped) {
            if (!t.binding) scopedById.push({ model: root.model, line: root.node.startPosition.row + 1, ids: idValues(root.model, [top, ...all.map((n) => n.call)]) });
            continue;
          }
          // `session.get(Task, task_id)` after such a statement on the same id and a refusal (`if res.rowcount == 0: raise`)
          if (root.kind === 'get' && !t.binding && refusedAfterScoped(root, scopedById, refusals)) continue;
          // a single-row fetch followed by an ownership check that raises
          if (v && ownershipChecked(scope, t.fn, refusals, v, t.owner, root.node.startPosition.row + 1)) continue;
          if (v && guardedByHelper(scope, t.fn, calls, v, root.node.startIndex)) continue;
          if (v && positivelyChecked(scope, t.fn, finalEnv, v, t.owner, root.node.startIndex)) continue;
          let site: Site | undefined;
          if (t.binding) {
            // the first call site binding the model that neither checks the row it gets nor already checked the row it names
            const returned = isReturned(fn, top);
            const param = verdict.value && unwrap(verdict.value).type === 'identifier' ? unwrap(verdict.value).text : undefined;
            site = t.binding.sites.find(
              (s) => !(returned && checksReturnedRow(scope.project, s)) && !checkedBefore(scope.project, s) && !(param !== undefined && siteArgIsAuth(scope.project, fn.ref, s, param)),
            );
            if (!site) continue;
          } else if (returnedToCheckingCallers(scope, fn, top)) continue; // `return db.get(Task, task_id)` in a helper whose every caller checks the row's owner
          const where = span(root.node);
          const what = root.kind === 'get' ? `session.get(${root.model}, ...)` : `query on ${t.binding ? `${t.model} (\`${root.model}\`)` : root.model}`;
          const col = verdict.column ?? `${root.model}.${t.owner}`;
          let message =
            verdict.wrongValue
              ? /^=/.test(verdict.wrongValue)
                ? `${what[0]!.toUpperCase()}${what.slice(1)} is scoped by \`${col} ${verdict.wrongValue}\`, which is not the authenticated user's id`
                : `${what[0]!.toUpperCase()}${what.slice(1)} compares \`${col} ${verdict.wrongValue}\`: only \`==\` with the authenticated user's id scopes it`
              : root.kind === 'get'
                ? `session.get(${root.model}, ...) is not followed by an ownership check: compare \`.${t.owner}\` with the authenticated user's id and raise on mismatch`
                : `Query on ${t.binding ? `${t.model} (\`${root.model}\`)` : root.model} is not scoped to the authenticated user: add \`.where(${root.model}.${t.owner} == <current user id>)\``;
          if (site) {
            const advice = verdict.wrongValue ? '' : root.kind === 'get' ? ' (check the owner of the row it returns there)' : ' (call a method that scopes it to the user there)';
            message += `; \`${site.call.callee}(...)\` at ${site.caller.file.path}:${site.call.line} runs it on ${t.model}${advice}`;
          }
          ctx.report({ message, ...where, endLine: top.endPosition.row + 1, endColumn: top.endPosition.column + 1 });
        }
      }
      const owners = (table: string): { model: string; owner: string } | undefined => tables.get(table);
      const report = (r: { message: string; line: number; column: number; endLine?: number; endColumn?: number }): void => ctx.report(r);
      for (const t of texts) {
        const sql = sqlArgument(t.node, fn, callArgs(t.node).positional[0]);
        if (sql) checkRawSql(scope, fn, t.node, sql, bindingSites(t.node, fn, sqlCalls), t.env, owners, report);
      }
      // `cursor.execute("SELECT ... WHERE id = %s", (task_id,))`: the call runs the string and binds its parameters
      for (const e of stringExecutes) {
        const { positional, keywords } = callArgs(e.node);
        const arg = positional[0] ?? keywords.get('query') ?? keywords.get('statement');
        const sql = sqlArgument(e.node, fn, arg);
        if (sql) checkRawSql(scope, fn, e.node, sql, [{ node: e.node, kind: 'execute', env: e.env }], e.env, owners, report);
      }
    }

    function chainOf(n: Narrowing): Narrowing[] {
      const { narrowings } = chainNarrowings(n.call);
      return [n, ...narrowings.map((call) => ({ call, env: n.env }))];
    }
  },
};

/** SQL text as a `text(...)` or execute call is given it. */
interface SqlText {
  sql: string;
  /** The expressions an f-string interpolates as values: the SQL names the i-th `:__authspec_f<i>`. */
  values: Node[];
}

const INTERPOLATED = '__authspec_f';

/**
 * The SQL an argument holds: a string literal, an f-string, a module constant, or a local variable the
 * function assigns once (`sql = "SELECT ..."`); null for anything else (`"...".format(x)`, `q % x`, a
 * variable assigned twice or extended with `+=`), which leaves the statement unjudged.
 */
function sqlArgument(call: Node, fn: PyFunctionInFile, arg: Node | undefined): SqlText | null {
  if (!arg) return null;
  let u = unwrap(arg);
  if (u.type === 'identifier') {
    const local = localValue(fn, u.text, call.startIndex);
    const v = local === null ? moduleConstant(rootOf(call), u.text) : local;
    if (!v) return null;
    u = unwrap(v);
  }
  return sqlText(u);
}

/** The value of the function's only assignment to `name`, made before `at`; null when the function never binds it; undefined when it binds it otherwise. */
function localValue(fn: PyFunctionInFile, name: string, at: number): Node | null | undefined {
  const params = field(fn.node, 'parameters');
  if (params && descendants(params, 'identifier').some((i) => i.text === name)) return undefined;
  let found: Node | null | undefined = null;
  for (const a of descendants(fn.node, ['assignment', 'augmented_assignment', 'for_statement', 'named_expression', 'as_pattern'])) {
    const left = field(a, a.type === 'named_expression' ? 'name' : 'left');
    if (a.type === 'as_pattern' ? !descendants(a, 'identifier').some((i) => i.text === name) : !left || !(left.text === name || descendants(left, 'identifier').some((i) => i.text === name))) continue;
    if (found !== null || a.type !== 'assignment' || left?.type !== 'identifier' || a.startIndex >= at) return undefined;
    found = field(a, 'right') ?? undefined;
  }
  return found;
}

/**
 * A string (or implicitly concatenated strings) as SQL. An f-string's interpolation is read as a value
 * where one stands (after a comparison operator, LIKE, LIMIT or OFFSET: `WHERE id = {task_id}`; or as a
 * whole quoted literal: `user_id = '{user_id}'`), as literal text inside a longer quoted literal, and
 * anywhere else (a table name, a clause) makes the SQL unknown.
 */
function sqlText(node: Node): SqlText | null {
  const parts = node.type === 'concatenated_string' ? named(node) : [node];
  let sql = '';
  const values: Node[] = [];
  for (const part of parts) {
    if (part.type !== 'string') return null;
    const kids = named(part);
    let skipQuote = false;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i]!;
      if (c.type === 'string_content' || c.type === 'escape_sequence') {
        sql += skipQuote ? c.text.slice(1) : c.text;
        skipQuote = false;
        continue;
      }
      if (c.type !== 'interpolation') continue;
      const expr = named(c)[0];
      if (!expr || skipQuote) return null;
      const placeholder = ` :${INTERPOLATED}${values.length} `;
      if ((sql.match(/'/g) ?? []).length % 2 === 1) {
        // `'{user_id}'` is the value; `'%{q}%'` part of a literal
        const next = kids[i + 1];
        if (sql.endsWith("'") && next?.type === 'string_content' && next.text.startsWith("'")) {
          sql = sql.slice(0, -1) + placeholder;
          values.push(expr);
          skipQuote = true;
        } else sql += 'x';
        continue;
      }
      if (!/(?:[=<>]|\b(?:like|limit|offset))\s*$/i.test(sql)) return null;
      sql += placeholder;
      values.push(expr);
    }
  }
  return { sql, values };
}

/** How the SQL writes its parameters, for the fix: `:uid`, `%s`, `?` or `$n`. */
function placeholderStyle(sql: string): string {
  if (/\$\d/.test(sql)) return '$n';
  if (/%s|%\(\w+\)s/.test(sql)) return '%s';
  if (/\?/.test(sql)) return '?';
  return ':uid';
}

/**
 * A raw SQL statement (`text("SELECT * FROM task WHERE id = :id AND user_id = :uid")`, or a string an
 * execute call runs) on an owned table must compare the owner column with a bound parameter (its own, or
 * that of an owned table the statement links it to), and where the binding can be found (`.bindparams(uid=...)`,
 * the parameters of the execute call, on the call or on the variable the statement is assigned to, or the
 * expression an f-string interpolates), the bound value must be the authenticated user's id.
 */
function checkRawSql(
  scope: PyRuleScope,
  fn: PyFunctionInFile,
  at: Node,
  sql: SqlText,
  bindings: BindingSite[],
  env: Env,
  owners: (table: string) => { model: string; owner: string } | undefined,
  report: (r: { message: string; line: number; column: number; endLine?: number; endColumn?: number }) => void,
): void {
  const uses = sqlTableUses(sql.sql, (t) => owners(t)?.owner);
  if (uses.length === 0) return;
  const dollar = /\$\d/.test(sql.sql);
  // a table scoped through another reports what that one does: once
  const said = new Set<string>();
  const say = (message: string): void => {
    if (said.has(message)) return;
    said.add(message);
    report({ message, ...span(at) });
  };
  for (const use of uses) {
    if (!use.param) {
      const { model, owner } = owners(use.table)!;
      const ph = placeholderStyle(sql.sql);
      say(
        `Raw SQL on table \`${use.table}\` (${model}) does not constrain \`${owner}\`: add \`AND ${owner} = ${ph}\` to its WHERE clause (no OR beside it) and bind ${ph === ':uid' ? '`uid`' : 'it'} to the authenticated user's id`,
      );
      continue;
    }
    const table = use.via ?? use.table;
    const { model, owner } = owners(table)!;
    const p = use.param;
    if (p.kind === 'named' && p.name.startsWith(INTERPOLATED)) {
      const value = sql.values[Number(p.name.slice(INTERPOLATED.length))];
      if (!value || isAuthExpr(scope, fn, value, env, at.startPosition.row + 1) || isUncalledHelperParam(scope, fn, value, env)) continue;
      say(`Raw SQL on table \`${table}\` (${model}) compares \`${owner}\` with the interpolated \`${value.text}\`, which is not the authenticated user's id`);
      continue;
    }
    for (const b of bindings) {
      const value = boundValue(b.node, b.kind, p, fn, dollar);
      if (!value) continue;
      const line = b.node.startPosition.row + 1;
      if (isAuthExpr(scope, fn, value, b.env ?? env, line) || isUncalledHelperParam(scope, fn, value, b.env ?? env)) continue;
      const name = p.kind === 'named' ? `:${p.name}` : `parameter ${p.index + 1}`;
      say(`Raw SQL on table \`${table}\` (${model}) compares \`${owner}\` with ${name}, bound to \`${value.text}\`, which is not the authenticated user's id`);
      break;
    }
  }
}

function rootOf(n: Node): Node {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

interface BindingSite {
  node: Node;
  kind: 'bindparams' | 'execute';
  env: Env | undefined;
}

/** Where the statement's parameters are bound: chained `.bindparams(...)`, the execute call it is passed to, or those of the variable it is assigned to. */
function bindingSites(text: Node, fn: PyFunctionInFile, sqlCalls: ReadonlyMap<number, Env>): BindingSite[] {
  const out: BindingSite[] = [];
  let top = text;
  for (;;) {
    const attr = top.parent;
    if (attr?.type !== 'attribute' || attr.parent?.type !== 'call') break;
    if (field(attr, 'attribute')?.text !== 'bindparams') break;
    top = attr.parent;
    out.push({ node: top, kind: 'bindparams', env: sqlCalls.get(top.id) });
  }
  const executeOf = (n: Node): void => {
    let p = n.parent;
    while (p?.type === 'parenthesized_expression') p = p.parent;
    if (p?.type !== 'argument_list' || named(p)[0]?.id !== (n.parent?.type === 'parenthesized_expression' ? n.parent.id : n.id)) return;
    const c = p.parent;
    if (c?.type === 'call' && EXECUTES.has(calleeName(c) ?? '')) out.push({ node: c, kind: 'execute', env: sqlCalls.get(c.id) });
  };
  executeOf(top);
  const v = assignedVar(top);
  if (v) {
    for (const c of descendants(fn.node, 'call')) {
      if (c.startIndex <= top.startIndex) continue;
      const name = calleeName(c) ?? '';
      const f = field(c, 'function');
      if (name === 'bindparams' && f?.type === 'attribute' && unwrap(field(f, 'object') ?? f).text === v) out.push({ node: c, kind: 'bindparams', env: sqlCalls.get(c.id) });
      else if (EXECUTES.has(name) && unwrap(callArgs(c).positional[0] ?? c).text === v) out.push({ node: c, kind: 'execute', env: sqlCalls.get(c.id) });
    }
  }
  return out;
}

/**
 * The value a binding site gives the parameter: `bindparams(uid=x)`, `execute(stmt, {"uid": x})`,
 * `params=dict(uid=x)`, `execute(stmt, (a, x))`, a local dict variable, or, for asyncpg's `$n`
 * (`dollar`), the argument after the SQL: `conn.fetch(sql, a, x)`.
 */
function boundValue(site: Node, kind: BindingSite['kind'], param: SqlParam, fn: PyFunctionInFile, dollar = false): Node | null {
  const { positional, keywords } = callArgs(site);
  if (kind === 'bindparams') return param.kind === 'named' ? (keywords.get(param.name) ?? null) : null;
  const given = keywords.get('params') ?? keywords.get('parameters') ?? keywords.get('values') ?? positional[1];
  if (!given) return null;
  // asyncpg passes each `$n` as its own argument, `conn.fetch(sql, a, x)` (a `*args` splat cannot be followed)
  if (dollar && param.kind === 'positional' && given === positional[1] && (ASYNCPG_FETCHES.has(calleeName(site) ?? '') || positional.length > 2)) {
    return positional.some((a) => a.type === 'list_splat') ? null : (positional[param.index + 1] ?? null);
  }
  let params = unwrap(given);
  if (params.type === 'identifier') {
    // the last `name = {...}` before the call
    const name = params.text;
    let found: Node | null = null;
    for (const a of descendants(fn.node, 'assignment')) {
      if (a.startIndex >= site.startIndex) break;
      if (field(a, 'left')?.text === name) found = field(a, 'right');
    }
    if (found) params = unwrap(found);
    else if (!(dollar && param.kind === 'positional')) return null;
  }
  if (param.kind === 'named') {
    if (params.type === 'dictionary') {
      for (const pair of named(params)) {
        if (pair.type !== 'pair') continue;
        if (stringValue(field(pair, 'key')) === param.name) return field(pair, 'value');
      }
      return null;
    }
    if (params.type === 'call' && calleeText(params) === 'dict') return callArgs(params).keywords.get(param.name) ?? null;
    return null;
  }
  if (params.type === 'tuple' || params.type === 'list') return named(params)[param.index] ?? null;
  // `conn.execute(sql, x)` with asyncpg's `$1`: the one argument
  if (dollar && given === positional[1] && positional.length === 2 && given.type !== 'list_splat') return param.index === 0 ? given : null;
  return null;
}

function ownershipChecked(scope: PyRuleScope, fn: PyFunctionInFile, refusals: Refusal[], v: string, owner: string, after: number): boolean {
  return refusals.some(
    (r) =>
      r.line >= after &&
      r.comparisons.some((c) => {
        if (c.op !== '!=') return false;
        for (const [a, b] of [
          [c.left, c.right],
          [c.right, c.left],
        ] as const) {
          const u = unwrap(a);
          if (u.type === 'attribute' && dotted(field(u, 'object')) === v && field(u, 'attribute')?.text === owner && isAuthExpr(scope, fn, b, r.env)) return true;
        }
        return false;
      }),
  );
}

/**
 * `if task and task.user_id == user_id: return task` followed by a raise (or with a raising else):
 * the row only leaves the function when its owner is the user.
 */
function positivelyChecked(scope: PyRuleScope, fn: PyFunctionInFile, env: Env, v: string, owner: string, after: number): boolean {
  for (const n of descendants(fn.node, 'if_statement')) {
    if (n.startIndex <= after) continue;
    const cond = field(n, 'condition');
    if (!cond) continue;
    const owns = comparisonsIn(cond).some((c) => {
      if (c.op !== '==') return false;
      for (const [a, b] of [
        [c.left, c.right],
        [c.right, c.left],
      ] as const) {
        const u = unwrap(a);
        if (u.type === 'attribute' && dotted(field(u, 'object')) === v && field(u, 'attribute')?.text === owner && isAuthExpr(scope, fn, b, env)) return true;
      }
      return false;
    });
    if (!owns) continue;
    const alternative = field(n, 'alternative');
    const next = n.nextNamedSibling;
    if ((alternative && containsRefusal(alternative)) || next?.type === 'raise_statement' || (next && isRefusingReturn(next))) return true;
  }
  return false;
}

/**
 * The query's result is what the function returns: `return db.get(Task, task_id)`,
 * `return session.exec(select(Task).where(Task.id == i)).first()`, or through a variable or two
 * returned at once (`result = await db.execute(stmt)` then `return result.scalar_one_or_none()`).
 */
function isReturned(fn: PyFunctionInFile, top: Node): boolean {
  let n: Node = top;
  while (n.parent && n.parent.id !== fn.node.id && CLIMB.has(n.parent.type)) n = n.parent;
  if (n.parent?.type === 'return_statement') return true;
  // `n` is the right side of `v = <query>`: its statement is the assignment's parent
  const v = assignedVar(top);
  return v !== null && n.parent?.parent?.type === 'expression_statement' && returnedNext(n.parent.parent, v, 2);
}

/**
 * The statement after `stmt` returns a value read off `v` (`return v`, `return v.first()`,
 * `return session.exec(v).first()`), or assigns one to a variable the statement after it returns.
 * Only the next statement: whatever comes between (`db.delete(obj)`) is done before any caller can check.
 */
function returnedNext(stmt: Node, v: string, depth: number): boolean {
  const reads = (e: Node): boolean => {
    // down the chain: awaits, attribute objects and call functions, any call of it taking `v` first
    for (let cur: Node | null = e; cur; ) {
      cur = unwrap(cur);
      if (cur.type === 'identifier') return cur.text === v;
      if (cur.type === 'call') {
        const first = callArgs(cur).positional[0];
        if (first && unwrap(first).type === 'identifier' && unwrap(first).text === v) return true;
        cur = field(cur, 'function');
      } else if (cur.type === 'attribute') cur = field(cur, 'object');
      else return false;
    }
    return false;
  };
  let next = stmt.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (next?.type === 'return_statement') {
    const value = next.firstNamedChild;
    return !!value && reads(value);
  }
  const a = next?.type === 'expression_statement' ? next.firstNamedChild : null;
  if (depth === 0 || a?.type !== 'assignment') return false;
  const left = field(a, 'left');
  const right = field(a, 'right');
  return left?.type === 'identifier' && !!right && reads(right) && returnedNext(next!, left.text, depth - 1);
}

/** The query's result is returned, and every call site of the function, in any module, checks the row's owner. */
function returnedToCheckingCallers(scope: PyRuleScope, fn: PyFunctionInFile, top: Node): boolean {
  if (!isReturned(fn, top)) return false;
  const sites = scope.project.callSites.get(fn.ref.id) ?? [];
  return sites.length > 0 && sites.every((s) => checksReturnedRow(scope.project, s));
}

/**
 * The call site compares the row the call returns with the authenticated user and refuses on
 * mismatch (`task = crud.get_task(db, i); if task.user_id != user_id: raise ...`).
 */
function checksReturnedRow(project: PyProject, { caller, call }: Site): boolean {
  const mine = `@call:${call.callee}`;
  const auth = project.authParams.get(caller.id) ?? new Set<string>();
  const isAuth = (origins: string[]): boolean => origins.length > 0 && origins.every((o) => project.isAuthOrigin(caller, o, auth));
  return caller.fn.checks.some((c) => c.line >= call.line && ((c.a.includes(mine) && isAuth(c.b)) || (c.b.includes(mine) && isAuth(c.a))));
}

/**
 * Before the call, the caller fetched a row through the same instance with the same values and
 * refused when its owner differs (`item = crud.item.get(db, id=id)`, the check, then
 * `crud.item.remove(db, id=id)`): the row the call reaches is the user's.
 */
function checkedBefore(project: PyProject, { caller, call }: Site): boolean {
  const receiver = `@call:${call.callee.slice(0, call.callee.lastIndexOf('.') + 1)}`;
  const auth = project.authParams.get(caller.id) ?? new Set<string>();
  const isAuth = (o: string): boolean => project.isAuthOrigin(caller, o, auth);
  const values = call.args.flatMap((a) => a.from).filter((o) => !isAuth(o));
  if (values.length === 0) return false;
  return caller.fn.checks.some(
    (c) =>
      c.line < call.line &&
      [
        [c.a, c.b],
        [c.b, c.a],
      ].some(
        ([row, user]) =>
          user!.length > 0 &&
          user!.every(isAuth) &&
          row!.some((o) => {
            if (!o.startsWith(receiver)) return false;
            const fetch = o.slice('@call:'.length);
            return values.every((x) => x === o || caller.fn.calls.some((k) => k.callee === fetch && k.line <= c.line && k.args.some((a) => a.from.includes(x))));
          }),
      ),
  );
}

/** `self.<attr>` as a query's model in a method (`select(self.model)`, `session.get(self.model, id)`). */
const GENERIC_ROOT = /\b(select|select_from|delete|update|query|get)\(\s*self\.\w+\s*[,)]/;

interface Site {
  caller: FnRef;
  call: PyCall;
}

/** An owned model a generic method's `self.<attr>` is bound to, and the call sites that bind it. */
interface Binding {
  model: string;
  owner: string;
  sites: Site[];
  /** The method as seen from these call sites: a parameter they all fill with the user's id is the user's id. */
  view: PyFunctionInFile;
}

/**
 * For a method of a class (`CRUDBase.get_multi`): `self.<attr>` as a query's model names the model
 * each instance it is called on is bound to. An instance is a module-level construction
 * (`crud_task = CRUDTask(Task)`, imported or not: `crud_task.get_multi(...)`, `crud.task.get_multi(...)`);
 * its model is the constructor's argument for the `__init__` parameter that sets `self.<attr>`, else the
 * type argument of a generic base (`class CRUDTask(CRUDBase[Task])`). Call sites that cannot be followed
 * to such an instance bind nothing (the query stays unjudged, as before).
 */
function genericModels(scope: PyRuleScope, fn: PyFunctionInFile, owned: ReadonlyMap<string, string>): { root: (n: Node) => string | null; bindings: (expr: string) => Binding[] } | null {
  const { project } = scope;
  if (fn.ref.fn.params[0]?.name !== 'self' || !fn.ref.fn.name.includes('.')) return null;
  const sites = project.callSites.get(fn.ref.id);
  if (!sites) return null;
  const memo = new Map<string, Binding[]>();
  const bindings = (expr: string): Binding[] => {
    let out = memo.get(expr);
    if (out) return out;
    const attr = expr.slice('self.'.length);
    const byModel = new Map<string, Binding>();
    for (const site of sites) {
      const dot = site.call.callee.lastIndexOf('.');
      const inst = dot > 0 ? project.instanceAt(site.caller.file.path, site.call.callee.slice(0, dot)) : undefined;
      const model = inst ? boundModel(project, inst, attr) : null;
      const owner = model ? owned.get(model) : undefined;
      if (!model || owner === undefined) continue;
      let b = byModel.get(model);
      if (!b) byModel.set(model, (b = { model, owner, sites: [], view: fn }));
      b.sites.push(site);
    }
    out = [...byModel.values()];
    for (const b of out) {
      const auth = new Set(fn.auth);
      for (const p of fn.ref.fn.params) if (!auth.has(p.name) && b.sites.every((s) => siteArgIsAuth(project, fn.ref, s, p.name))) auth.add(p.name);
      b.view = { ...fn, auth };
    }
    memo.set(expr, out);
    return out;
  };
  const root = (n: Node): string | null => {
    const u = unwrap(n);
    if (u.type !== 'attribute' || field(u, 'object')?.type !== 'identifier' || field(u, 'object')?.text !== 'self') return null;
    const expr = u.text;
    return bindings(expr).length > 0 ? expr : null;
  };
  return { root, bindings };
}

/** The model a module-level instance binds `self.<attr>` to, or null when it cannot be told. */
function boundModel(project: PyProject, inst: NonNullable<ReturnType<PyProject['instanceAt']>>, attr: string): string | null {
  const start = project.classAt(inst.file.path, inst.c.cls);
  if (!start) return null;
  const chain = project.ancestry(start.file, start.cls);
  // the __init__ the construction runs: the first one up the chain
  for (const k of chain) {
    const init = project.fnAt(k.file.path, `${k.cls.name}.__init__`);
    if (!init) continue;
    const param = init.fn.selfSets?.[attr];
    if (param === '') return null; // set to something other than a parameter
    if (param !== undefined) {
      const params = init.fn.params.map((p) => p.name).filter((p, i) => !(i === 0 && p === 'self'));
      const arg = inst.c.keywords?.[param] ?? inst.c.args?.[params.indexOf(param)];
      if (arg !== undefined) return arg === '' ? null : arg.split('.').pop()!;
    }
    break;
  }
  // `class CRUDTask(CRUDBase[Task])`: the first type argument of a generic base
  for (const k of chain) {
    for (const b of k.cls.bases) {
      const m = /^[\w.]+\s*\[\s*([\w.]+)/.exec(b);
      if (m) return m[1]!.split('.').pop()!;
    }
  }
  return null;
}

/** Does the call site fill the parameter with the authenticated user's id? */
function siteArgIsAuth(project: PyProject, target: FnRef, { caller, call }: Site, name: string): boolean {
  const origins = argFor(target, call, name);
  const auth = project.authParams.get(caller.id) ?? new Set<string>();
  return !!origins && origins.length > 0 && origins.every((o) => project.isAuthOrigin(caller, o, auth));
}

/** `ensure_owner(task, user_id)` after the fetch: a helper that raises when `task.<owner>` differs from the user. */
function guardedByHelper(scope: PyRuleScope, fn: PyFunctionInFile, calls: { node: Node; env: Env }[], v: string, after: number): boolean {
  return calls.some(({ node, env }) => {
    if (node.startIndex <= after) return false;
    const callee = calleeText(node);
    const target = callee ? scope.project.resolveFunction(fn.ref.file.path, callee) : undefined;
    if (!target) return false;
    const params = target.fn.params.map((p) => p.name).filter((p, i) => !(i === 0 && (p === 'self' || p === 'cls')));
    const { positional, keywords } = callArgs(node);
    const argOf = (name: string): Node | undefined => keywords.get(name) ?? positional[params.indexOf(name)];
    return scope.project.guardPairs(target).some(([a, b]) => {
      const na = argOf(a);
      const nb = argOf(b);
      if (!na || !nb) return false;
      return (unwrap(na).text === v && isAuthExpr(scope, fn, nb, env)) || (unwrap(nb).text === v && isAuthExpr(scope, fn, na, env));
    });
  });
}

export default rule;
