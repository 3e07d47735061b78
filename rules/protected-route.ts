/**
 * `protected-route`: every route of the five basic features, and every route that touches an
 * owned model, depends on the auth dependency (signature, decorator, router, mount or app).
 */
import type { Rule } from './types.js';
import { isTestOrMigration, pyScope } from './python/support.js';

/** `/api/{user_id}/tasks` and `/api/{uid}/tasks/{id}` compare equal up to parameter names. */
function normalisePath(p: string): string {
  return p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');
}

/** `underResource` on normalised paths. */
function underBase(full: string, base: string): boolean {
  if (!base) return false;
  return full === base || full.startsWith(`${base}/`);
}

export function underResource(fullPath: string, resourcePath: string): boolean {
  const full = normalisePath(fullPath);
  const base = normalisePath(resourcePath);
  if (!base) return false;
  return full === base || full.startsWith(`${base}/`);
}

export const rule: Rule = {
  meta: {
    id: 'protected-route',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'Every route that serves or changes user-owned data must depend on the auth dependency.',
    languages: ['python'],
    docs: {
      checks:
        "Finds the FastAPI routes (`@router.get/post/put/patch/delete/api_route`) whose full path (mount and router prefixes included) lies under one of the spec's resource paths (the five basic features: view, add, update, delete, complete), or whose handler, directly or through the helpers it calls, uses an owned model. Each must depend on the auth dependency (the function given to `Depends(...)` or `Security(...)` that verifies the JWT, or a dependency built on it; an instance of a project class, `Security(verifier)` with `verifier = JWTBearer()` or built inline, `Depends(JWTBearer())`, stands for its `__call__`, and `Depends(handler.current_user)` for the class's method; `self.other()` in a method calls the class's own method): as a handler parameter (`= Depends(...)`, `Annotated[..., Depends(...)]` or an Annotated alias), as a class attribute of a class-based view (`@cbv(router)` of fastapi-utils or fastapi-restful: `uid: str = Depends(...)`, `Annotated[...]` or `Security(...)`, in the class or a base class of the same module, which FastAPI resolves for every route of the class), in the decorator's `dependencies=[...]`, in `APIRouter(dependencies=[...])`, or in every `include_router(..., dependencies=[...])` / `FastAPI(dependencies=[...])` that mounts its router. An app whose HTTP middleware verifies the JWT (`@app.middleware(\"http\")` on a function, or `app.add_middleware(...)` with a `dispatch` function or a middleware class whose `dispatch` decodes it, directly or through what it calls) protects every route it serves. A websocket endpoint (`@router.websocket`), which cannot use an HTTP bearer dependency, may instead verify the token itself (a verified `jwt.decode` in its body or a helper it calls).",
      why: 'A route without the dependency answers anyone who can reach the API: no token, no user, and every row of the table is one request away. It is the most common way a new endpoint slips past review.',
      incorrect: [
        {
          lang: 'python',
          code: 'router = APIRouter(prefix="/api/{user_id}/tasks")\n\n@router.get("")\ndef list_tasks(user_id: str, session: SessionDep):\n    return session.exec(select(Task).where(Task.user_id == user_id)).all()',
        },
      ],
      correct: [
        {
          lang: 'python',
          code: 'router = APIRouter(prefix="/api/{user_id}/tasks", dependencies=[Depends(get_current_user)])',
        },
        {
          lang: 'python',
          code: '@router.get("")\ndef list_tasks(user: CurrentUser, session: SessionDep):\n    ...',
        },
      ],
      fix: 'Add the auth dependency to the route (`user: CurrentUser` or `user_id: str = Depends(get_current_user)`), to its router (`APIRouter(dependencies=[Depends(get_current_user)])`) or to the `include_router(...)` that mounts the router.',
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope || scope.facts.routes.length === 0) return;
    const { project, facts } = scope;
    const owned = project.ownedModels(ctx.spec);
    const resources = ctx.spec.resources;
    const bases = resources.map((r) => normalisePath(r.path));
    for (const route of facts.routes) {
      const fullPath = project.fullPath(facts, route);
      const full = normalisePath(fullPath);
      const own = normalisePath(route.path);
      const resource = resources.find((_, i) => underBase(full, bases[i]!) || underBase(own, bases[i]!));
      const handler = project.fnAt(facts.path, route.handler);
      const touches = handler ? project.touchesOwned(handler.id, owned) : false;
      if (!resource && !touches) continue;
      if (project.routeProtected(facts, route)) continue;
      const method = route.method.toUpperCase();
      const why = resource ? `serves the ${resource.name} resource` : 'uses an owned model';
      ctx.report({
        message: `Route ${method} ${fullPath || '/'} (${route.handler}) ${why} but does not depend on the auth dependency${project.authDeps.size === 0 ? ' (no function of the project verifies a JWT, so no dependency authenticates the caller)' : ''}`,
        line: route.line,
        column: route.column,
      });
    }
  },
};

export default rule;
