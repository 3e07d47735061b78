/**
 * `path-user-check`: a route whose path has `{user_id}` compares it with the authenticated user,
 * and refuses on mismatch, before it uses it.
 */
import { calleeText, descendants, field, line, span, type Node } from './python/ast.js';
import { originsOf, walkFunction, type Env } from './python/flow.js';
import { argFor } from './python/project.js';
import { isAuthExpr, isTestOrMigration, type PyFunctionInFile, pyScope } from './python/support.js';
import type { Rule } from './types.js';

export const rule: Rule = {
  meta: {
    id: 'path-user-check',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'A route with {user_id} in its path must refuse when it differs from the authenticated user, before using it.',
    languages: ['python'],
    docs: {
      checks:
        "For every route whose full path contains `{user_id}` (or `{<ownerField>}` of a spec resource) and whose handler uses that parameter, there must be a comparison with the authenticated user's id (a parameter on the auth dependency, or `self.uid` of a class-based view's attribute declared with it, `@cbv(router)`) that refuses on mismatch (`if user_id != current_user: raise HTTPException(...)`, `if not secrets.compare_digest(user_id, current_user): raise ...`, or `if current_user == user_id: return ...` followed by a raise), before the first other use of the parameter. An `assert` is not a refusal (`python -O` removes it, and a failure answers 500): it is reported with its own message. The comparison may sit in a helper that raises (called with the path value and the user), or in a dependency of the route that receives the same path parameter next to the auth dependency.",
      why: "`/api/{user_id}/tasks` invites the client to say whose data it wants. A handler that trusts the path value serves Alice's tasks to Bob as soon as Bob edits the URL, even though Bob's token is perfectly valid.",
      incorrect: [
        {
          lang: 'python',
          code: '@router.get("/api/{user_id}/tasks")\ndef list_tasks(user_id: str, user: CurrentUser, session: SessionDep):\n    return session.exec(select(Task).where(Task.user_id == user_id)).all()',
        },
      ],
      correct: [
        {
          lang: 'python',
          code: '@router.get("/api/{user_id}/tasks")\ndef list_tasks(user_id: str, user: CurrentUser, session: SessionDep):\n    if user_id != user:\n        raise HTTPException(status_code=404)\n    return session.exec(select(Task).where(Task.user_id == user)).all()',
        },
      ],
      fix: "Compare the path value with the id from the auth dependency first and raise the spec's 403/404 on mismatch (or better, ignore the path value and use the token's user id everywhere).",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope || scope.facts.routes.length === 0) return;
    const { project, facts } = scope;
    const names = new Set(['user_id', ...ctx.spec.resources.map((r) => r.ownerField)]);
    for (const route of facts.routes) {
      const fullPath = project.fullPath(facts, route);
      const params = [...fullPath.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g)].map((m) => m[1]!).filter((p) => names.has(p));
      if (params.length === 0) continue;
      const fn = scope.functions.find((f) => f.ref.fn.name === route.handler);
      if (!fn) continue;
      for (const p of params) {
        const decl = fn.ref.fn.params.find((x) => x.name === p);
        if (!decl || project.paramDep(fn.ref, p)) continue;
        // checked by one of the route's dependencies (it receives the same path parameter)
        const depChecks = project.routeDependencies(facts, route).some((d) => {
          const dp = d.fn.params.find((x) => x.name === p);
          return dp && !dp.dep && (project.authParams.get(d.id)?.has(p) ?? false);
        });
        if (depChecks) continue;
        const check = firstCheck(scope, fn, p);
        const uses = descendants(field(fn.node, 'body') ?? fn.node, 'identifier').filter(
          (id) => id.text === p && isReference(id) && (!check || id.startIndex < check.startIndex || id.startIndex >= check.endIndex),
        );
        const early = uses.filter((id) => !check || id.startIndex < check.startIndex);
        if (check && early.length === 0) continue;
        if (!check && uses.length === 0) continue;
        const first = early[0] ?? uses[0]!;
        // `assert user_id == user.id`: compared, but python -O strips asserts and a failed one is a 500
        const asserted = !check && uses.some((id) => id.parent?.type === 'comparison_operator' && id.parent.parent?.type === 'assert_statement');
        ctx.report({
          message: check
            ? `Path parameter ${p} is used before it is compared with the authenticated user (line ${line(check)})`
            : asserted
              ? `Path parameter ${p} is checked only by an assert, which python -O removes (and a failure answers 500): compare it with the authenticated user and raise HTTPException on mismatch`
              : `Path parameter ${p} is used without comparing it with the authenticated user and refusing on mismatch`,
          ...span(first),
        });
      }
    }
  },
};

/** A variable reference, not an attribute name (`Task.user_id`) or a keyword (`filter_by(user_id=...)`). */
function isReference(id: Node): boolean {
  const parent = id.parent;
  if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === id.id) return false;
  if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === id.id) return false;
  return true;
}

/** The first `if <p> != <user>: raise` (or guard-helper call) in the handler, as a node. */
function firstCheck(scope: NonNullable<ReturnType<typeof pyScope>>, fn: PyFunctionInFile, p: string): Node | null {
  const auth = new Set([...fn.auth].filter((x) => x !== p));
  const without: PyFunctionInFile = { ...fn, auth };
  let found: Node | null = null;
  const authOther = (origins: readonly string[]): boolean => origins.length > 0 && origins.every((o) => o !== p && scope.project.isAuthOrigin(fn.ref, o, auth));
  walkFunction(fn.node, {
    refusal(node, comparisons, env: Env) {
      if (found) return;
      for (const c of comparisons) {
        if (c.op !== '!=' && c.op !== 'is not') continue;
        const l = originsOf(c.left, env);
        const r = originsOf(c.right, env);
        if ((l.has(p) && isAuthExpr(scope, without, c.right, env)) || (r.has(p) && isAuthExpr(scope, without, c.left, env))) {
          found = field(node, 'condition') ?? node;
          return;
        }
      }
    },
    call(node, env) {
      if (found) return;
      const callee = calleeText(node);
      const target = callee ? scope.project.resolveFunction(fn.ref.file.path, callee) : undefined;
      if (!target) return;
      const call = fn.ref.fn.calls.find((c) => c.line === line(node) && c.callee === callee);
      if (!call) return;
      for (const [a, b] of scope.project.guardPairs(target)) {
        const oa = argFor(target, call, a) ?? [];
        const ob = argFor(target, call, b) ?? [];
        if ((oa.includes(p) && authOther(ob)) || (ob.includes(p) && authOther(oa))) {
          found = node;
          return;
        }
      }
    },
  });
  return found;
}

export default rule;
