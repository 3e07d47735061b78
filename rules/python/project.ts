/**
 * Cross-module answers over the merged PythonIndex: import resolution, the auth dependencies,
 * which parameters hold the authenticated user id (helpers included, through their call sites),
 * what the auth dependency reaches, and whether a route is protected by a router or mount.
 * Built lazily once per index object (per worker thread) and cached.
 */
import type { Spec } from '../../generator/model.js';
import type { PyAlias, PyCall, PyConst, PyFileFacts, PyFunction, PyModel, PyRoute, PyRouterDecl, PythonIndex } from './index.js';

export interface FnRef {
  id: string;
  file: PyFileFacts;
  fn: PyFunction;
}

export type Symbol =
  | { kind: 'function'; ref: FnRef }
  | { kind: 'router'; file: PyFileFacts; decl: PyRouterDecl }
  | { kind: 'alias'; file: PyFileFacts; alias: PyAlias }
  | { kind: 'module'; file: PyFileFacts };

/** Names that look like an auth dependency, used only when the dependency cannot be resolved (or hands the token to a library). */
export const AUTH_NAME = /user|auth|jwt|token|principal|identity|verify|bearer/i;
/** A call outside the project that may verify a token (`verify_id_token`, `validate_token`, `decode_jwt`, `authenticate`, `introspect`). */
const EXTERNAL_VERIFIER = /verif|decode|validat|authenticat|introspect|jwt|token|session/i;
/** What FastAPI hands a dependency from the connection itself, not a value the client picks as its identity. */
const REQUEST_OBJECT = /(^|\.)(Request|HTTPConnection|WebSocket|Response|BackgroundTasks|SecurityScopes|\w*Credentials)$/;
/** A dependency that admits only some users (`Depends(require_admin)`, `Depends(require_role("admin"))`). */
const ROLE_DEP = /admin|role|scope|permission|superuser|staff/i;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Tests, migrations and seed / maintenance scripts: they query and decode freely and serve no requests. */
export function isTestOrMigration(path: string): boolean {
  return /(^|\/)(tests?|testing|migrations|alembic|scripts|seeds?)\/|(^|\/)(test_[^/]*|[^/]*_test|conftest|seed[^/]*)\.py$/.test(path);
}

export class PyProject {
  readonly files = new Map<string, PyFileFacts>();
  private readonly modules = new Map<string, PyFileFacts[]>();
  readonly functions = new Map<string, FnRef>();
  /** filePath → text → resolved symbol (null: none, or being resolved). */
  private readonly symbolCache = new Map<string, Map<string, Symbol | null>>();
  /** filePath → qualname → function (the same refs as `functions`). */
  private readonly fnByFile = new Map<string, Map<string, FnRef>>();
  /** Per file: first router / alias of a name, last import binding a local name. */
  private readonly lookups = new Map<string, FileLookup>();
  private readonly guardPairsMemo = new Map<string, [string, string][]>();
  private readonly isAuthDepMemo = new Map<string, Map<string, boolean>>();
  private readonly routeDepsMemo = new Map<PyRoute, FnRef[]>();
  private readonly moduleMemo = new Map<string, Map<string, PyFileFacts | undefined>>();
  private decodeMemo = new Map<string, boolean>();
  /** Function ids used as a FastAPI dependency somewhere. */
  readonly depTargets = new Set<string>();
  readonly authDeps = new Set<string>();
  /** Function id → parameter names holding the authenticated identity. */
  readonly authParams = new Map<string, Set<string>>();
  readonly callSites = new Map<string, { caller: FnRef; call: PyCall }[]>();
  /** Function id → parameter → the line of the in-body check that made it authenticated (valid after that line only). */
  readonly checkedFrom = new Map<string, Map<string, number>>();
  private authStateMemo: Set<string> | undefined;
  /** Function id → the auth dependency it is reached from. */
  readonly authReach = new Map<string, string>();
  private readonly calleesOf = new Map<string, FnRef[]>();
  private routerProtectedMemo = new Map<string, boolean>();

  constructor(readonly index: PythonIndex) {
    for (const f of index.files) {
      this.files.set(f.path, f);
      const byName = new Map<string, FnRef>();
      this.fnByFile.set(f.path, byName);
      for (const fn of f.functions) {
        const ref: FnRef = { id: `${f.path}#${fn.name}`, file: f, fn };
        this.functions.set(ref.id, ref);
        byName.set(fn.name, ref);
      }
      const noExt = f.path.replace(/\.pyi?$/, '');
      const segs = (noExt.endsWith('/__init__') ? noExt.slice(0, -'/__init__'.length) : noExt).split('/');
      for (let i = segs.length - 1; i >= 0; i--) {
        const mod = segs.slice(i).join('.');
        const list = this.modules.get(mod) ?? [];
        list.push(f);
        this.modules.set(mod, list);
      }
    }
    // call graph (calls from tests do not count: a test may pass any literal user id to a helper)
    const testFile = new Map<PyFileFacts, boolean>();
    for (const ref of this.functions.values()) {
      let isTest = testFile.get(ref.file);
      if (isTest === undefined) testFile.set(ref.file, (isTest = isTestOrMigration(ref.file.path)));
      if (isTest) continue;
      const callees: FnRef[] = [];
      const resolved: { call: PyCall; target: FnRef }[] = [];
      for (const call of ref.fn.calls) {
        const target = this.resolveCallee(ref, call.callee);
        if (!target) continue;
        callees.push(target);
        resolved.push({ call, target });
        const list = this.callSites.get(target.id) ?? [];
        list.push({ caller: ref, call });
        this.callSites.set(target.id, list);
      }
      this.calleesOf.set(ref.id, callees);
      this.resolvedCallsMemo.set(ref.id, resolved);
    }
    this.computeAuthDeps();
    this.computeAuthParams();
    this.computeAuthReach();
  }

  /** The file a module name refers to, seen from `fromPath`. */
  resolveModule(module: string, level: number, fromPath: string): PyFileFacts | undefined {
    if (level > 0) {
      let dir = dirOf(fromPath);
      for (let i = 1; i < level; i++) dir = dirOf(dir);
      const rel = module ? module.replace(/\./g, '/') : '';
      const base = rel ? (dir ? `${dir}/${rel}` : rel) : dir;
      return this.files.get(`${base}.py`) ?? this.files.get(base ? `${base}/__init__.py` : '__init__.py');
    }
    const list = this.modules.get(module);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0];
    let memo = this.moduleMemo.get(fromPath);
    if (!memo) this.moduleMemo.set(fromPath, (memo = new Map()));
    if (memo.has(module)) return memo.get(module);
    // the candidate closest to the importing file
    const best = [...list].sort((a, b) => commonPrefix(b.path, fromPath) - commonPrefix(a.path, fromPath) || a.path.length - b.path.length)[0];
    memo.set(module, best);
    return best;
  }

  /** Resolves a dotted name as written in `filePath` to a function, router, alias or module. */
  resolve(filePath: string, text: string, depth = 0): Symbol | undefined {
    let table = this.symbolCache.get(filePath);
    if (!table) this.symbolCache.set(filePath, (table = new Map()));
    const cached = table.get(text);
    if (cached !== undefined) return cached ?? undefined;
    table.set(text, null); // cycle guard
    const result = depth > 8 ? undefined : this.resolveUncached(filePath, text, depth);
    table.set(text, result ?? null);
    return result;
  }

  private resolveUncached(filePath: string, text: string, depth: number): Symbol | undefined {
    const file = this.files.get(filePath);
    if (!file) return undefined;
    const byName = this.fnByFile.get(filePath);
    // a class of the project: calling it (or depending on it) runs its __init__
    const fnRef = byName?.get(text) ?? byName?.get(`${text}.__init__`);
    if (fnRef) return { kind: 'function', ref: fnRef };
    // a method the class inherits (`crud_task.get(...)` on `class CRUDTask(CRUDBase[Task])` runs CRUDBase.get)
    const lastDot = text.lastIndexOf('.');
    const cls = lastDot > 0 ? this.lookup(file).classes.get(text.slice(0, lastDot)) : undefined;
    if (cls) {
      for (const base of cls.bases) {
        const name = baseName(base);
        const method = name ? this.resolve(filePath, `${name}${text.slice(lastDot)}`, depth + 1) : undefined;
        if (method?.kind === 'function') return method;
      }
    }
    // an instance of a project class (`jwt_bearer = JWTBearer()`): calling it, or depending on it, runs its __call__
    const inst = file.constants?.[text];
    if (inst?.kind === 'instance') {
      const call = this.resolve(filePath, `${inst.cls}.__call__`, depth + 1);
      if (call?.kind === 'function') return call;
    }
    // a method bound to such an instance (`Depends(auth_handler.current_user)`)
    const instDot = text.indexOf('.');
    const owner = instDot > 0 ? file.constants?.[text.slice(0, instDot)] : undefined;
    if (owner?.kind === 'instance') {
      const method = this.resolve(filePath, `${owner.cls}.${text.slice(instDot + 1)}`, depth + 1);
      if (method?.kind === 'function') return method;
    }
    const look = this.lookup(file);
    const router = look.routers.get(text);
    if (router) return { kind: 'router', file, decl: router };
    const alias = look.aliases.get(text);
    if (alias) return { kind: 'alias', file, alias };
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const imp = look.imports.get(head);
    if (!imp) return undefined;
    const parts = text.split('.');
    const rest = dot < 0 ? '' : text.slice(dot + 1);
    if (imp.name !== undefined) {
      const target = this.resolveModule(imp.module, imp.level, file.path);
      if (!rest) {
        if (target) {
          const s = this.resolve(target.path, imp.name, depth + 1);
          if (s) return s;
        }
        const sub = this.resolveModule(imp.module ? `${imp.module}.${imp.name}` : imp.name, imp.level, file.path);
        return sub ? { kind: 'module', file: sub } : undefined;
      }
      const sub = this.resolveModule(imp.module ? `${imp.module}.${imp.name}` : imp.name, imp.level, file.path);
      if (sub) return this.resolve(sub.path, rest, depth + 1);
      if (target) return this.resolve(target.path, `${imp.name}.${rest}`, depth + 1);
      return undefined;
    }
    // `import a.b.c` binds `a`; `import a.b as x` binds `x` to a.b
    const aliased = !imp.module.startsWith(`${head}.`) && imp.module !== head;
    const fullParts = aliased ? [...imp.module.split('.'), ...parts.slice(1)] : parts;
    for (let i = fullParts.length - 1; i >= 1; i--) {
      const mod = this.resolveModule(fullParts.slice(0, i).join('.'), 0, file.path);
      if (mod) return this.resolve(mod.path, fullParts.slice(i).join('.'), depth + 1);
    }
    const mod = this.resolveModule(fullParts.join('.'), 0, file.path);
    return mod ? { kind: 'module', file: mod } : undefined;
  }

  private lookup(file: PyFileFacts): FileLookup {
    let l = this.lookups.get(file.path);
    if (!l) {
      l = { routers: new Map(), aliases: new Map(), imports: new Map(), classes: new Map() };
      for (const m of file.models) l.classes.set(m.name, m); // the last definition wins
      for (const r of file.routers) if (!l.routers.has(r.name)) l.routers.set(r.name, r);
      for (const a of file.aliases) if (!l.aliases.has(a.name)) l.aliases.set(a.name, a);
      for (const i of file.imports) l.imports.set(i.local, i); // the last binding wins
      this.lookups.set(file.path, l);
    }
    return l;
  }

  /**
   * The module constant a dotted name refers to, across imports: `SECRET_KEY` imported from
   * app.config, `config.SECRET_KEY`, `settings.JWT_SECRET` where `settings = Settings()` and the class
   * sets `JWT_SECRET = "…"`. Undefined when it is not a constant of the project.
   */
  constantAt(filePath: string, text: string, depth = 0): { file: PyFileFacts; name: string; c: PyConst } | undefined {
    if (depth > 8) return undefined;
    const file = this.files.get(filePath);
    if (!file) return undefined;
    const consts = file.constants ?? {};
    const own = consts[text];
    if (own && own.kind !== 'instance') return { file, name: text, c: own };
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const rest = dot < 0 ? '' : text.slice(dot + 1);
    const inst = rest ? consts[head] : undefined;
    if (inst?.kind === 'instance') return this.constantAt(filePath, `${inst.cls}.${rest}`, depth + 1);
    if (own || consts[head]) return undefined; // a local binding that is not a constant
    return this.viaImports(file, text, depth, (p, t, d) => this.constantAt(p, t, d));
  }

  /**
   * What a dotted name refers to through this file's imports, asking `at` in the module it comes from:
   * `from app.config import SECRET_KEY`, `from app import config` then `config.SECRET_KEY`,
   * `import app.config` (binds `app`), `import app.config as cfg`.
   */
  private viaImports<T>(file: PyFileFacts, text: string, depth: number, at: (path: string, text: string, depth: number) => T | undefined): T | undefined {
    const dot = text.indexOf('.');
    const head = dot < 0 ? text : text.slice(0, dot);
    const rest = dot < 0 ? '' : text.slice(dot + 1);
    const imp = this.lookup(file).imports.get(head);
    if (!imp) return undefined;
    if (imp.name !== undefined) {
      const target = this.resolveModule(imp.module, imp.level, file.path);
      const hit = target ? at(target.path, rest ? `${imp.name}.${rest}` : imp.name, depth + 1) : undefined;
      if (hit || !rest) return hit;
      const sub = this.resolveModule(imp.module ? `${imp.module}.${imp.name}` : imp.name, imp.level, file.path);
      return sub ? at(sub.path, rest, depth + 1) : undefined;
    }
    const parts = text.split('.');
    const aliased = !imp.module.startsWith(`${head}.`) && imp.module !== head;
    const fullParts = aliased ? [...imp.module.split('.'), ...parts.slice(1)] : parts;
    for (let i = fullParts.length - 1; i >= 1; i--) {
      const mod = this.resolveModule(fullParts.slice(0, i).join('.'), 0, file.path);
      if (mod) return at(mod.path, fullParts.slice(i).join('.'), depth + 1);
    }
    return undefined;
  }

  /** The module-level instance of a project class a dotted name refers to (`crud_task`, `crud.task`), across imports. */
  instanceAt(filePath: string, text: string, depth = 0): { file: PyFileFacts; name: string; c: Extract<PyConst, { kind: 'instance' }> } | undefined {
    if (depth > 8) return undefined;
    const file = this.files.get(filePath);
    if (!file) return undefined;
    const own = file.constants?.[text];
    if (own) return own.kind === 'instance' ? { file, name: text, c: own } : undefined;
    return this.viaImports(file, text, depth, (p, t, d) => this.instanceAt(p, t, d));
  }

  /** The project class a dotted name refers to, across imports. */
  classAt(filePath: string, text: string, depth = 0): { file: PyFileFacts; cls: PyModel } | undefined {
    if (depth > 8) return undefined;
    const file = this.files.get(filePath);
    if (!file) return undefined;
    const own = this.lookup(file).classes.get(text);
    if (own) return { file, cls: own };
    return this.viaImports(file, text, depth, (p, t, d) => this.classAt(p, t, d));
  }

  /** The class and its project ancestors, depth first in base order (an approximation of the MRO). */
  ancestry(file: PyFileFacts, cls: PyModel): { file: PyFileFacts; cls: PyModel }[] {
    const out: { file: PyFileFacts; cls: PyModel }[] = [];
    const seen = new Set<string>();
    const visit = (f: PyFileFacts, c: PyModel): void => {
      const key = `${f.path}#${c.name}`;
      if (seen.has(key) || out.length >= 12) return;
      seen.add(key);
      out.push({ file: f, cls: c });
      for (const b of c.bases) {
        const name = baseName(b);
        const hit = name ? this.classAt(f.path, name) : undefined;
        if (hit) visit(hit.file, hit.cls);
      }
    };
    visit(file, cls);
    return out;
  }

  resolveFunction(filePath: string, text: string): FnRef | undefined {
    const s = this.resolve(filePath, text);
    return s?.kind === 'function' ? s.ref : undefined;
  }

  fnAt(filePath: string, qualname: string): FnRef | undefined {
    return this.fnByFile.get(filePath)?.get(qualname);
  }

  /** Does the function decode a JWT, directly or through what it calls / depends on? */
  decodesJwt(id: string): boolean {
    const memo = this.decodeMemo.get(id);
    if (memo !== undefined) return memo;
    this.decodeMemo.set(id, false);
    const ref = this.functions.get(id);
    let result = false;
    if (ref) {
      result =
        ref.fn.decodes.length > 0 ||
        (this.calleesOf.get(id) ?? []).some((c) => this.decodesJwt(c.id)) ||
        ref.fn.params.some((p) => {
          const dep = this.paramDep(ref, p.name);
          const t = dep ? this.resolveFunction(dep.file, dep.text) : undefined;
          return t ? this.decodesJwt(t.id) : false;
        });
    }
    this.decodeMemo.set(id, result);
    return result;
  }

  /** Decodes a JWT in its own body or through the functions it calls (not only through its dependencies). */
  decodesInBody(id: string): boolean {
    const ref = this.functions.get(id);
    if (!ref) return false;
    return ref.fn.decodes.length > 0 || (this.calleesOf.get(id) ?? []).some((c) => this.decodesJwt(c.id));
  }

  /** The dependency of a parameter (Depends default, Annotated, or an Annotated alias), with the file to resolve it in. */
  paramDep(ref: FnRef, paramName: string): { file: string; text: string } | undefined {
    const p = ref.fn.params.find((x) => x.name === paramName);
    if (!p) return undefined;
    if (p.dep) return { file: ref.file.path, text: p.dep };
    if (p.annotation) {
      const s = this.resolve(ref.file.path, p.annotation);
      if (s?.kind === 'alias') return { file: s.file.path, text: s.alias.dep };
    }
    return undefined;
  }

  private computeAuthDeps(): void {
    const noteDep = (file: string, text: string): void => {
      const t = this.resolveFunction(file, text);
      if (t) this.depTargets.add(t.id);
    };
    for (const f of this.index.files) {
      for (const fn of f.functions) for (const p of fn.params) if (p.dep) noteDep(f.path, p.dep);
      for (const a of f.aliases) noteDep(f.path, a.dep);
      for (const r of f.routes) for (const d of r.deps) noteDep(f.path, d);
      for (const r of f.routers) for (const d of r.deps) noteDep(f.path, d);
      for (const r of f.includes) for (const d of r.deps) noteDep(f.path, d);
    }
    for (const id of this.depTargets) if (this.decodesJwt(id)) this.authDeps.add(id);
    // a decoding function nobody in the project calls or depends on yet (an auth module on its own)
    for (const ref of this.functions.values()) {
      // (not a route handler that verifies the token itself, as a websocket endpoint does: that is no dependency)
      if (ref.fn.decodes.length > 0 && !this.callSites.has(ref.id) && !this.depTargets.has(ref.id) && !isTestOrMigration(ref.file.path) && !ref.file.routes.some((r) => r.handler === ref.fn.name))
        this.authDeps.add(ref.id);
    }
  }

  /** Is the dependency named `text` (as written in `file`) the auth dependency? */
  isAuthDep(file: string, text: string): boolean {
    let memo = this.isAuthDepMemo.get(file);
    if (!memo) this.isAuthDepMemo.set(file, (memo = new Map()));
    let r = memo.get(text);
    if (r === undefined) memo.set(text, (r = this.isAuthDepUncached(file, text)));
    return r;
  }

  private isAuthDepUncached(file: string, text: string): boolean {
    const t = this.resolveFunction(file, text);
    // No function of the project decodes a JWT: one named like an auth dependency still counts when it
    // hands the token to a verifier outside the project (a library); one that only reads the header does not.
    if (t) return this.authDeps.has(t.id) || (this.authDeps.size === 0 && AUTH_NAME.test(t.fn.name) && this.verifiesOutside(t));
    const s = this.resolve(file, text);
    if (s) return false;
    // `Depends(JWTBearer())` on a class outside the project: judged by the class's name
    const name = text.endsWith('.__call__') ? text.slice(0, -'.__call__'.length) : text;
    return AUTH_NAME.test(name.split('.').pop() ?? name);
  }

  private readonly verifiesOutsideMemo = new Map<string, boolean>();

  /** Does the function, or a project function it calls, call a verifier outside the project (`verify_id_token`, `validate_token`, …)? */
  private verifiesOutside(ref: FnRef): boolean {
    const memo = this.verifiesOutsideMemo.get(ref.id);
    if (memo !== undefined) return memo;
    this.verifiesOutsideMemo.set(ref.id, false); // cycle guard
    let result = false;
    for (const call of ref.fn.calls) {
      const target = this.resolveCallee(ref, call.callee);
      if (target ? this.verifiesOutside(target) : EXTERNAL_VERIFIER.test(call.callee.slice(call.callee.lastIndexOf('.') + 1))) {
        result = true;
        break;
      }
    }
    this.verifiesOutsideMemo.set(ref.id, result);
    return result;
  }

  /**
   * `request.state` attributes that some function sets from the authenticated identity: a dependency
   * from its auth parameter (`request.state.user_id = user_id`), a middleware from the result of the
   * JWT decode it makes (`request.state.user_id = payload["sub"]`).
   */
  get authStateAttrs(): ReadonlySet<string> {
    if (this.authStateMemo) return this.authStateMemo;
    const out = new Set<string>();
    for (const ref of this.functions.values()) {
      if (!ref.fn.stateSets) continue;
      const params = this.authParams.get(ref.id) ?? new Set<string>();
      const decoded = new Set(ref.fn.decodes.map((d) => `@call:${d.what}`));
      // (every origin: `request.state.user_id = x_user_id or payload["sub"]` is not the user's)
      for (const s of ref.fn.stateSets) if (s.from.every((o) => decoded.has(o) || this.isAuthOrigin(ref, o, params))) out.add(s.attr);
    }
    return (this.authStateMemo = out);
  }

  /** Does the origin (a parameter of `ref` or a `@call:` marker) carry the authenticated identity? */
  isAuthOrigin(ref: FnRef, origin: string, params: ReadonlySet<string>): boolean {
    if (origin.startsWith('@call:')) {
      const callee = origin.slice('@call:'.length);
      // the function's own verified decode (`claims = jwt.decode(token, key, algorithms=[...])`)
      if (ref.fn.decodes.some((d) => d.what === callee && !d.unverified)) return true;
      const t = this.resolveFunction(ref.file.path, callee);
      return t ? this.authDeps.has(t.id) || this.decodesJwt(t.id) : false;
    }
    return params.has(origin);
  }

  private computeAuthParams(): void {
    // parameters on an auth dependency that may return one of its own parameters: the user's once its
    // result is (see resultTrusted), decided over the rounds as checks make parameters the user's
    let pending: { id: string; name: string; target: FnRef }[] = [];
    for (const ref of this.functions.values()) {
      const set = new Set<string>();
      for (const p of ref.fn.params) {
        const dep = this.paramDep(ref, p.name);
        if (!dep || !this.isAuthDep(dep.file, dep.text)) continue;
        const target = this.resolveFunction(dep.file, dep.text);
        if (target?.fn.returns) {
          pending.push({ id: ref.id, name: p.name, target });
          this.pendingParams.add(`${ref.id}#${p.name}`);
        } else set.add(p.name);
      }
      this.authParams.set(ref.id, set);
    }
    // those whose dependency's result is the user's without any check (the common case) settle now, as
    // the others do, so that they cost the rounds nothing (a dependency on one settles once it has)
    for (let before = -1; before !== pending.length; ) {
      before = pending.length;
      pending = pending.filter(({ id, name, target }) => {
        if (!this.resultTrusted(target)) return true;
        this.authParams.get(id)!.add(name);
        return false;
      });
    }
    // what each function can contribute, gathered once (functions with nothing to contribute are skipped every round)
    interface Work {
      ref: FnRef;
      mine: Set<string>;
      guarded: { call: PyCall; target: FnRef; pairs: [string, string][] }[];
      /** Path parameters a route dependency may check: a plain parameter of the dependency that the handler also takes plainly. */
      depParams: { depId: string; name: string }[];
      sites: { caller: FnRef; call: PyCall }[];
    }
    const work: Work[] = [];
    for (const ref of this.functions.values()) {
      const guarded: Work['guarded'] = [];
      for (const { call, target } of this.resolvedCalls(ref)) {
        const pairs = this.guardPairs(target);
        if (pairs.length > 0) guarded.push({ call, target, pairs });
      }
      const depParams: Work['depParams'] = [];
      for (const route of ref.file.routes) {
        if (route.handler !== ref.fn.name) continue;
        for (const dep of this.routeDependencies(ref.file, route))
          for (const p of dep.fn.params) if (!p.dep && ref.fn.params.some((h) => h.name === p.name && !h.dep)) depParams.push({ depId: dep.id, name: p.name });
      }
      const sites = this.callSites.get(ref.id) ?? [];
      if (ref.fn.checks.length === 0 && guarded.length === 0 && depParams.length === 0 && sites.length === 0) continue;
      work.push({ ref, mine: this.authParams.get(ref.id)!, guarded, depParams, sites });
    }
    for (let round = 0; round < 12; round++) {
      let changed = false;
      const add = (id: string, name: string, line = 0): void => {
        const s = this.authParams.get(id);
        if (s && !s.has(name)) {
          s.add(name);
          changed = true;
          if (line > 0) {
            const m = this.checkedFrom.get(id) ?? new Map<string, number>();
            m.set(name, line);
            this.checkedFrom.set(id, m);
          }
        }
      };
      for (const { id, name, target } of pending) if (this.resultTrusted(target)) add(id, name);
      for (const { ref, mine, guarded, depParams, sites } of work) {
        // a value from `a or b` has several origins: it is the user's when every one is, and it checks a
        // parameter only when it is that parameter alone
        const auth = (origins: string[]): boolean => origins.length > 0 && origins.every((o) => this.isAuthOrigin(ref, o, mine));
        const plain = (origins: string[]): string[] => (origins.length === 1 ? origins.filter((o) => !o.startsWith('@')) : []);
        for (const c of ref.fn.checks) {
          if (auth(c.a)) for (const p of plain(c.b)) add(ref.id, p, c.line);
          if (auth(c.b)) for (const p of plain(c.a)) add(ref.id, p, c.line);
        }
        for (const { call, target, pairs } of guarded) {
          for (const [pa, pb] of pairs) {
            const a = argFor(target, call, pa);
            const b = argFor(target, call, pb);
            if (a && b) {
              if (auth(a)) for (const p of plain(b)) add(ref.id, p, call.line);
              if (auth(b)) for (const p of plain(a)) add(ref.id, p, call.line);
            }
          }
        }
        // a route's path parameter that one of its dependencies checks against the user
        for (const { depId, name } of depParams) if (this.authParams.get(depId)!.has(name)) add(ref.id, name);
        // helper parameters: every call site passes an authenticated value
        if (sites.length === 0) continue;
        for (const p of ref.fn.params) {
          if (mine.has(p.name)) continue;
          const ok = sites.every(({ caller, call }) => {
            const origins = argFor(ref, call, p.name);
            const callerAuth = this.authParams.get(caller.id)!;
            return !!origins && origins.length > 0 && origins.every((o) => this.isAuthOrigin(caller, o, callerAuth));
          });
          if (ok) add(ref.id, p.name);
        }
      }
      if (!changed) break;
    }
  }

  /** `${function id}#${parameter}` on an auth dependency whose result may not be the user's (see computeAuthParams). */
  private readonly pendingParams = new Set<string>();

  /**
   * The returns of a function used as a dependency that may hand back a client value as its result: a
   * parameter FastAPI fills from the request (query string, path, header, cookie or body), unless it
   * was checked against the user before the return, or the return sits under a role check of the
   * user's (`if x_act_as and "admin" in claims["roles"]: return x_act_as`, or the function depends on
   * `require_admin`).
   */
  clientReturns(ref: FnRef): { param: string; line: number }[] {
    const returns = ref.fn.returns;
    if (!returns) return [];
    const auth = this.authParams.get(ref.id);
    if (!auth) return [];
    if (ref.fn.params.some((p) => p.dep && auth.has(p.name) && ROLE_DEP.test(p.dep))) return [];
    const checked = this.checkedFrom.get(ref.id);
    const out: { param: string; line: number }[] = [];
    for (const r of returns) {
      if (r.guard?.some((g) => auth.has(g))) continue;
      for (const name of r.from) {
        if (auth.has(name) && (checked?.get(name) ?? 0) < r.line) continue;
        const p = ref.fn.params.find((x) => x.name === name);
        if (!p || p.dep || (p.annotation && (REQUEST_OBJECT.test(p.annotation) || this.paramDep(ref, name)))) continue;
        out.push({ param: name, line: r.line });
      }
    }
    return out;
  }

  /** Is what the auth dependency returns the user's: no client value, and no parameter on a dependency whose own result is not? */
  private resultTrusted(t: FnRef): boolean {
    if (this.clientReturns(t).length > 0) return false;
    const auth = this.authParams.get(t.id);
    return (t.fn.returns ?? []).every((r) => r.from.every((n) => auth?.has(n) || !this.pendingParams.has(`${t.id}#${n}`)));
  }

  /** Guards: pairs of a helper's parameters that it compares, raising when they differ. */
  guardPairs(ref: FnRef): [string, string][] {
    let memo = this.guardPairsMemo.get(ref.id);
    if (!memo) this.guardPairsMemo.set(ref.id, (memo = this.computeGuardPairs(ref)));
    return memo;
  }

  private computeGuardPairs(ref: FnRef): [string, string][] {
    if (ref.fn.checks.length === 0) return [];
    const names = new Set(ref.fn.params.map((p) => p.name));
    const out: [string, string][] = [];
    // (each side one parameter alone: `(a or b) != c` does not compare `b` whenever it runs)
    for (const c of ref.fn.checks) if (c.a.length === 1 && c.b.length === 1 && names.has(c.a[0]!) && names.has(c.b[0]!)) out.push([c.a[0]!, c.b[0]!]);
    return out;
  }

  private readonly resolvedCallsMemo = new Map<string, readonly { call: PyCall; target: FnRef }[]>();

  /** The calls of a function that resolve to a project function (memoised: computeAuthParams asks every round). */
  /** A call made in `ref`: `self.other()` in a method is the class's own method. */
  private resolveCallee(ref: FnRef, callee: string): FnRef | undefined {
    const dot = ref.fn.name.lastIndexOf('.');
    if (dot > 0 && callee.startsWith('self.') && ref.fn.params[0]?.name === 'self') {
      const own = this.fnAt(ref.file.path, `${ref.fn.name.slice(0, dot)}.${callee.slice('self.'.length)}`);
      if (own) return own;
    }
    // a method of a parameter whose class a dependency builds (`repo: TaskRepo = Depends(get_repo)`, then `repo.get_for(...)`)
    const d = callee.indexOf('.');
    if (d > 0 && callee.indexOf('.', d + 1) < 0) {
      const p = ref.fn.params.find((x) => x.name === callee.slice(0, d));
      const cls = p?.cls ?? (p?.dep && p.dep === p.dep.replace(/\W/g, '') && /^[A-Z]/.test(p.dep) ? p.dep : undefined);
      if (cls) {
        const m = this.resolveFunction(ref.file.path, `${cls}${callee.slice(d)}`);
        if (m) return m;
      }
    }
    return this.resolveFunction(ref.file.path, callee);
  }

  private resolvedCalls(ref: FnRef): readonly { call: PyCall; target: FnRef }[] {
    let memo = this.resolvedCallsMemo.get(ref.id);
    if (!memo) this.resolvedCallsMemo.set(ref.id, (memo = this.resolveCalls(ref)));
    return memo;
  }

  private resolveCalls(ref: FnRef): { call: PyCall; target: FnRef }[] {
    const out: { call: PyCall; target: FnRef }[] = [];
    for (const call of ref.fn.calls) {
      const target = this.resolveCallee(ref, call.callee);
      if (target) out.push({ call, target });
    }
    return out;
  }

  private computeAuthReach(): void {
    for (const start of this.authDeps) {
      const queue = [start];
      while (queue.length) {
        const id = queue.shift()!;
        if (this.authReach.has(id)) continue;
        this.authReach.set(id, start);
        const ref = this.functions.get(id);
        if (!ref) continue;
        // calls only: a session dependency (`Depends(get_session)`) is reported where it is declared
        for (const c of this.calleesOf.get(id) ?? []) queue.push(c.id);
      }
    }
  }

  /** Is the router / app variable `name` in `file` protected by its own or its mounts' dependencies? */
  routerProtected(file: PyFileFacts, decl: PyRouterDecl): boolean {
    const key = `${file.path}#${decl.name}`;
    const memo = this.routerProtectedMemo.get(key);
    if (memo !== undefined) return memo;
    this.routerProtectedMemo.set(key, false);
    let result = decl.deps.some((d) => this.isAuthDep(file.path, d)) || (decl.kind === 'FastAPI' && this.middlewareVerifies(file, decl));
    if (!result) {
      const mounts = this.mountsOf(file, decl);
      result =
        mounts.length > 0 &&
        mounts.every(({ file: mf, include }) => {
          if (include.deps.some((d) => this.isAuthDep(mf.path, d))) return true;
          const parent = this.resolve(mf.path, include.parent);
          return parent?.kind === 'router' ? this.routerProtected(parent.file, parent.decl) : false;
        });
    }
    this.routerProtectedMemo.set(key, result);
    return result;
  }

  /** Is an HTTP middleware of this app a function (or `dispatch` method) that decodes a JWT, directly or through what it calls? */
  middlewareVerifies(file: PyFileFacts, decl: PyRouterDecl): boolean {
    for (const f of this.index.files) {
      for (const m of f.middlewares ?? []) {
        const app = this.resolve(f.path, m.app);
        if (app?.kind !== 'router' || app.file !== file || app.decl !== decl) continue;
        const target = this.resolveFunction(f.path, m.fn);
        if (target && this.decodesJwt(target.id)) return true;
      }
    }
    return false;
  }

  private mountIndex?: Map<string, { file: PyFileFacts; include: PyFileFacts['includes'][number] }[]>;

  /** Where a router is mounted (`include_router` calls that resolve to it), indexed once. */
  mountsOf(file: PyFileFacts, decl: PyRouterDecl): { file: PyFileFacts; include: PyFileFacts['includes'][number] }[] {
    if (!this.mountIndex) {
      this.mountIndex = new Map();
      for (const f of this.index.files) {
        for (const inc of f.includes) {
          const s = this.resolve(f.path, inc.child);
          if (s?.kind !== 'router') continue;
          const key = `${s.file.path}#${s.decl.name}`;
          const list = this.mountIndex.get(key) ?? [];
          list.push({ file: f, include: inc });
          this.mountIndex.set(key, list);
        }
      }
    }
    return this.mountIndex.get(`${file.path}#${decl.name}`) ?? [];
  }

  /** Full path of a route: mount prefixes + router prefix + route path (first mount chain). */
  fullPath(file: PyFileFacts, route: PyRoute): string {
    let p = this.fullPathMemo.get(route);
    if (p === undefined) this.fullPathMemo.set(route, (p = this.computeFullPath(file, route)));
    return p;
  }

  private readonly fullPathMemo = new Map<PyRoute, string>();

  private computeFullPath(file: PyFileFacts, route: PyRoute): string {
    const s = this.resolve(file.path, route.router);
    if (s?.kind !== 'router') return route.path;
    return this.routerPrefix(s.file, s.decl, 0) + route.path;
  }

  private routerPrefix(file: PyFileFacts, decl: PyRouterDecl, depth: number): string {
    if (depth > 6) return decl.prefix;
    const m = this.mountsOf(file, decl)[0];
    if (!m) return decl.prefix;
    const parent = this.resolve(m.file.path, m.include.parent);
    const parentPrefix = parent?.kind === 'router' ? this.routerPrefix(parent.file, parent.decl, depth + 1) : '';
    return parentPrefix + m.include.prefix + decl.prefix;
  }

  /** Functions a route depends on: decorator dependencies, handler parameter dependencies, router dependencies. */
  routeDependencies(file: PyFileFacts, route: PyRoute): FnRef[] {
    let memo = this.routeDepsMemo.get(route);
    if (!memo) this.routeDepsMemo.set(route, (memo = this.computeRouteDependencies(file, route)));
    return memo;
  }

  private computeRouteDependencies(file: PyFileFacts, route: PyRoute): FnRef[] {
    const out: FnRef[] = [];
    const add = (f: string, text: string): void => {
      const t = this.resolveFunction(f, text);
      if (t) out.push(t);
    };
    for (const d of route.deps) add(file.path, d);
    const handler = this.fnAt(file.path, route.handler);
    if (handler) for (const p of handler.fn.params) {
      const dep = this.paramDep(handler, p.name);
      if (dep) add(dep.file, dep.text);
    }
    const s = this.resolve(file.path, route.router);
    if (s?.kind === 'router') for (const d of s.decl.deps) add(s.file.path, d);
    return out;
  }

  /** Is the route protected by the auth dependency (signature, decorator, router, mount or app)? */
  routeProtected(file: PyFileFacts, route: PyRoute): boolean {
    if (route.deps.some((d) => this.isAuthDep(file.path, d))) return true;
    const handler = this.fnAt(file.path, route.handler);
    // a websocket endpoint cannot use an HTTP bearer dependency: it verifies the token (from the query) itself
    if (handler && route.method === 'websocket' && (handler.fn.decodes.some((d) => !d.unverified) || (this.calleesOf.get(handler.id) ?? []).some((c) => this.decodesJwt(c.id)))) return true;
    if (handler) {
      for (const p of handler.fn.params) {
        const dep = this.paramDep(handler, p.name);
        if (dep && this.isAuthDep(dep.file, dep.text)) return true;
      }
    }
    const s = this.resolve(file.path, route.router);
    return s?.kind === 'router' ? this.routerProtected(s.file, s.decl) : false;
  }

  /** Owned models: the spec's resources plus every `table=True` model with an owner field. */
  private ownedCache = new WeakMap<Spec, Map<string, string>>();

  ownedModels(spec: Spec): Map<string, string> {
    const cached = this.ownedCache.get(spec);
    if (cached) return cached;
    const out = new Map<string, string>();
    this.ownedCache.set(spec, out);
    for (const r of spec.resources) out.set(r.model, r.ownerField);
    const owners = new Set(['user_id', ...spec.resources.map((r) => r.ownerField)]);
    // without a spec file nothing names the owner field: `owner_id` is as common a name for it
    if (spec.file === null) owners.add('owner_id');
    for (const f of this.index.files)
      for (const m of f.models) {
        if (!m.table) continue;
        const named = out.get(m.name);
        // without a spec file the default resource's `user_id` is a guess: the model's own owner field wins
        if (named !== undefined && (spec.file !== null || m.fields.includes(named))) continue;
        const owner = m.fields.find((x) => owners.has(x));
        if (owner) out.set(m.name, owner);
      }
    return out;
  }

  private readonly tablesCache = new WeakMap<Spec, Map<string, { model: string; owner: string }>>();

  /**
   * The SQL tables of the owned models, lower-cased: `__tablename__` when the class sets it, else
   * SQLModel's default, the class name lower-cased.
   */
  ownedTables(spec: Spec): Map<string, { model: string; owner: string }> {
    const cached = this.tablesCache.get(spec);
    if (cached) return cached;
    const owned = this.ownedModels(spec);
    const out = new Map<string, { model: string; owner: string }>();
    for (const f of this.index.files)
      for (const m of f.models) {
        const owner = owned.get(m.name);
        if (!owner) continue;
        const table = (m.tablename ?? m.name.split('.').pop()!).toLowerCase();
        if (!out.has(table)) out.set(table, { model: m.name, owner });
      }
    // a spec resource with no class in the project still names its table by default
    for (const [model, owner] of owned) {
      const table = model.split('.').pop()!.toLowerCase();
      if (!out.has(table)) out.set(table, { model, owner });
    }
    this.tablesCache.set(spec, out);
    return out;
  }

  private readonly touchesMemo = new WeakMap<ReadonlyMap<string, string>, Map<string, boolean>>();

  /** Does the function (or what it calls) mention an owned model? */
  touchesOwned(id: string, owned: ReadonlyMap<string, string>, seen?: Set<string>): boolean {
    if (!seen) {
      // a fresh walk answers plain reachability: the same for every route of the same handler
      let memo = this.touchesMemo.get(owned);
      if (!memo) this.touchesMemo.set(owned, (memo = new Map()));
      let r = memo.get(id);
      if (r === undefined) memo.set(id, (r = this.touchesOwned(id, owned, new Set())));
      return r;
    }
    if (seen.has(id)) return false;
    seen.add(id);
    const ref = this.functions.get(id);
    if (!ref) return false;
    if (ref.fn.names.some((n) => owned.has(n))) return true;
    return (this.calleesOf.get(id) ?? []).some((c) => this.touchesOwned(c.id, owned, seen));
  }
}

/** The argument origins a call passes for parameter `name` of `target`, or undefined when it passes none. */
interface FileLookup {
  routers: Map<string, PyRouterDecl>;
  aliases: Map<string, PyAlias>;
  imports: Map<string, PyFileFacts['imports'][number]>;
  /** Classes of the file by qualified name. */
  classes: Map<string, PyModel>;
}

/** The class a base names, without its type arguments (`CRUDBase[Task]` → `CRUDBase`); null for `Generic[...]` and the like. */
function baseName(base: string): string | null {
  const name = base.replace(/\[[\s\S]*$/, '').trim();
  return /^[A-Za-z_][\w.]*$/.test(name) && !/^(typing\.)?(Generic|Protocol)$|^object$/.test(name) ? name : null;
}

export function argFor(target: FnRef, call: PyCall, name: string): string[] | undefined {
  const params = target.fn.params;
  let index = params.findIndex((p) => p.name === name);
  // (a class-based view's attribute is no argument of a call)
  if (index < 0 || params[index]!.attr) return undefined;
  if (params[0]?.name === 'self' || params[0]?.name === 'cls') index -= 1;
  const kw = call.args.find((a) => a.keyword === name);
  if (kw) return kw.from;
  const pos = call.args.find((a) => a.position === index);
  return pos?.from;
}

const cache = new WeakMap<PythonIndex, PyProject>();

export function pyProject(index: PythonIndex): PyProject {
  let p = cache.get(index);
  if (!p) {
    p = new PyProject(index);
    cache.set(index, p);
  }
  return p;
}
