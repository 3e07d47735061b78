/**
 * `stateless-verification`: the auth dependency and everything it calls, across modules, touch no
 * database and no session store. Fetching and caching JWKS keys is fine.
 */
import { descendants, span } from './python/ast.js';
import { isTestOrMigration, pyScope } from './python/support.js';
import { AUTH_NAME } from './python/project.js';
import type { Rule } from './types.js';

export const rule: Rule = {
  meta: {
    id: 'stateless-verification',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The JWT auth dependency must verify the token on its own, without a database or session-store lookup.',
    languages: ['python'],
    docs: {
      checks:
        "Finds the auth dependency (every function given to `Depends(...)` that decodes a JWT, directly, through the functions it calls, or through its own dependencies; a route handler that verifies the token itself, such as a websocket endpoint, is a route and not the auth dependency) and follows its calls across the project's modules. Reports every database or session-store access on that path: a `Session`/`AsyncSession` parameter or `Depends(get_session)`/`Depends(get_db)`, `Session(engine)`, `SessionLocal()`, `create_engine`, `session.exec/execute/get/query/scalars`, `select(...)` on a model (such as Better Auth's `session` table), Redis clients and calls, and raw database connections. A dependency (or a function it calls) that asks Better Auth's session endpoint (`/api/auth/get-session`) over HTTP is reported too: that is a session lookup per request, not a JWT check. HTTP clients that fetch the JWKS (`PyJWKClient`, `httpx`, `requests`) are fine, and so is a dependency layered on the auth dependency that builds something else from the user and a session (`get_repo`, a repository class given to `Depends()`): only the functions that decode the token, and layered ones that produce the user (named like `get_current_active_user`), are the verification path.",
      why: "The point of handing the API a signed JWT is that the API can check it alone: a lookup on the verification path couples every request to the auth database (latency, outages, connection exhaustion) and usually means the backend is checking Better Auth's opaque session token instead of the JWT, so revocation, expiry and the signature are whatever that lookup makes of them.",
      incorrect: [
        {
          lang: 'python',
          code: 'def get_current_user(creds=Depends(bearer), session: Session = Depends(get_session)) -> str:\n    row = session.exec(select(AuthSession).where(AuthSession.token == creds.credentials)).first()\n    ...',
        },
      ],
      correct: [
        {
          lang: 'python',
          code: 'jwks = jwt.PyJWKClient(JWKS_URL, cache_keys=True)\n\ndef get_current_user(creds=Depends(bearer)) -> str:\n    key = jwks.get_signing_key_from_jwt(creds.credentials)\n    return jwt.decode(creds.credentials, key.key, algorithms=["EdDSA"], issuer=ISSUER, audience=ISSUER)["sub"]',
        },
      ],
      fix: "Verify the JWT's signature, expiry, issuer and audience with the public key (JWKS) or the shared secret and take the user id from `sub`; load user rows, if needed, in the route that needs them, not in the dependency every route shares.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const { project } = scope;
    // a dependency (or a helper of one) that asks Better Auth's session endpoint on every request
    if (/\/api\/auth\/(get-)?session/.test(file.source)) {
      for (const f of scope.functions) {
        const id = f.ref.id;
        const onPath = project.depTargets.has(id) || project.authReach.has(id) || (project.callSites.get(id) ?? []).some((c) => project.depTargets.has(c.caller.id));
        if (!onPath) continue;
        for (const str of descendants(f.node, 'string')) {
          if (!/\/api\/auth\/(get-)?session\b/.test(str.text)) continue;
          ctx.report({
            message: `Stateful verification: ${f.ref.fn.name} asks Better Auth's session endpoint (${/get-session/.test(str.text) ? '/api/auth/get-session' : '/api/auth/session'}) on every request instead of verifying the JWT's signature`,
            ...span(str),
          });
          break;
        }
      }
    }
    for (const fn of scope.facts.functions) {
      if (fn.store.length === 0) continue;
      const id = `${file.path}#${fn.name}`;
      const dep = project.authReach.get(id);
      if (!dep || fn.store.length === 0) continue;
      const depName = project.functions.get(dep)?.fn.name ?? dep;
      // A dependency layered on the auth dependency that builds something else (a repository, a
      // service: `TaskRepo(session, user)`) is not the verification path; one that produces the user
      // (`get_current_active_user`) or decodes the token itself is.
      const provider = depName.endsWith('.__init__') ? depName.slice(0, -'.__init__'.length) : depName;
      if (!project.decodesInBody(dep) && !AUTH_NAME.test(provider.slice(provider.lastIndexOf('.') + 1))) continue;
      const via = dep === id ? `the auth dependency ${fn.name}` : `${fn.name}, called from the auth dependency ${depName} (${dep.split('#')[0]})`;
      const lines = new Set<number>();
      for (const t of fn.store) {
        // one finding per line: `session.exec(select(AuthSession)...)` is one lookup
        if (lines.has(t.line)) continue;
        lines.add(t.line);
        ctx.report({ message: `Stateful verification: ${via} accesses a database or session store (${t.what})`, line: t.line, column: t.column });
      }
    }
  },
};

export default rule;
