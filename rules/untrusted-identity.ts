/**
 * `untrusted-identity`: a user id taken from a source the client controls (an identity header,
 * a query parameter, the body), or a branch that returns an identity without verifying a signature.
 */
import { callArgs, calleeName, calleeText, descendants, dotted, field, named, span, stringValue, unwrap, type Node } from './python/ast.js';
import { isJwtDecode, unverifiedDecode } from './python/index.js';
import { originsOf, valueOperands, walkFunction, type Env } from './python/flow.js';
import { hasUnauthOrigin, isTestOrMigration, pyScope, type PyFunctionInFile } from './python/support.js';
import type { Rule } from './types.js';

const IDENTITY_KEY = /^(x[-_])?(auth[-_])?(user[-_]?id|uid|user|userid|user[-_]?email|email|identity|principal|account[-_]?id|sub)$/i;
const IDENTITY_PARAM = /^(x_)?(user_?id|uid|user|user_email|identity|principal|account_id|sub)$/i;
/** Body keys that name the acting user (not `email` or `user`: a body may carry those as data). */
const BODY_IDENTITY_KEY = /^(user[-_]?id|uid|owner[-_]?id|account[-_]?id|sub)$/i;
/** A dependency whose result names the user (`current_uid`, `acting_user`, `get_principal`). */
const USER_RESULT = /user|uid|principal|identity|account|actor|subject|owner|caller|whoami|^(get_|current_)?me$/i;
const BYPASS = /\b(debug|dev|development|dev_mode|testing|test_mode|is_test|bypass|skip_auth|disable_auth|auth_disabled|no_auth|insecure)\b|\b(ENV|ENVIRONMENT|APP_ENV|STAGE)\b|test[-_]?token|fake|mock/i;

/** Is the node inside a return statement of the function (not of a nested one)? */
function insideReturn(node: Node, fnNode: Node): boolean {
  for (let p = node.parent; p && p.id !== fnNode.id; p = p.parent) {
    if (p.type === 'return_statement') return true;
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
  }
  return false;
}

/** Where FastAPI takes a dependency's plain parameter from, as its default or `Annotated[...]` marker says (a class annotation: the body). */
function sourceOf(fnNode: Node, name: string): string {
  const params = field(fnNode, 'parameters');
  for (const p of params ? named(params) : []) {
    if ((p.type === 'typed_parameter' ? named(p)[0] : field(p, 'name'))?.text !== name) continue;
    const type = field(p, 'type');
    const markers = [field(p, 'value'), ...(type ? descendants(type, 'call') : [])].map((v) => (v && unwrap(v).type === 'call' ? calleeName(unwrap(v)) : null));
    for (const m of markers) {
      if (m === 'Header') return 'a header';
      if (m === 'Cookie') return 'a cookie';
      if (m === 'Path') return 'a path parameter';
      if (m === 'Body' || m === 'Form') return 'a body value';
      if (m === 'Query') return 'a query parameter';
    }
    const ann = type ? (type.type === 'type' ? named(type)[0] : type) : null;
    if (ann && /^[A-Z]\w*$/.test(dotted(ann)?.split('.').pop() ?? '')) return 'a body value';
    return 'a query parameter';
  }
  return 'a value';
}

/** Is every use of the parameter in the function's body an operand of a comparison (a cross-check, not a source)? */
function onlyCompared(fnNode: Node, name: string): boolean {
  const body = field(fnNode, 'body');
  if (!body) return false;
  const uses = descendants(body, 'identifier', true).filter((n) => n.text === name);
  // a comparison with a model's column (`Task.user_id == uid` in a query) filters by the value: no cross-check
  const column = (c: Node, n: Node): boolean => named(c).some((o) => o.id !== n.id && /^[A-Z]\w*\.\w+$/.test(o.text));
  return uses.length > 0 && uses.every((n) => (n.parent?.type === 'comparison_operator' && !column(n.parent, n)) || truthinessTest(n));
}

/** Is the node only tested for truth: the condition of an `if` / `elif` / `while` or a conditional expression, through `and` / `or` / `not` (`if x_user_id and x_user_id != sub:`)? */
function truthinessTest(n: Node): boolean {
  let c = n;
  let p = c.parent;
  while (p && (p.type === 'boolean_operator' || p.type === 'not_operator' || p.type === 'parenthesized_expression')) {
    c = p;
    p = c.parent;
  }
  if (!p) return false;
  if (p.type === 'if_statement' || p.type === 'elif_clause' || p.type === 'while_statement') return field(p, 'condition')?.id === c.id;
  // `a if c else b`: named children a, c, b
  return p.type === 'conditional_expression' && named(p)[1]?.id === c.id;
}

export const rule: Rule = {
  meta: {
    id: 'untrusted-identity',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The user id must come from a verified token, never from a header, query parameter, body or an unverified branch.',
    languages: ['python'],
    docs: {
      checks:
        "Reports (1) identity headers and cookies read as the user (`Header()` / `Cookie()` parameters such as `x_user_id`, also inside `Annotated[..., Header()]`, `request.headers.get(\"X-User-ID\")`, `request.cookies[\"user_id\"]`, `request.query_params.get(\"user_id\")`, and a user-id key such as `user_id`, `owner_id` or `sub` read from the body of `await request.json()` or `.form()`), except a header or body value only compared with the token's identity (a cross-check that refuses on mismatch, also after a test for its presence: `if x_user_id and x_user_id != sub: raise`; comparing it with a model's column in a query, `Task.user_id == uid`, is no cross-check); (2) a dependency used in `Depends(...)` that returns a plain parameter as the user (FastAPI fills it from the query string or the body), also as one operand of `or` or a conditional expression (`return user_id or \"anonymous\"`), and a dependency on the auth dependency (or one that verifies the token itself) whose result, taken as the authenticated user, may be such a client value (a query parameter, header, cookie or body value: `return user_id or claims[\"sub\"]`, `if x_act_as: return x_act_as`) when the parameter is named as an identity or the dependency for the user (`current_uid`, `acting_user`); a value refused unless it matches the token's identity before the return (`if user_id != claims[\"sub\"]: raise HTTPException(403)`), or returned under a role check of the verified identity (`if x_act_as and \"admin\" in claims.get(\"roles\", []):`, a refusing `if \"admin\" not in roles: raise` before it, or a dependency on `require_admin`), is the user's; (3) in the auth dependency and what it calls, an `if` on a development, debug or test setting (or a literal test token) whose branch returns without raising, or decodes the token with signature verification off, so an identity is produced without checking a signature (a branch that verifies with another key is no bypass); (4) a JWT decoded with signature verification off whose result is returned, directly, through a helper or through a variable (an unverified peek followed by a verified decode whose claims are returned is not reported here); (5) in a route handler or dependency, an owned model created with its owner field taken from a request value (`Task(user_id=body.user_id)`, also when it is one operand that can be the value: `body.user_id or user.id`, `body.user_id if DEBUG else user.id`) instead of the authenticated user (in a class-based view, `@cbv(router)`, `self.<attr>` of a plain annotated class attribute is a query parameter too, and of one declared with the auth dependency the user); and (6) there, an owned model built wholesale from a request body whose model has the owner field (`Task.model_validate(body)`, `Task(**body.model_dump())`, `Task(**body.dict())`), unless the owner is given from the token (`update={\"user_id\": ...}`, an explicit keyword, or `task.user_id = ...` afterwards), and a row updated from such a body (`task.sqlmodel_update(body.model_dump(exclude_unset=True))`) without excluding the owner, which lets the client hand the row to another user.",
      why: 'Anything the client sends can be set to any value: `curl -H "X-User-ID: alice"` is all it takes to become Alice. A "temporary" test-token or dev-mode branch ships sooner or later, and an unverified decode accepts a token anyone can write by hand.',
      incorrect: [
        { lang: 'python', code: 'def get_current_user(x_user_id: str = Header(...)) -> str:\n    return x_user_id' },
        { lang: 'python', code: 'def get_current_user(creds=Depends(bearer)) -> str:\n    if settings.DEBUG and creds.credentials == "test-token":\n        return "test-user"\n    ...' },
        { lang: 'python', code: 'def current_uid(user_id: str | None = None, claims: dict = Depends(verify_jwt)) -> str:\n    return user_id or claims["sub"]  # ?user_id=alice' },
      ],
      correct: [
        {
          lang: 'python',
          code: 'def get_current_user(creds=Depends(bearer)) -> str:\n    payload = jwt.decode(creds.credentials, key, algorithms=["EdDSA"], issuer=ISS, audience=AUD)\n    return payload["sub"]',
        },
        {
          lang: 'python',
          code: 'def acting_user(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:\n    if x_act_as and "admin" in claims.get("roles", []):\n        return x_act_as  # support staff only, the role read from the verified claims\n    return claims["sub"]',
        },
      ],
      fix: "Take the user id only from the verified token's `sub` claim (the auth dependency's result). Remove identity headers, query parameters and test or development shortcuts (a dependency that takes a user id from the client must refuse one that differs from the token's, and an impersonation needs a role check of the verified claims); in tests, mint real tokens with a test key instead.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const { project, facts } = scope;
    const clientValues = /headers|cookies|query_params|Header\(|Cookie\(|\.(json|form)\(/.test(file.source);
    const owned = project.ownedModels(ctx.spec);
    /** The fields of a project class by name, its bases' included (`TaskCreate(TaskBase)`). */
    const fieldsOf = (name: string, depth = 0): string[] => {
      if (depth > 5) return [];
      const short = name.split('.').pop()!;
      for (const f of project.index.files)
        for (const m of f.models) if (m.name === short) return [...m.fields, ...m.bases.flatMap((b) => fieldsOf(b, depth + 1))];
      return [];
    };
    const bodyBuilds = /model_validate|from_orm|parse_obj|sqlmodel_update|\*\*/.test(file.source);
    for (const fn of scope.functions) {
      // (6) an owned row built wholesale from a request body that carries the owner field:
      // `Task.model_validate(body)`, `Task(**body.model_dump())`, with no owner given or set afterwards
      if (bodyBuilds && owned.size > 0 && (project.depTargets.has(fn.ref.id) || fn.ref.file.routes.some((r) => r.handler === fn.ref.fn.name))) reportBodyBuilds(fn);
      const buildsOwned = fn.ref.fn.calls.some((c) => owned.has(c.callee.split('.').pop()!));
      if (!buildsOwned && !clientValues && !project.depTargets.has(fn.ref.id) && !project.authReach.has(fn.ref.id) && fn.ref.fn.decodes.length === 0) continue;
      const unverified: { node: Node; callee: string }[] = [];
      const unverifiedReturned = new Set<number>();
      const isDepTarget = project.depTargets.has(fn.ref.id);
      const inAuthPath = project.authReach.has(fn.ref.id);
      const isHandler = fn.ref.file.routes.some((r) => r.handler === fn.ref.fn.name);
      // what the function's text and facts allow (necessary conditions, to skip the work that cannot report)
      const text = file.source.slice(fn.node.startIndex, fn.node.endIndex);
      const headerParams = /Header|Cookie/.test(text);
      const clientLookups = clientValues && /headers|cookies|query_params|\.(json|form)\(/.test(text);
      const decodeCalls = fn.ref.fn.calls.some((c) => isJwtDecode(c.callee, facts.imports));
      // calls whose callee ends in an owned model (`Task(...)`), by position: the only ones (5) looks at
      const ownedAt = new Set<string>();
      if (isDepTarget || isHandler) {
        for (const c of fn.ref.fn.calls) if (!c.callee.startsWith('?.') && owned.has(c.callee.split('.').pop()!)) ownedAt.add(`${c.line}:${c.column}`);
      }
      // the request's parameters (`request: Request`): their `.json()` / `.form()` is the body the client sent
      const requestParams = new Set(fn.ref.fn.params.filter((p) => /(^|\.)(Request|HTTPConnection)$/.test(p.annotation ?? '')).map((p) => p.name));
      const isBody = (obj: Node | null, env: Env): string | null => {
        if (!obj || requestParams.size === 0) return null;
        const u = unwrap(obj);
        const origins = u.type === 'call' ? [`@call:${calleeText(u) ?? ''}`] : u.type === 'identifier' ? [...(env.get(u.text) ?? [])] : [];
        for (const o of origins) {
          const m = /^@call:(\w+)\.(json|form)$/.exec(o);
          if (m && requestParams.has(m[1]!)) return `${m[1]}.${m[2]}()`;
        }
        return null;
      };
      // values (5) reported as a new row's owner: not reported again as a body read
      const ownerReported = new Set<number>();
      // read as a value, not only compared with the token's identity (a cross-check)
      const compared = (n: Node): boolean => n.parent?.type === 'comparison_operator';
      // (1) Header() / Cookie() parameters that carry an identity
      const reportedParams = new Set<string>();
      const params = headerParams ? field(fn.node, 'parameters') : null;
      for (const p of params ? named(params) : []) {
        if (p.type !== 'default_parameter' && p.type !== 'typed_default_parameter' && p.type !== 'typed_parameter') continue;
        const name = (p.type === 'typed_parameter' ? named(p)[0] : field(p, 'name'))?.text ?? '';
        const value = field(p, 'value');
        const marker = (n: Node | null): Node | null => (n && n.type === 'call' && /^(Header|Cookie)$/.test(calleeName(n) ?? '') ? n : null);
        // `x_user_id: str = Header(...)`, or `x_user_id: Annotated[str | None, Header()] = None`
        const type = field(p, 'type');
        const v = marker(value ? unwrap(value) : null) ?? (type ? descendants(type, 'call').map(marker).find((c) => c !== null) ?? null : null);
        if (!v) continue;
        const kind = calleeName(v);
        if (kind !== 'Header' && kind !== 'Cookie') continue;
        const alias = stringValue(callArgs(v).keywords.get('alias'));
        if (IDENTITY_PARAM.test(name) || (alias !== null && IDENTITY_KEY.test(alias))) {
          // only compared with the token's identity (a cross-check that refuses on mismatch): not the identity
          if (onlyCompared(fn.node, name)) continue;
          reportedParams.add(name);
          ctx.report({ message: `The user identity comes from a client-controlled ${kind.toLowerCase()} (${alias ?? name}): anyone can send any value`, ...span(p) });
        }
      }
      // (2) in an auth dependency: the returns whose value, taken as the user, may be a client value
      // (named as an identity, or returned by a dependency named for the user: `acting_user` returning `x_act_as`)
      const clientReturns =
        isDepTarget && inAuthPath && fn.ref.fn.returns && project.isAuthDep(fn.ref.file.path, fn.ref.fn.name)
          ? project.clientReturns(fn.ref).filter((c) => !reportedParams.has(c.param) && (IDENTITY_PARAM.test(c.param) || USER_RESULT.test(fn.ref.fn.name)))
          : [];
      if (!clientLookups && !decodeCalls && !isDepTarget && !inAuthPath) {
        // only (5) can report here: replay the recorded walk and look at the owned-model calls alone
        if (ownedAt.size === 0) continue;
        walkFunction(fn.node, {
          call(node, env) {
            const pos = node.startPosition;
            if (!ownedAt.has(`${pos.row + 1}:${pos.column + 1}`)) return;
            reportOwnedFromRequest(node, env);
          },
        });
        continue;
      }
      function reportOwnedFromRequest(node: Node, env: Env): void {
        // (5) an owned row created with its owner taken from the request: `Task(user_id=body.user_id)`
        const model = calleeText(node)?.split('.').pop();
        const owner = model ? owned.get(model) : undefined;
        // (in handlers and dependencies, whose parameters FastAPI fills from the request)
        if (owner && (isDepTarget || isHandler)) {
          const v = callArgs(node).keywords.get(owner);
          if (v && hasUnauthOrigin(scope!, fn, v, env, node.startPosition.row + 1)) {
            for (const o of [v, ...(valueOperands(v) ?? [])]) ownerReported.add(unwrap(o).startIndex);
              ctx.report({ message: `${model} is created with ${owner}=${v.text}, a value the client controls: use the authenticated user's id`, ...span(v) });
          }
        }
      }
      walkFunction(fn.node, {
        call(node, env) {
          // (5) an owned row created with its owner taken from the request: `Task(user_id=body.user_id)`
          const model = calleeText(node)?.split('.').pop();
          const owner = model ? owned.get(model) : undefined;
          // (in handlers and dependencies, whose parameters FastAPI fills from the request)
          if (owner && (isDepTarget || fn.ref.file.routes.some((r) => r.handler === fn.ref.fn.name))) {
            const v = callArgs(node).keywords.get(owner);
            if (v && hasUnauthOrigin(scope, fn, v, env, node.startPosition.row + 1)) {
              for (const o of [v, ...(valueOperands(v) ?? [])]) ownerReported.add(unwrap(o).startIndex);
              ctx.report({ message: `${model} is created with ${owner}=${v.text}, a value the client controls: use the authenticated user's id`, ...span(v) });
            }
          }
          // (1) request.headers / cookies / query_params lookups of an identity key
          const f = field(node, 'function');
          if (f?.type === 'attribute' && field(f, 'attribute')?.text === 'get') {
            const obj = dotted(field(f, 'object')) ?? '';
            const key = stringValue(callArgs(node).positional[0]);
            if (/(^|\.)(headers|cookies|query_params)$/.test(obj) && key && IDENTITY_KEY.test(key)) {
              ctx.report({ message: `The user identity comes from a client-controlled value (${obj}.get("${key}")): use the verified token's sub`, ...span(node) });
            }
            const body = key && BODY_IDENTITY_KEY.test(key) && !compared(node) && !ownerReported.has(node.startIndex) ? isBody(field(f, 'object'), env) : null;
            if (body) ctx.report({ message: `The user identity comes from the request body (${body}, key "${key}"), which the client writes: use the verified token's sub`, ...span(node) });
          }
          // (4) unverified decode whose result is returned
          if (unverifiedDecode(node, facts.imports)) {
            const callee = calleeText(node);
            if (callee) unverified.push({ node, callee });
          }
        },
        nodeTypes: ['subscript', 'return_statement', 'if_statement', 'elif_clause'],
        node(n, env) {
          if (n.type === 'subscript') {
            const obj = dotted(field(n, 'value')) ?? '';
            const key = stringValue(field(n, 'subscript'));
            if (/(^|\.)(headers|cookies|query_params)$/.test(obj) && key && IDENTITY_KEY.test(key)) {
              ctx.report({ message: `The user identity comes from a client-controlled value (${obj}["${key}"]): use the verified token's sub`, ...span(n) });
            }
            const body = key && BODY_IDENTITY_KEY.test(key) && !compared(n) && !ownerReported.has(n.startIndex) ? isBody(field(n, 'value'), env) : null;
            if (body) ctx.report({ message: `The user identity comes from the request body (${body}, key "${key}"), which the client writes: use the verified token's sub`, ...span(n) });
          }
          if (n.type === 'return_statement') {
            const value = named(n)[0];
            if (!value) return;
            const origins = originsOf(value, env);
            // (2) a dependency returning a plain parameter as the identity
            if (isDepTarget && !inAuthPath) {
              for (const o of origins) {
                const p = fn.ref.fn.params.find((x) => x.name === o);
                if (p && !p.dep && !fn.auth.has(o) && !reportedParams.has(o) && IDENTITY_PARAM.test(o) && !/Request|Credentials/.test(p.annotation ?? '')) {
                  ctx.report({ message: `The dependency ${fn.ref.fn.name} returns ${o}, which FastAPI fills from the query string or body: the client chooses its identity`, ...span(value) });
                }
              }
            } else if (clientReturns.length > 0) {
              // (2) an auth dependency whose result, taken as the user, may be a client value (`return user_id or claims["sub"]`)
              const line = n.startPosition.row + 1;
              for (const { param } of clientReturns.filter((c) => c.line === line)) {
                // (the dependency it verifies the token through, unless it verifies the token itself)
                const via = project.decodesInBody(fn.ref.id) ? undefined : fn.ref.fn.params.map((x) => (fn.auth.has(x.name) ? project.paramDep(fn.ref, x.name)?.text : undefined)).find((d) => d);
                ctx.report({
                  message: `The dependency ${fn.ref.fn.name} can return ${param}, ${sourceOf(fn.node, param)} the client chooses, and its result is taken as the authenticated user${via ? ` (it depends on ${via})` : ''}: any valid token can act as anyone. Return the token's sub, or refuse a value that differs from it`,
                  ...span(value),
                });
              }
            }
            for (const u of unverified) if ([...origins].includes(`@call:${u.callee}`)) unverifiedReturned.add(u.node.id);
          }
          // (3) development / test bypass in the auth path
          if (inAuthPath && (n.type === 'if_statement' || n.type === 'elif_clause')) {
            const cond = field(n, 'condition');
            const cons = field(n, 'consequence');
            if (!cond || !cons) return;
            const returns = descendants(cons, 'return_statement');
            const testLiteral = descendants(cond, 'string').some((s) => /test|dev|fake|mock|debug/i.test(stringValue(s) ?? ''));
            const decodes = descendants(cons, 'call').filter((c) => isJwtDecode(calleeText(c) ?? '', facts.imports));
            // the branch decodes with signature verification on: it verifies (with another key, say), no bypass
            const verifies = decodes.some((c) => !unverifiedDecode(c, facts.imports));
            // the branch produces the identity: it returns, or it decodes without verifying the signature
            const produces = returns.length > 0 || decodes.some((c) => unverifiedDecode(c, facts.imports));
            if (produces && !verifies && (BYPASS.test(cond.text) || testLiteral)) {
              ctx.report({ message: `A branch of the auth path (${cond.text.slice(0, 60)}) ${returns.length > 0 ? 'returns' : 'decodes the token'} without verifying the token's signature: remove the bypass`, ...span(n.type === 'if_statement' ? n : cond) });
            }
          }
        },
      });
      for (const u of unverified) {
        // returned through a variable (origins name the callee, so a verified decode with the same callee would
        // match too: then only a decode inside the return statement itself counts), or returned directly
        const verifiedTwin = descendants(fn.node, 'call').some((c) => calleeText(c) === u.callee && !unverifiedDecode(c, facts.imports));
        if ((unverifiedReturned.has(u.node.id) && !verifiedTwin) || insideReturn(u.node, fn.node)) {
          ctx.report({ message: `${u.callee}() without signature verification; its claims are returned as the identity`, ...span(u.node) });
        }
      }
    }

    function reportBodyBuilds(fn: PyFunctionInFile): void {
      const text = file.source.slice(fn.node.startIndex, fn.node.endIndex);
      if (!/model_validate|from_orm|parse_obj|sqlmodel_update|\*\*/.test(text)) return;
      // request body parameters: a plain parameter annotated with a project class
      const bodies = new Map<string, string[]>();
      for (const p of fn.ref.fn.params) if (!p.dep && p.annotation && !fn.auth.has(p.name)) bodies.set(p.name, fieldsOf(p.annotation));
      if (bodies.size === 0) return;
      for (const call of descendants(fn.node, 'call')) {
        const callee = calleeText(call) ?? '';
        const parts = callee.split('.');
        const { positional, keywords } = callArgs(call);
        let model: string | undefined;
        let source: Node | undefined;
        if (parts[parts.length - 1] === 'sqlmodel_update' && positional[0]) {
          // `task.sqlmodel_update(body.model_dump(exclude_unset=True))`: the client may move the row to another owner
          const a0 = unwrap(positional[0]);
          const dump = a0.type === 'call' ? /^(\w+)\.(model_dump|dict)$/.exec(calleeText(a0) ?? '') : null;
          const src = dump ? dump[1] : a0.type === 'identifier' ? a0.text : undefined;
          const fields = src ? bodies.get(src) : undefined;
          const ownerField = fields && [...new Set(owned.values())].find((o) => fields.includes(o) && !(a0.type === 'call' && /exclude/.test(a0.text) && a0.text.includes(o)));
          if (ownerField) ctx.report({ message: `${callee}() copies the request body ${src} onto the row, ${ownerField} included: the client can hand the row to another user (exclude ${ownerField})`, ...span(call) });
          continue;
        }
        if (parts.length >= 2 && /^(model_validate|from_orm|parse_obj|validate|model_construct)$/.test(parts[parts.length - 1]!)) {
          model = parts[parts.length - 2];
          source = positional[0];
          const update = keywords.get('update');
          const owner = model ? owned.get(model) : undefined;
          if (owner && update && update.text.includes(owner)) continue;
        } else {
          model = parts[parts.length - 1];
          const splat = named(field(call, 'arguments') ?? call).find((a) => a.type === 'dictionary_splat');
          const inner = splat ? named(splat)[0] : undefined;
          if (!inner) continue;
          const u = unwrap(inner);
          // `**body`, `**body.model_dump(...)`, `**body.dict(...)`, `**vars(body)`
          if (u.type === 'call') {
            const c = calleeText(u) ?? '';
            const m = /^(\w+)\.(model_dump|dict)$/.exec(c);
            if (m) {
              if (/exclude/.test(u.text) && owned.get(model ?? '') && u.text.includes(owned.get(model!)!)) continue;
              source = field(field(u, 'function')!, 'object') ?? undefined;
            } else if (c === 'vars') source = callArgs(u).positional[0];
          } else source = u;
        }
        const owner = model ? owned.get(model) : undefined;
        if (!owner || !source || keywords.has(owner)) continue;
        const s0 = unwrap(source);
        if (s0.type !== 'identifier') continue;
        const fields = bodies.get(s0.text);
        if (!fields?.includes(owner)) continue;
        // the owner set afterwards (`task.user_id = user.id`) replaces the client's value
        const v = assignedName(call);
        if (v && new RegExp(`\\b${v}\\.${owner}\\s*=[^=]`).test(file.source.slice(call.endIndex, fn.node.endIndex))) continue;
        ctx.report({ message: `${model} is built from the request body ${s0.text}, whose ${owner} the client chooses: set ${owner} from the authenticated user (exclude it from the body model)`, ...span(call) });
      }
    }
  },
};

/** The variable a call's result is assigned to (`task = Task.model_validate(body)`). */
function assignedName(call: Node): string | null {
  const p = call.parent;
  if (p?.type !== 'assignment') return null;
  const left = field(p, 'left');
  return left?.type === 'identifier' ? left.text : null;
}

export default rule;
