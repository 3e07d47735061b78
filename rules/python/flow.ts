/**
 * A small, ordered walk over one function body that tracks where identity-like values come from.
 *
 * "Origins" of an expression are the function parameters (or `@call:<callee>` markers for values
 * returned by a call) that the expression is derived from through identity-preserving accessors:
 * `p`, `p.id`, `p.user_id`, `p.sub`, `p["sub"]`, `p.get("sub")`, `str(p)`, `UUID(p)`, and locals
 * assigned from those. `body.title` or `p.email` have no origins. Both the fact extractor (phase 1)
 * and the rules (phase 2) use this walk, so they agree on what a value is.
 *
 * `a or b`, `a and b` and `x if c else y` can be any of their value operands (not `c`): their origins
 * are the union of the operands', and a value is the user's only when every origin is (see
 * `valueOperands`, and `OPAQUE` for an operand with no origins).
 */
import { calleeAndArgs, comparisonOperators, containsRefusal, dotted, field, isRefusingReturn, kids, named, stringValue, unwrap, type Node } from './ast.js';

export const ID_ATTRS = new Set(['id', 'user_id', 'userId', 'sub', 'uid', 'pk', 'owner_id']);
export const ID_KEYS = new Set(['sub', 'id', 'user_id', 'userId', 'uid']);
const WRAPPERS = new Set(['str', 'int', 'UUID', 'uuid.UUID', 'uuid.UUID', 'col']);

export type Env = Map<string, ReadonlySet<string>>;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The origin of an operand of `a or b` / `x if c else y` that has none (`body.email`, a constant, a
 * non-empty literal) beside operands that have some: the value may be it, which is nobody's identity.
 * It is no parameter and no call, so it is never the authenticated user.
 */
export const OPAQUE = '@opaque';

/** Literals that are falsy (`None`, `""`, `0`, `False`, `[]`): a fallback to one names no user and never matches a real owner. */
function falsyLiteral(n: Node): boolean {
  switch (n.type) {
    case 'none':
    case 'false':
      return true;
    case 'string':
    case 'concatenated_string':
      return stringValue(n) === '';
    case 'integer':
    case 'float':
      return Number(n.text.replace(/_/g, '')) === 0;
    case 'list':
    case 'tuple':
    case 'dictionary':
    case 'set':
      return n.namedChildCount === 0;
    default:
      return false;
  }
}

/**
 * The operands that can be the value of `a or b`, `a and b` (both sides) or `x if c else y` (`x` and
 * `y`, not `c`), through nested ones and parentheses, falsy literals left out; null when the
 * expression is none of these.
 */
export function valueOperands(expr: Node): Node[] | null {
  const top = unwrap(expr);
  if (top.type !== 'boolean_operator' && top.type !== 'conditional_expression') return null;
  const out: Node[] = [];
  const rec = (e: Node): void => {
    const u = unwrap(e);
    if (u.type === 'boolean_operator') {
      for (const side of [field(u, 'left'), field(u, 'right')]) if (side) rec(side);
    } else if (u.type === 'conditional_expression') {
      // `x if c else y`: named children x, c, y
      const [x, , y] = named(u);
      if (x) rec(x);
      if (y) rec(y);
    } else if (!falsyLiteral(u)) out.push(u);
  };
  rec(top);
  return out;
}

export function originsOf(expr: Node | null | undefined, env: Env): ReadonlySet<string> {
  if (!expr) return EMPTY;
  // `unwrap`, reading each node's type once
  let n = expr;
  let t = n.type;
  while (t === 'await' || t === 'parenthesized_expression') {
    const inner = n.namedChildren[0];
    if (!inner) break;
    n = inner;
    t = n.type;
  }
  switch (t) {
    case 'identifier':
      return env.get(n.text) ?? EMPTY;
    case 'attribute': {
      const attr = field(n, 'attribute')?.text ?? '';
      if (env.has(CBV_ATTRS)) {
        // `self.uid` of a class-based view (see cbvAttrs)
        const obj = field(n, 'object');
        const own = obj?.type === 'identifier' ? env.get(`${obj.text}.${attr}`) : undefined;
        if (own) return own;
      }
      if (!ID_ATTRS.has(attr)) return EMPTY;
      return originsOf(field(n, 'object'), env);
    }
    case 'subscript': {
      const key = stringValue(field(n, 'subscript'));
      if (key === null || !ID_KEYS.has(key)) return EMPTY;
      return originsOf(field(n, 'value'), env);
    }
    case 'call': {
      const { callee, args } = calleeAndArgs(n);
      const { positional } = args;
      if (callee && WRAPPERS.has(callee)) return originsOf(positional[0], env);
      // a callee ending in `.get` is an attribute `….get` (its text says so when it is a plain chain)
      if (callee === null || callee.endsWith('.get')) {
        const fn = field(n, 'function');
        // a lookup (`payload.get("sub")`), unless it is handed the session (`crud_task.get(db, id)`,
        // `crud.item.get(db=db, id=id)`): a CRUD object's get returns a row, which a check can be about
        if (fn?.type === 'attribute' && field(fn, 'attribute')?.text === 'get' && !(callee !== null && takesSession(args))) {
          const key = stringValue(positional[0]);
          if (key !== null && ID_KEYS.has(key)) return originsOf(field(fn, 'object'), env);
          return EMPTY;
        }
      }
      if (callee) return new Set([`@call:${callee}`]);
      return EMPTY;
    }
    case 'boolean_operator':
    case 'conditional_expression': {
      const out = new Set<string>();
      let opaque = false;
      for (const o of valueOperands(n) ?? []) {
        const from = originsOf(o, env);
        if (from.size === 0) opaque = true;
        for (const x of from) out.add(x);
      }
      // no operand with origins: no origins, as for any other value
      if (out.size === 0) return EMPTY;
      if (opaque) out.add(OPAQUE);
      return out;
    }
    default:
      return EMPTY;
  }
}

/** The session as the first argument or as `db=` / `session=`: a CRUD object's call (`crud.item.get(db=db, id=id)`). */
const SESSION_ARG = /^(db|session|sess|db_session|async_session|database)$/;
function takesSession(args: { positional: Node[]; keywords: ReadonlyMap<string, Node> }): boolean {
  const first = args.positional[0];
  if (first) return first.type === 'identifier' && SESSION_ARG.test(first.text);
  for (const k of args.keywords.keys()) if (SESSION_ARG.test(k)) return true;
  return false;
}

export interface Comparison {
  node: Node;
  left: Node;
  right: Node;
  op: string;
}

/** Binary comparisons inside a condition (`a != b`, `not a == b` is reported as `!=`). */
/**
 * `if <cond>: ... return ...` with no else, whose next statement refuses (a raise or a 401/403/404
 * response): the block is the only way on past the check.
 */
function positiveGuard(ifStmt: Node, cons: Node): boolean {
  if (field(ifStmt, 'alternative')) return false;
  const last = cons.lastNamedChild;
  if (last?.type !== 'return_statement') return false;
  const next = ifStmt.nextNamedSibling;
  return !!next && (next.type === 'raise_statement' || isRefusingReturn(next));
}

export function comparisonsIn(cond: Node): Comparison[] {
  const out: Comparison[] = [];
  const rec = (n: Node, negated: boolean): void => {
    const u = n.type === 'parenthesized_expression' ? (named(n)[0] ?? n) : n;
    if (u.type === 'not_operator') {
      const a = field(u, 'argument');
      if (a) rec(a, !negated);
      return;
    }
    if (u.type === 'boolean_operator') {
      for (const side of [field(u, 'left'), field(u, 'right')]) if (side) rec(side, negated);
      return;
    }
    // `secrets.compare_digest(a, b)` / `hmac.compare_digest(a, b)`: a constant-time `a == b`
    if (u.type === 'call' && /(^|\.)compare_digest$/.test(calleeAndArgs(u).callee ?? '')) {
      const [a, b] = calleeAndArgs(u).args.positional;
      if (a && b) out.push({ node: u, left: a, right: b, op: negated ? '!=' : '==' });
      return;
    }
    if (u.type === 'comparison_operator') {
      const operands = named(u);
      const ops = comparisonOperators(u);
      if (operands.length === 2 && ops.length === 1 && operands[0] && operands[1]) {
        let op = ops[0] ?? '';
        if (negated) op = op === '==' ? '!=' : op === '!=' ? '==' : op === 'is' ? 'is not' : op === 'is not' ? 'is' : op;
        out.push({ node: u, left: operands[0], right: operands[1], op });
      }
    }
  };
  rec(cond, false);
  return out;
}

export interface WalkHooks {
  /** Every call, with the environment at that point (before an enclosing assignment takes effect). */
  call?(node: Node, env: Env): void;
  /** Every `if` / `elif` whose consequence raises, with the comparisons in its condition. */
  refusal?(node: Node, comparisons: Comparison[], env: Env): void;
  /** Every assignment `name = value`. */
  assign?(name: string, value: Node, node: Node, env: Env): void;
  /** Nodes of these extra types (document order) go to `node`. */
  nodeTypes?: string[];
  node?(node: Node, env: Env): void;
}

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

export function paramNames(fn: Node): string[] {
  const out: string[] = [];
  for (const p of paramNodes(fn)) {
    // as `paramName`: a typed parameter's name only when its first child is an identifier
    const name = p.type === 'typed_parameter' ? (p.nameType === 'identifier' ? p.name!.text : null) : p.name ? p.name.text : null;
    if (name) out.push(name);
  }
  return out;
}

/** A parameter of a function, with its type and its name node (as `paramName` finds it) read once. */
export interface ParamNode {
  node: Node;
  type: string;
  name: Node | null;
  /** Type of `name`. */
  nameType: string | undefined;
}

let lastParamsOf: Node | null = null;
let lastParams: readonly ParamNode[] = [];

/**
 * The parameters of a function. The fact extractor and the walk of the same function both need
 * them, one right after the other: the last function's are kept.
 */
export function paramNodes(fn: Node): readonly ParamNode[] {
  if (lastParamsOf?.equals(fn)) return lastParams;
  const out: ParamNode[] = [];
  const params = field(fn, 'parameters');
  if (params) {
    for (const p of params.namedChildren) {
      if (!p) continue;
      const type = p.type;
      let name: Node | null = null;
      let nameType: string | undefined;
      if (type === 'identifier') {
        name = p;
        nameType = type;
      } else if (type === 'typed_parameter') {
        name = p.namedChildren[0] ?? null;
        nameType = name?.type;
      } else if (type === 'default_parameter' || type === 'typed_default_parameter') {
        name = field(p, 'name');
        nameType = name?.type;
      }
      out.push({ node: p, type, name, nameType });
    }
  }
  lastParamsOf = fn;
  lastParams = out;
  return out;
}

/** An annotated class attribute of a class-based view: its name node, annotation and default (as a parameter's). */
export interface CbvAttr {
  name: Node;
  type: Node | null;
  value: Node | null;
}

/**
 * The env key that says the walk has `<receiver>.<attr>` keys for a class-based view's attributes
 * (no identifier or dotted name looks like it), so `originsOf` looks them up only then.
 */
const CBV_ATTRS = '.cbv';

const cbvFiles = new WeakMap<object, boolean>();
const cbvClasses = new WeakMap<object, Map<number, readonly CbvAttr[] | null>>();

/**
 * A method of a class decorated `@cbv(router)` (fastapi-utils, fastapi-restful; any callee whose last
 * segment is `cbv`): the receiver's name (`self`) and the class's annotated attributes, its own and
 * those of its bases defined in the same module (not ClassVar / Final). cbv turns each into a keyword
 * parameter of the class, which FastAPI resolves for every route of the class (`Depends(x)` as a
 * dependency) and sets on the instance before the method runs. Null for anything else.
 */
export function cbvAttrs(fn: Node): { self: string; attrs: readonly CbvAttr[] } | null {
  // (the file's text first: files without `cbv` pay one lookup)
  let any = cbvFiles.get(fn.tree);
  if (any === undefined) cbvFiles.set(fn.tree, (any = fn.tree.source.includes('cbv')));
  if (!any) return null;
  let p = fn.parent;
  if (p?.type === 'decorated_definition') {
    // a static or class method gets no instance
    if (named(p).some((d) => d.type === 'decorator' && /^(staticmethod|classmethod)$/.test(d.namedChildren[0]?.text ?? ''))) return null;
    p = p.parent;
  }
  const cls = p?.type === 'block' ? p.parent : null;
  if (cls?.type !== 'class_definition') return null;
  const self = paramNames(fn)[0];
  if (!self) return null;
  let table = cbvClasses.get(fn.tree);
  if (!table) cbvClasses.set(fn.tree, (table = new Map()));
  let attrs = table.get(cls.id);
  if (attrs === undefined) table.set(cls.id, (attrs = isCbvClass(cls) ? classAttrs(cls, 0) : null));
  return attrs ? { self, attrs } : null;
}

function isCbvClass(cls: Node): boolean {
  const d = cls.parent;
  if (d?.type !== 'decorated_definition') return false;
  return named(d).some((dec) => {
    const e = dec.type === 'decorator' ? dec.namedChildren[0] : null;
    return e?.type === 'call' && /(^|\.)cbv$/.test(dotted(field(e, 'function')) ?? '');
  });
}

/** The annotated attributes of a class body, after those of its bases found in the same module (a later one replaces an earlier one of the same name). */
function classAttrs(cls: Node, depth: number): CbvAttr[] {
  const byName = new Map<string, CbvAttr>();
  const bases = field(cls, 'superclasses');
  if (bases && depth < 5) {
    for (const b of named(bases)) {
      if (b.type !== 'identifier') continue;
      const base = moduleClass(cls.tree.rootNode, b.text);
      if (base && base.id !== cls.id) for (const a of classAttrs(base, depth + 1)) byName.set(a.name.text, a);
    }
  }
  const body = field(cls, 'body');
  for (const st of body ? named(body) : []) {
    const a = st.type === 'expression_statement' ? st.namedChildren[0] : null;
    if (a?.type !== 'assignment') continue;
    const left = field(a, 'left');
    const type = field(a, 'type');
    if (left?.type !== 'identifier' || !type || /^(typing\.)?(ClassVar|Final)\b/.test(type.text)) continue;
    byName.set(left.text, { name: left, type, value: field(a, 'right') });
  }
  return [...byName.values()];
}

function moduleClass(root: Node, name: string): Node | null {
  for (const st of named(root)) {
    const c = st.type === 'decorated_definition' ? field(st, 'definition') : st;
    if (c?.type === 'class_definition' && field(c, 'name')?.text === name) return c;
  }
  return null;
}

export function paramName(p: Node): string | null {
  switch (p.type) {
    case 'identifier':
      return p.text;
    case 'typed_parameter': {
      const first = named(p)[0];
      return first?.type === 'identifier' ? first.text : null;
    }
    case 'default_parameter':
    case 'typed_default_parameter':
      return field(p, 'name')?.text ?? null;
    default:
      return null;
  }
}

/**
 * Walks a function body in document order, keeping the environment of identity origins up to
 * date. Uses one `descendantsOfType` scan instead of visiting every node;
 * an assignment binds its name once every node of its right-hand side has been seen.
 *
 * The fact extractor and five rules walk the same functions with different hooks, so the walk is
 * done once per function and recorded (the events in order, each with the environment as it was
 * then); later walks replay the record. Hooks get a snapshot of the environment instead of the live
 * map: they must read it when called (or copy it), never keep it to read later, and never change it.
 */
export function walkFunction(fn: Node, hooks: WalkHooks, seed?: Env): Env {
  if (seed || (hooks.nodeTypes ?? []).some((t) => !RECORDED_NODE_TYPES.includes(t))) return walkLive(fn, hooks, seed);
  const record = recordedWalk(fn);
  const extra = new Set(hooks.nodeTypes ?? []);
  for (const e of record.events) {
    switch (e.kind) {
      case 'node':
        if (extra.has(e.node.type)) hooks.node?.(e.node, e.env);
        break;
      case 'call':
        hooks.call?.(e.node, e.env);
        break;
      case 'refusal':
        hooks.refusal?.(e.node, e.comparisons, e.env);
        break;
      case 'assign':
        hooks.assign?.(e.name, e.value, e.node, e.env);
        break;
    }
  }
  return new Map(record.env);
}

/** Extra node types the recorded walk keeps (the fact extractor's imports). */
const RECORDED_NODE_TYPES = ['import_statement', 'import_from_statement'];

type WalkEvent =
  | { kind: 'node' | 'call'; node: Node; env: Env }
  | { kind: 'refusal'; node: Node; comparisons: Comparison[]; env: Env }
  | { kind: 'assign'; name: string; value: Node; node: Node; env: Env };

interface WalkRecord {
  start: number;
  end: number;
  events: WalkEvent[];
  env: Env;
}

/** Per tree, per function node id. */
const records = new WeakMap<object, Map<number, WalkRecord>>();

function recordedWalk(fn: Node): WalkRecord {
  let table = records.get(fn.tree);
  if (!table) records.set(fn.tree, (table = new Map()));
  const known = table.get(fn.id);
  if (known && known.start === fn.startIndex && known.end === fn.endIndex) return known;
  const events: WalkEvent[] = [];
  // one snapshot per state of the environment, shared by the events that saw that state
  let snapshot: Env | null = null;
  const current = (env: Env): Env => (snapshot ??= new Map(env));
  const env = walkLive(
    fn,
    {
      nodeTypes: RECORDED_NODE_TYPES,
      node: (node, e) => events.push({ kind: 'node', node, env: current(e) }),
      call: (node, e) => events.push({ kind: 'call', node, env: current(e) }),
      refusal: (node, comparisons, e) => events.push({ kind: 'refusal', node, comparisons, env: current(e) }),
      assign: (name, value, node, e) => events.push({ kind: 'assign', name, value, node, env: current(e) }),
    },
    undefined,
    () => {
      snapshot = null;
    },
  );
  const record: WalkRecord = { start: fn.startIndex, end: fn.endIndex, events, env };
  table.set(fn.id, record);
  return record;
}

/** Types whose nodes never start where a call starting at the same place is their ancestor. */
const NOT_IN_CALL = new Set(['assignment', 'augmented_assignment', 'if_statement', 'elif_clause', ...SCOPES, 'import_statement', 'import_from_statement']);

/**
 * The nodes of the given types under `body` in document order (as one `descendantsOfType`), and
 * which of them are calls. The calls come from a query of their own, so their type is known without
 * asking each node: merged by start with the others, an other node first on a tie (an assignment
 * `f().x = 1` holds the call that starts with it; a call never holds a node of these types that
 * starts where it starts).
 */
const mergeableMemo = new WeakMap<string[], boolean>();
/** Can the calls of a walk be merged in from a scan of their own (see walkNodes)? */
function mergeable(types: string[]): boolean {
  let ok = mergeableMemo.get(types);
  if (ok === undefined) mergeableMemo.set(types, (ok = types.every((t) => t === 'call' || NOT_IN_CALL.has(t))));
  return ok;
}

const withoutCallMemo = new WeakMap<string[], string[]>();
function withoutCall(types: string[]): string[] {
  let list = withoutCallMemo.get(types);
  if (!list) withoutCallMemo.set(types, (list = types.filter((t) => t !== 'call')));
  return list;
}

function walkNodes(body: Node, types: string[]): { nodes: Node[]; calls: boolean[] } {
  if (!mergeable(types)) {
    const nodes = body.descendantsOfType(types).filter((n): n is Node => n !== null);
    return { nodes, calls: [] };
  }
  const callNodes = body.descendantsOfType('call').filter((n): n is Node => n !== null);
  const others = body.descendantsOfType(withoutCall(types)).filter((n): n is Node => n !== null);
  const nodes: Node[] = [];
  const calls: boolean[] = [];
  let i = 0;
  let j = 0;
  while (i < callNodes.length || j < others.length) {
    const c = callNodes[i];
    const o = others[j];
    if (!c) {
      j++;
      if (o) nodes.push(o), calls.push(false);
    } else if (!o) {
      i++;
      nodes.push(c), calls.push(true);
    } else if (o.startIndex <= c.startIndex) {
      j++;
      nodes.push(o), calls.push(false);
    } else {
      i++;
      nodes.push(c), calls.push(true);
    }
  }
  return { nodes, calls };
}

/** The node types a walk visits, one list per list of extra types (so each list is made once). */
const walkTypeLists = new Map<string, string[]>();
function walkTypes(extra: readonly string[] | undefined): string[] {
  const key = extra ? extra.join('\0') : '';
  let list = walkTypeLists.get(key);
  if (!list) walkTypeLists.set(key, (list = ['assignment', 'augmented_assignment', 'call', 'if_statement', 'elif_clause', ...SCOPES, ...new Set(extra ?? [])]));
  return list;
}

function walkLive(fn: Node, hooks: WalkHooks, seed?: Env, changed?: () => void): Env {
  const env: Map<string, ReadonlySet<string>> = new Map(seed ?? []);
  for (const p of paramNames(fn)) if (!env.has(p)) env.set(p, new Set([p]));
  // a class-based view's `self.<attr>`: the value FastAPI resolved for it, as a parameter's (its origin is `self.<attr>`)
  const cbv = cbvAttrs(fn);
  if (cbv) {
    env.set(CBV_ATTRS, EMPTY);
    for (const a of cbv.attrs) {
      const key = `${cbv.self}.${a.name.text}`;
      env.set(key, new Set([key]));
    }
  }
  const body = field(fn, 'body');
  if (!body) return env;
  const extra = new Set(hooks.nodeTypes ?? []);
  const types = walkTypes(hooks.nodeTypes);
  // assignments whose right-hand side is still being walked, with their ends
  const pending: Node[] = [];
  const pendingEnds: number[] = [];
  const bind = (n: Node): void => {
    const left = field(n, 'left');
    const lt = left?.type;
    const right = lt === 'identifier' && n.type === 'assignment' ? field(n, 'right') : null;
    if (left && right) {
      const name = left.text;
      hooks.assign?.(name, right, n, env);
      env.set(name, originsOf(right, env));
    } else if (left) {
      // `self.uid = other` in a class-based view: the attribute holds the new value
      const key = lt === 'attribute' && env.has(CBV_ATTRS) ? `${field(left, 'object')?.text}.${field(left, 'attribute')?.text}` : null;
      if (key && env.has(key)) {
        const right = n.type === 'assignment' ? field(n, 'right') : null;
        env.set(key, right ? originsOf(right, env) : EMPTY);
      }
      for (const id of named(left)) if (id.type === 'identifier') env.set(id.text, EMPTY);
    }
    changed?.();
  };
  let skipUntil = -1;
  const { nodes, calls } = walkNodes(body, types);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const start = n.startIndex;
    if (start < skipUntil) continue;
    while (pending.length && pendingEnds[pendingEnds.length - 1]! <= start) {
      pendingEnds.pop();
      bind(pending.pop()!);
    }
    const t = calls[i] ? 'call' : n.type;
    if (SCOPES.has(t)) {
      skipUntil = n.endIndex;
      continue;
    }
    if (extra.has(t)) hooks.node?.(n, env);
    if (t === 'assignment' || t === 'augmented_assignment') {
      pending.push(n);
      pendingEnds.push(n.endIndex);
    } else if (t === 'call') hooks.call?.(n, env);
    else if ((t === 'if_statement' || t === 'elif_clause') && hooks.refusal) {
      const cond = field(n, 'condition');
      const cons = field(n, 'consequence');
      // (no `raise` or `Response` in its text: it cannot refuse, no need to look for the statement)
      if (cond && cons && /raise|Response/.test(cons.text) && containsRefusal(cons)) hooks.refusal(n, comparisonsIn(cond), env);
      else if (cond && cons && t === 'if_statement' && positiveGuard(n, cons)) {
        // `if claims["sub"] == user_id: return ...` then a raise: everything past the check runs only on a
        // match, as after `if claims["sub"] != user_id: raise` (the comparisons as the refusal would read them)
        hooks.refusal(n, comparisonsIn(cond).map((c) => ({ ...c, op: c.op === '==' ? '!=' : c.op === '!=' ? '==' : c.op })), env);
      }
    }
  }
  while (pending.length) bind(pending.pop()!);
  return env;
}

export { dotted, kids };
