/**
 * `auth-error-status`: a missing or invalid token gets 401 with `WWW-Authenticate`; another user's
 * item gets the spec's 403 or 404; `HTTPBearer()` does not answer 403 on old FastAPI versions.
 */
import { callArgs, calleeName, descendants, dotted, field, moduleConstant, named, span, stringValue, unwrap, type Node } from './python/ast.js';
import { walkFunction } from './python/flow.js';
import type { BearerInit } from './python/index.js';
import { isAuthExpr, isTestOrMigration, type PyRuleScope, pyScope } from './python/support.js';
import type { Rule } from './types.js';

/** Status code of an `HTTPException(...)` call: `status_code=401`, positional 401, `status.HTTP_401_UNAUTHORIZED`. */
export function statusOf(call: Node): number | null {
  const { positional, keywords } = callArgs(call);
  const v = keywords.get('status_code') ?? positional[0];
  if (!v) return null;
  const u = unwrap(v);
  if (u.type === 'integer') return Number(u.text);
  const m = /HTTP_(\d{3})_/.exec(u.text);
  return m ? Number(m[1]) : null;
}

function isHttpException(call: Node): boolean {
  return calleeName(call) === 'HTTPException';
}

/**
 * Does an `HTTPException(...)` set `WWW-Authenticate`? Headers are `headers=` or the third positional
 * argument; a module-level dict constant is read, any other variable is trusted.
 */
function hasWwwAuthenticate(call: Node, root: Node): boolean {
  const { positional, keywords } = callArgs(call);
  const headers = keywords.get('headers') ?? positional[2];
  if (!headers) return false;
  let u = unwrap(headers);
  if (u.type === 'identifier') u = unwrap(moduleConstant(root, u.text) ?? u);
  if (u.type !== 'dictionary') return true; // a variable: trust it
  // `{**BASE, ...}`: the splatted dict may hold it
  if (named(u).some((p) => p.type === 'dictionary_splat')) return true;
  return named(u).some((p) => p.type === 'pair' && (stringValue(field(p, 'key')) ?? '').toLowerCase() === 'www-authenticate');
}

function detail(call: Node): string {
  const { positional, keywords } = callArgs(call);
  return stringValue(keywords.get('detail') ?? positional[1]) ?? '';
}

/**
 * Does this construction leave HTTPBearer's auto_error on? `init` is the subclass's own `__init__`
 * (undefined: the base's, so the construction's `auto_error=` goes straight to it).
 */
function keepsAutoError(call: Node, init: BearerInit | undefined): boolean {
  const { positional, keywords } = callArgs(call);
  if (!init) {
    const auto = keywords.get('auto_error');
    return !(auto && unwrap(auto).type === 'false');
  }
  if ('auto' in init) return init.auto === 'on';
  // from a parameter of the subclass's __init__: the argument given for it, else its default
  const arg = keywords.get(init.param) ?? (init.index >= 0 ? positional[init.index] : undefined);
  if (positional.some((p) => p.type === 'list_splat') || [...(field(call, 'arguments')?.namedChildren ?? [])].some((a) => a?.type === 'dictionary_splat')) return false;
  const value = arg ? unwrap(arg).type : init.dflt === undefined ? undefined : init.dflt === 'True' ? 'true' : init.dflt === 'False' ? 'false' : 'other';
  return value === 'true';
}

/** FastAPI below 0.122 answers a missing bearer token with 403 from HTTPBearer(auto_error=True). */
export function fastapiBelow0122(version: string | undefined): boolean {
  if (!version) return true;
  const m = /(\d+)\.(\d+)/.exec(version);
  if (!m) return true;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major === 0 && minor < 122;
}

/**
 * A dependency the auth dependency takes its token from (`token: Annotated[str, Depends(bearer_token)]`,
 * one that reads the Authorization header or a token): it answers a missing token as the auth dependency would.
 */
function tokenSource(project: PyRuleScope['project'], id: string, text: string): boolean {
  if (!/authorization|bearer|token/i.test(text)) return false;
  for (const a of project.authDeps) {
    const ref = project.functions.get(a);
    if (!ref) continue;
    for (const p of ref.fn.params) {
      const dep = project.paramDep(ref, p.name);
      if (dep && project.resolveFunction(dep.file, dep.text)?.id === id) return true;
    }
  }
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'auth-error-status',
    type: 'problem',
    defaultSeverity: 'error',
    description: "Missing or invalid tokens must get 401 with WWW-Authenticate; another user's item the spec's 403 or 404.",
    languages: ['python'],
    docs: {
      checks:
        "In the auth dependency, the functions it calls and a dependency it takes the token from (`token: Annotated[str, Depends(bearer_token)]`, one that reads the Authorization header or a token): an `HTTPException` with 403 (a missing or invalid token is 401; permission or role messages, and dependencies layered on the auth dependency such as role checks, are left alone), and a 401 without a `WWW-Authenticate` header (given as `headers=` or as the third positional argument; a module-level headers dict constant is read, other variables are trusted). Anywhere in the backend: a response built by hand with 401 (`JSONResponse(..., status_code=401)`, `Response(status_code=status.HTTP_401_UNAUTHORIZED)`, as exception handlers and middleware do) without a `WWW-Authenticate` header. In any function: a refusal after an ownership comparison (`if task.user_id != user_id: raise ...` or a path `{user_id}` check) that raises 401 (the caller is authenticated; the spec's `foreignAccess`, 403 or 404, is the answer), or, when a spec file exists and a row's owner is compared, a 4xx status other than the spec's `foreignAccess` (a 400 \"Not enough permissions\" too). And `HTTPBearer()` (or a project subclass of it, `JWTBearer()`, with no `__init__` of its own, or one whose call to the base's `__init__` leaves `auto_error` at True: not passed, True, or one of its own parameters whose argument, or default, is True; `**kwargs` handed on count as the construction's keywords) with the default `auto_error=True` when the project's FastAPI version (from requirements.txt, pyproject.toml or a lock file) is below 0.122 or unknown: it answers a missing header with 403 itself.",
      why: "Clients and the frontend API wrapper decide what to do from the status: 401 means 'get a fresh token and retry' (or sign in again), 403/404 means 'not yours'. A 403 for an expired token leaves the user stuck with a broken session; a 401 for someone else's task sends the client into a refresh loop and tells an attacker the id exists. RFC 6750 requires `WWW-Authenticate: Bearer` on 401.",
      incorrect: [
        { lang: 'python', code: 'bearer = HTTPBearer()  # FastAPI 0.115: 403 when the header is missing' },
        { lang: 'python', code: 'except jwt.PyJWTError:\n    raise HTTPException(status_code=403, detail="Invalid token")' },
        { lang: 'python', code: 'if task.user_id != user_id:\n    raise HTTPException(status_code=401)' },
      ],
      correct: [
        {
          lang: 'python',
          code: 'bearer = HTTPBearer(auto_error=False)\n...\nraise HTTPException(status_code=401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"})',
        },
        { lang: 'python', code: 'if task is None or task.user_id != user_id:\n    raise HTTPException(status_code=404, detail="Task not found")' },
      ],
      fix: "Use `HTTPBearer(auto_error=False)` and raise 401 with `headers={\"WWW-Authenticate\": \"Bearer\"}` yourself for a missing or bad token; raise the spec's `foreignAccess` status (404 by default) when the row belongs to someone else.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const { project } = scope;
    const root = file.tree.rootNode;
    // HTTPBearer() on FastAPI < 0.122, and a project subclass of HTTPBearer built so that the base
    // keeps auto_error=True: no __init__ of its own, or one that passes the default on
    const subclasses = new Map<string, BearerInit | undefined>();
    for (const f of project.index.files)
      for (const m of f.models)
        if (m.bases.some((b) => /(^|\.)HTTPBearer$/.test(b)) && !m.name.includes('.')) subclasses.set(m.name, m.bearerInit);
    if ((file.source.includes('HTTPBearer') || [...subclasses.keys()].some((s) => file.source.includes(s))) && fastapiBelow0122(ctx.spec.backend.fastapiVersion)) {
      for (const call of root.descendantsOfType('call')) {
        const name = call ? calleeName(call) : null;
        if (!call || !name || (name !== 'HTTPBearer' && !subclasses.has(name))) continue;
        if (!keepsAutoError(call, name === 'HTTPBearer' ? undefined : subclasses.get(name))) continue;
        const version = ctx.spec.backend.fastapiVersion;
        const init = name === 'HTTPBearer' ? undefined : subclasses.get(name);
        const what = name === 'HTTPBearer' ? 'HTTPBearer()' : `${name}() (an HTTPBearer subclass)`;
        // a subclass whose __init__ always passes the default on: the fix is in that __init__
        const fix = init && 'auto' in init ? `pass auto_error=False in ${name}.__init__'s call to the base` : `use ${name}(auto_error=False)`;
        ctx.report({
          message: `${what} with auto_error=True answers a missing token with 403 on FastAPI ${version ?? '(version unknown)'} (401 only from 0.122): ${fix} and raise 401`,
          ...span(call),
        });
      }
    }
    // a 401 response built by hand (an exception handler, a middleware) without WWW-Authenticate
    if (file.source.includes('Response') && /401|UNAUTHORIZED/.test(file.source)) {
      for (const call of root.descendantsOfType('call')) {
        if (!call || !/Response$/.test(calleeName(call) ?? '')) continue;
        const v = callArgs(call).keywords.get('status_code') ?? callArgs(call).positional[1];
        const u = v ? unwrap(v) : null;
        const status = !u ? null : u.type === 'integer' ? Number(u.text) : /HTTP_401_/.test(u.text) ? 401 : null;
        if (status === 401 && !hasWwwAuthenticate(call, root))
          ctx.report({ message: `${calleeName(call)} with 401 but no WWW-Authenticate header: add headers={"WWW-Authenticate": "Bearer"}`, ...span(call) });
      }
    }
    // owner columns, and the user parameters of resource paths (`/api/{user_id}/tasks`)
    const owners = new Set(['user_id', ...ctx.spec.resources.map((r) => r.ownerField)]);
    for (const r of ctx.spec.resources) for (const m of r.path.matchAll(/\{([A-Za-z_]\w*)\}/g)) if (/user|owner|account/i.test(m[1]!)) owners.add(m[1]!);
    for (const m of project.ownedModels(ctx.spec).values()) owners.add(m);
    const foreign = [...new Set(ctx.spec.resources.map((r) => r.foreignAccess))];
    const ownerNames = [...owners];
    for (const fn of scope.functions) {
      if (!fn.ref.fn.calls.some((c) => /(^|\.)HTTPException$/.test(c.callee))) continue;
      // ownership refusals: `if row.user_id != user: raise`, `if path_user_id != user: raise`
      const ownershipRanges: [number, number][] = [];
      walkFunction(fn.node, {
        refusal(node, comparisons, env) {
          // an owner name (`user_id`) must appear in the statement for a comparison to be about ownership
          const text = file.source.slice(node.startIndex, node.endIndex);
          if (!ownerNames.some((o) => text.includes(o))) return;
          let kind: 'item' | 'path' | null = null;
          for (const c of comparisons) {
            if (c.op !== '!=' && c.op !== 'is not') continue;
            for (const [a, b] of [
              [c.left, c.right],
              [c.right, c.left],
            ] as const) {
              const u = unwrap(a);
              const name = u.type === 'attribute' ? field(u, 'attribute')?.text : u.type === 'identifier' ? u.text : undefined;
              const objIsModel = u.type === 'attribute' && /^[A-Z]/.test(dotted(field(u, 'object')) ?? '');
              if (!name || !owners.has(name) || objIsModel) continue;
              const scoped = u.type === 'identifier' ? { ...fn, auth: new Set([...fn.auth].filter((x) => x !== name)) } : fn;
              if (isAuthExpr(scope, scoped, b, env)) kind ??= u.type === 'attribute' ? 'item' : 'path';
            }
          }
          if (!kind) return;
          const cons = field(node, 'consequence');
          if (!cons) return;
          const consStart = cons.startIndex;
          const consEnd = cons.endIndex;
          ownershipRanges.push([consStart, consEnd]);
          // a report needs a 401 in the block (a literal, hex/octal/binary included, or HTTP_401_...) or the spec's foreignAccess check
          const specCheck = kind === 'item' && ctx.specFound && foreign.length === 1;
          if (!specCheck && !/401|0[xXoObB]/.test(file.source.slice(consStart, consEnd))) return;
          for (const call of descendants(cons, 'call')) {
            if (!isHttpException(call)) continue;
            const status = statusOf(call);
            if (status === 401) {
              ctx.report({ message: `Another user's item answers 401 (the caller is authenticated): use ${foreign.join(' or ')} as the spec says`, ...span(call) });
            } else if (kind === 'item' && ctx.specFound && foreign.length === 1 && status !== null && status >= 400 && status < 500 && status !== foreign[0]) {
              ctx.report({ message: `Another user's item answers ${status}, but the spec's foreignAccess is ${foreign[0]}`, ...span(call) });
            }
          }
        },
      });
      // in the auth dependency's path: missing or invalid token
      // (a dependency built on the auth dependency, e.g. a role check, may answer 403: it does not see tokens)
      const layered = project.depTargets.has(fn.ref.id) && !project.decodesInBody(fn.ref.id);
      if ((project.authReach.has(fn.ref.id) && !layered) || (layered && tokenSource(project, fn.ref.id, file.source.slice(fn.node.startIndex, fn.node.endIndex)))) {
        for (const call of descendants(fn.node, 'call')) {
          if (!isHttpException(call)) continue;
          if (ownershipRanges.some(([a, b]) => call.startIndex >= a && call.startIndex < b)) continue;
          const status = statusOf(call);
          if (status === 403 && !/permission|role|admin|scope|privilege/i.test(detail(call))) {
            ctx.report({ message: `${fn.ref.fn.name} answers a missing or invalid token with 403: use 401 with WWW-Authenticate: Bearer`, ...span(call) });
          } else if (status === 401 && !hasWwwAuthenticate(call, root)) {
            ctx.report({ message: `401 without a WWW-Authenticate header: add headers={"WWW-Authenticate": "Bearer"}`, ...span(call) });
          }
        }
      }
    }
  },
};

export default rule;
