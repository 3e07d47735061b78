/**
 * `task-link`: auth-related code carries a task reference ("no task, no code").
 *
 * A unit of code (a function, a method, a class without methods) is linked when a task ID is in a
 * comment (or docstring) inside it, in the comments just above it (at most one blank line between),
 * inside the header of its class, or in the first comment block of the file (the block before the
 * first statement, unless that block sits directly on top of a definition, where it is that
 * definition's comment).
 *
 * Auth-related code:
 *   Python: every unit of a generated file and of spec.output.backendAuth; FastAPI route handlers
 *   (`@router.get(…)`, `@app.post(…)`, …); the auth dependency: functions that decode or verify
 *   tokens (`jwt.decode`, `PyJWKClient`, `jwt.get_unverified_header`) or that depend on one
 *   (`Depends(get_current_user)`, not the session dependency); everything those call in the same
 *   file; and functions that query an owned model (`select(Task)`, `session.get(Task, …)`).
 *   TypeScript: every unit of a generated file, of spec.output.apiClient, of spec.output.tokenRoute
 *   (shared-secret mode) and of modules that call the backend (a `fetch`/`axios` call plus the
 *   backend base URL variable or an `Authorization` header, or exports that the TS index knows as
 *   the API base, auth headers or request wrappers to the backend).
 * Python facts come from the tree of the file and from the project-wide Python index (rules/python/
 * project.ts: auth dependencies resolved across modules and what they reach, store access on owned
 * models), so a helper in another module that the auth dependency calls is auth-related too.
 */
import type { PyNode } from './python/tree.js';
import { ts } from './ts/compiler.js';
import { pyProject } from './python/project.js';
import type { ExportFact } from './ts/index.js';
import type { PyFileFacts, PythonIndex } from './python/index.js';
import { pythonComments, pythonCommentsBefore, taskIdsIn, tsComments, type CommentSpan } from './task-refs.js';
import type { CodeUnit as FindingUnit, PyFile, Rule, RuleContextBase, TsFile } from './types.js';

/** A definition that may need a task reference. Lines are 1-based. */
export interface CodeUnit {
  /** `get_current_user`, `TaskRouter.list`, `getTasks`. */
  symbol: string;
  kind: 'function' | 'class';
  /** First line, decorators included. */
  line: number;
  /** Line of the name (where the finding points). */
  nameLine: number;
  nameColumn: number;
  endLine: number;
  /** Last line of code before this unit (0 at the top of the file). */
  prevCodeLine: number;
  /** For classes: last line before the first member. */
  headerEnd: number;
  parent: CodeUnit | null;
  /** Why it is auth-related (empty: it is not). */
  reasons: string[];
}

interface UnlinkedUnit extends FindingUnit {
  line: number;
  column: number;
  endLine: number;
}

type Ctx = Pick<RuleContextBase, 'spec' | 'index'>;

// ---------------------------------------------------------------------------------------------
// Coverage: language-neutral, from comment spans and units

function idsInSpan(c: CommentSpan): boolean {
  return taskIdsIn(c.text).length > 0;
}

/** Lines of the comments (with IDs) that link the whole file, or an empty range. */
function fileBlock(comments: readonly CommentSpan[], firstCodeLine: number, units: readonly CodeUnit[]): CommentSpan[] {
  const block = comments.filter((c) => c.endLine < firstCodeLine);
  if (block.length === 0) return [];
  const last = block[block.length - 1]!;
  const attached = units.some((u) => u.parent === null && u.line === firstCodeLine && last.endLine === firstCodeLine - 1);
  return attached ? [] : block;
}

function linked(unit: CodeUnit, comments: readonly CommentSpan[]): boolean {
  const withIds = comments.filter(idsInSpan);
  const within = (from: number, to: number): boolean => withIds.some((c) => c.line >= from && c.line <= to);
  const above = (u: CodeUnit): boolean => {
    const before = comments.filter((c) => c.line > u.prevCodeLine && c.endLine < u.line);
    if (before.length === 0) return false;
    if (before[before.length - 1]!.endLine < u.line - 2) return false;
    return before.some(idsInSpan);
  };
  const self = unit.kind === 'class' && unit.headerEnd < unit.endLine ? within(unit.line, unit.headerEnd) : within(unit.line, unit.endLine);
  if (self || above(unit)) return true;
  for (let p = unit.parent; p; p = p.parent) {
    if (within(p.line, p.headerEnd) || above(p)) return true;
  }
  return false;
}

/**
 * Can a function unit be reported, whatever its reasons? (No: the file block links the file, or every
 * function unit that is not a container is linked.) Project-wide facts only add reasons to function
 * units, so when this is false they cannot change what unlinkedUnits returns.
 */
function someFunctionUnlinked(units: readonly CodeUnit[], comments: readonly CommentSpan[], firstCodeLine: number): boolean {
  if (fileBlock(comments, firstCodeLine, units).some(idsInSpan)) return false;
  const containers = new Set(units.map((u) => u.parent).filter((p): p is CodeUnit => p !== null));
  return units.some((u) => u.kind === 'function' && !containers.has(u) && !linked(u, comments));
}

/** Auth-related units that no task reference links. */
export function unlinkedUnits(units: readonly CodeUnit[], comments: readonly CommentSpan[], firstCodeLine: number): UnlinkedUnit[] {
  if (fileBlock(comments, firstCodeLine, units).some(idsInSpan)) return [];
  const containers = new Set(units.map((u) => u.parent).filter((p): p is CodeUnit => p !== null));
  return units
    .filter((u) => u.reasons.length > 0 && !containers.has(u) && !linked(u, comments))
    .map((u) => ({ symbol: u.symbol, line: u.nameLine, column: u.nameColumn, endLine: u.endLine, reasons: u.reasons }));
}

// ---------------------------------------------------------------------------------------------
// Python

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'route', 'websocket']);
const TOKEN_CALLS = new Set(['jwt.decode', 'jwt.get_unverified_header', 'PyJWKClient', 'jwt.PyJWKClient', 'jws.verify', 'jwt_decode', 'decode_token', 'verify_token']);
const QUERY_CALLS = new Set(['select', 'delete', 'update', 'get', 'query', 'exec']);
const AUTHISH_NAME = /user|auth|token|jwt|principal|claims|identity/i;

interface PyUnitFacts {
  unit: CodeUnit;
  node: PyNode;
  calls: Set<string>;
}

function calleeName(call: PyNode): string {
  const fn = call.childForFieldName('function');
  return fn ? fn.text.replace(/\s+/g, '') : '';
}

function lastPart(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** Named descendants of a type, in no particular order; iterative, so deep nesting cannot overflow the stack. */
function descendants(node: PyNode, type: string, stopAtDefs: boolean): PyNode[] {
  const out: PyNode[] = [];
  const stack: PyNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (stopAtDefs && (c.type === 'function_definition' || c.type === 'class_definition')) continue;
      if (c.type === type) out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** Units of a Python module: top-level functions and classes, and methods (nested functions belong to their function). */
export function pythonUnits(file: PyFile, ctx: Ctx): { units: CodeUnit[]; firstCodeLine: number } {
  const { facts, firstCodeLine } = pythonLocalUnits(file, ctx);
  addProjectReasons(file, ctx, facts);
  return { units: facts.map((f) => f.unit), firstCodeLine };
}

/** pythonUnits with the reasons this file alone gives (no project-wide facts). */
function pythonLocalUnits(file: PyFile, ctx: Ctx): { facts: PyUnitFacts[]; firstCodeLine: number } {
  const root = file.tree.rootNode;
  const facts: PyUnitFacts[] = [];
  const ownedModels = new Set(ctx.spec.resources.map((r) => r.model));
  const sessionDep = lastPart(ctx.spec.backend.sessionDependency.split(':').pop() ?? 'get_session');
  const wholeFile = ctx.index.generatedFiles.includes(file.path) ? 'generated file' : file.path === ctx.spec.output.backendAuth ? 'auth module' : null;

  const statements = (block: PyNode | null): PyNode[] => (block ? block.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment') : []);
  const collect = (block: PyNode | null, parent: CodeUnit | null, prefix: string): void => {
    let prevCodeLine = parent ? parent.nameLine : 0;
    for (const stmt of statements(block)) {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def && (def.type === 'function_definition' || def.type === 'class_definition')) {
        const name = def.childForFieldName('name');
        const symbol = prefix + (name?.text ?? '?');
        const body = def.childForFieldName('body');
        const members = statements(body);
        const unit: CodeUnit = {
          symbol,
          kind: def.type === 'class_definition' ? 'class' : 'function',
          line: stmt.startPosition.row + 1,
          nameLine: (name ?? def).startPosition.row + 1,
          nameColumn: (name ?? def).startPosition.column + 1,
          endLine: stmt.endPosition.row + 1,
          prevCodeLine,
          headerEnd: members.length > 0 && def.type === 'class_definition' ? Math.max(def.startPosition.row + 1, members[0]!.startPosition.row) : stmt.endPosition.row + 1,
          parent,
          reasons: [],
        };
        if (wholeFile) unit.reasons.push(wholeFile);
        if (def.type === 'function_definition') {
          if (stmt.type === 'decorated_definition') {
            for (const dec of stmt.namedChildren) {
              if (dec?.type !== 'decorator') continue;
              const call = dec.namedChildren.find((c) => c?.type === 'call');
              const fnName = call ? calleeName(call) : (dec.namedChildren[0]?.text ?? '');
              if (fnName.includes('.') && ROUTE_METHODS.has(lastPart(fnName))) unit.reasons.push('route');
            }
          }
          const calls = descendants(def, 'call', true);
          const names = new Set(calls.map(calleeName));
          if ([...names].some((n) => TOKEN_CALLS.has(n))) unit.reasons.push('verifies tokens');
          const query = calls.some((c) => {
            const n = lastPart(calleeName(c));
            if (!QUERY_CALLS.has(n)) return false;
            const args = c.childForFieldName('arguments');
            return (args?.namedChildren ?? []).some((a) => a?.type === 'identifier' && ownedModels.has(a.text));
          });
          if (query) unit.reasons.push('queries an owned model');
          const deps = dependsTargets(def);
          if (deps.some((d) => d !== sessionDep && AUTHISH_NAME.test(d))) unit.reasons.push('uses the auth dependency');
          facts.push({ unit, node: def, calls: new Set([...names, ...deps].map(lastPart)) });
        } else {
          facts.push({ unit, node: def, calls: new Set() });
          collect(body, unit, `${symbol}.`);
        }
      }
      prevCodeLine = stmt.endPosition.row + 1;
    }
  };
  collect(root, null, '');

  // The auth dependency named by `Depends(...)` in this file, and everything it calls (same file).
  const byName = new Map<string, PyUnitFacts>();
  for (const f of facts) if (f.unit.kind === 'function' && f.unit.parent === null) byName.set(f.unit.symbol, f);
  for (const f of facts) {
    for (const dep of dependsTargets(f.node)) {
      const target = byName.get(dep);
      if (target && dep !== sessionDep && AUTHISH_NAME.test(dep) && !target.unit.reasons.includes('auth dependency')) target.unit.reasons.push('auth dependency');
    }
  }
  const queue = facts.filter((f) => f.unit.reasons.some((r) => r === 'verifies tokens' || r === 'auth dependency'));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const f = queue.shift()!;
    for (const callee of f.calls) {
      const target = callee === sessionDep ? undefined : byName.get(callee);
      if (!target || seen.has(target)) continue;
      seen.add(target);
      target.unit.reasons.push(`called by the auth dependency (${f.unit.symbol})`);
      queue.push(target);
    }
  }
  const first = statements(root).find((s) => !(s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChild(0)?.type === 'string'));
  return { facts, firstCodeLine: first ? first.startPosition.row + 1 : Number.MAX_SAFE_INTEGER };
}

/**
 * Project-wide facts from the Python index: the auth dependencies (resolved across modules), what
 * they reach through calls, and functions that touch the store and name an owned model. Only adds
 * reasons to function units, after the file's own.
 */
function addProjectReasons(file: PyFile, ctx: Ctx, facts: readonly PyUnitFacts[]): void {
  const project = pyProject(ctx.index.python);
  const owned = project.ownedModels(ctx.spec);
  for (const f of facts) {
    if (f.unit.kind !== 'function') continue;
    const id = `${file.path}#${f.unit.symbol}`;
    const add = (reason: string): void => {
      if (!f.unit.reasons.includes(reason)) f.unit.reasons.push(reason);
    };
    if (project.authDeps.has(id)) add('auth dependency');
    else {
      const from = project.authReach.get(id);
      if (from && !f.unit.reasons.some((r) => r.startsWith('called by the auth dependency'))) add(`called by the auth dependency (${from.slice(from.indexOf('#') + 1)})`);
    }
    const ref = project.functions.get(id);
    if (ref && ref.fn.store.length > 0 && ref.fn.names.some((n) => owned.has(n))) add('queries an owned model');
  }
}

/** Names used as `Depends(name)` in a function's parameters (last dotted part). */
function dependsTargets(def: PyNode): string[] {
  const params = def.childForFieldName('parameters');
  if (!params) return [];
  return descendants(params, 'call', false)
    .filter((c) => lastPart(calleeName(c)) === 'Depends')
    .map((c) => lastPart(c.childForFieldName('arguments')?.namedChildren[0]?.text ?? ''))
    .filter((n) => n !== '');
}

const factsByPath = new WeakMap<PythonIndex, Map<string, PyFileFacts>>();

/** The index's facts by file path (the last entry of a path wins, as in the project index). */
function pythonFileFacts(index: PythonIndex): Map<string, PyFileFacts> {
  let byPath = factsByPath.get(index);
  if (!byPath) {
    byPath = new Map();
    for (const f of index.files) byPath.set(f.path, f);
    factsByPath.set(index, byPath);
  }
  return byPath;
}

/** Cheap test before walking the tree: can anything in this file be auth-related? */
function pythonMayBeAuth(file: PyFile, ctx: Ctx): boolean {
  if (ctx.index.generatedFiles.includes(file.path) || file.path === ctx.spec.output.backendAuth) return true;
  if (/@[\w.]+\.(get|post|put|patch|delete|head|options|api_route|route|websocket)\s*\(|jwt|JWK|jws|Depends\s*\(|decode_token|verify_token/.test(file.source)) return true;
  if (ctx.spec.resources.some((r) => file.source.includes(r.model))) return true;
  // A file without functions in the index has nothing the project-wide facts could mark.
  if (!(pythonFileFacts(ctx.index.python).get(file.path)?.functions.length ?? 0)) return false;
  const project = pyProject(ctx.index.python);
  const owned = project.ownedModels(ctx.spec);
  return (project.files.get(file.path)?.functions ?? []).some((fn) => {
    const id = `${file.path}#${fn.name}`;
    return project.authDeps.has(id) || project.authReach.has(id) || (fn.store.length > 0 && fn.names.some((n) => owned.has(n)));
  });
}

/**
 * Is the whole file linked by its first comment block? The same test as unlinkedUnits' fileBlock,
 * without the units: a block is "attached" to a definition that is the first statement, and only
 * a top-level unit can start on the first code line. The comments come from a scan of the tree
 * restricted to the range before the first statement.
 */
function pythonFileLinked(file: PyFile): boolean {
  const root = file.tree.rootNode;
  const count = root.namedChildCount;
  let first: PyNode | null = null;
  for (let i = 0; i < count; i++) {
    const s = root.namedChild(i);
    if (!s) continue;
    const type = s.type;
    if (type === 'comment') continue;
    if (type === 'expression_statement' && s.namedChildCount === 1 && s.namedChild(0)?.type === 'string') continue;
    first = s;
    break;
  }
  const firstCodeLine = first ? first.startPosition.row + 1 : Number.MAX_SAFE_INTEGER;
  // Only the comments before the first statement can be in the block (a scan of that range only).
  const comments = first ? pythonCommentsBefore(file.tree, first.startIndex) : pythonComments(file.tree);
  const block = comments.filter((c) => c.endLine < firstCodeLine);
  if (block.length === 0) return false;
  if (block[block.length - 1]!.endLine === firstCodeLine - 1) {
    // Attached when a top-level definition starts on the first code line.
    for (let i = 0; i < count; i++) {
      const s = root.namedChild(i);
      if (!s) continue;
      const row = s.startPosition.row + 1;
      if (row > firstCodeLine) break; // children are in source order
      if (row !== firstCodeLine || s.type === 'comment') continue;
      const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      if (def && (def.type === 'function_definition' || def.type === 'class_definition')) return false;
    }
  }
  return block.some(idsInSpan);
}

function unlinkedPython(file: PyFile, ctx: Ctx): UnlinkedUnit[] {
  if (!pythonMayBeAuth(file, ctx)) return [];
  if (pythonFileLinked(file)) return [];
  const { facts, firstCodeLine } = pythonLocalUnits(file, ctx);
  const units = facts.map((f) => f.unit);
  const comments = pythonComments(file.tree);
  // The project-wide index (built once per thread, costly the first time) only when its reasons can matter.
  if (someFunctionUnlinked(units, comments, firstCodeLine)) addProjectReasons(file, ctx, facts);
  if (!units.some((u) => u.reasons.length > 0)) return [];
  return unlinkedUnits(units, comments, firstCodeLine);
}

// ---------------------------------------------------------------------------------------------
// TypeScript

function tsCallsBackend(sf: ts.SourceFile, baseUrlEnv: string): boolean {
  // A callee's text is source text: without these words no call can be a fetch (and the walk is skipped).
  const text = sf.text;
  if (!text.includes('fetch') && !text.includes('axios') && !text.includes('ky')) return false;
  let fetches = false;
  let backend = false;
  const stack: ts.Node[] = [sf];
  while (stack.length > 0 && !(fetches && backend)) {
    const n = stack.pop()!;
    if (ts.isCallExpression(n)) {
      const callee = n.expression.getText(sf);
      if (callee === 'fetch' || callee === 'axios' || callee.startsWith('axios.') || callee === 'ky' || callee.startsWith('ky.')) fetches = true;
    }
    if (ts.isPropertyAccessExpression(n) && n.name.text === baseUrlEnv && n.expression.getText(sf) === 'process.env') backend = true;
    if ((ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && n.text.toLowerCase() === 'authorization') backend = true;
    ts.forEachChild(n, (c) => {
      stack.push(c);
    });
  }
  return fetches && backend;
}

/** Does the TS index say this module exports something that talks to the backend (base URL, auth headers, request wrappers)? */
function exportsBackendClient(facts: Record<string, ExportFact> | undefined): boolean {
  const talks = (f: ExportFact): boolean =>
    f.kind === 'apiBase' ||
    f.kind === 'authHeaders' ||
    ((f.kind === 'wrapper' || f.kind === 'instance') && (f.auth || f.baseBackend)) ||
    (f.kind === 'object' && Object.values(f.members).some(talks));
  return Object.values(facts ?? {}).some(talks);
}

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function isFunctionLike(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  let e: ts.Expression = init;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isObjectLiteralExpression(e);
}

/** Why every unit of a TS file is auth-related (null: none is). */
function tsReason(file: TsFile, ctx: Ctx): string | null {
  const o = ctx.spec.output;
  return ctx.index.generatedFiles.includes(file.path)
    ? 'generated file'
    : file.path === o.apiClient
      ? 'API client'
      : ctx.spec.verification.mode === 'shared-secret' && file.path === o.tokenRoute
        ? 'token route'
        : tsCallsBackend(file.sourceFile, ctx.spec.frontend.apiBaseUrlEnv) || exportsBackendClient(ctx.index.ts.exports?.[file.path])
          ? 'calls the backend'
          : null;
}

export function tsUnits(file: TsFile, ctx: Ctx, reason: string | null = tsReason(file, ctx)): { units: CodeUnit[]; firstCodeLine: number } {
  const sf = file.sourceFile;
  const units: CodeUnit[] = [];
  const make = (node: ts.Node, nameNode: ts.Node | undefined, symbol: string, kind: CodeUnit['kind'], parent: CodeUnit | null): CodeUnit => {
    const start = node.getStart(sf);
    const nameStart = (nameNode ?? node).getStart(sf);
    const nameLc = sf.getLineAndCharacterOfPosition(nameStart);
    return {
      symbol,
      kind,
      line: lineOf(sf, start),
      nameLine: nameLc.line + 1,
      nameColumn: nameLc.character + 1,
      endLine: lineOf(sf, node.end),
      prevCodeLine: node.pos === 0 ? 0 : lineOf(sf, node.pos),
      headerEnd: lineOf(sf, node.end),
      parent,
      reasons: reason ? [reason] : [],
    };
  };
  for (const stmt of sf.statements) {
    if (ts.isFunctionDeclaration(stmt)) {
      units.push(make(stmt, stmt.name, stmt.name?.text ?? 'default', 'function', null));
    } else if (ts.isClassDeclaration(stmt)) {
      const cls = make(stmt, stmt.name, stmt.name?.text ?? 'default', 'class', null);
      units.push(cls);
      const methods = stmt.members.filter((m) => ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m) || (ts.isPropertyDeclaration(m) && isFunctionLike(m.initializer)));
      const firstMember = stmt.members[0];
      if (firstMember) cls.headerEnd = Math.max(cls.line, lineOf(sf, firstMember.getStart(sf)) - 1);
      for (const m of methods) {
        const name = m.name && !ts.isComputedPropertyName(m.name) ? m.name.getText(sf) : 'constructor';
        units.push(make(m, m.name ?? m, `${cls.symbol}.${name}`, 'function', cls));
      }
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!isFunctionLike(d.initializer)) continue;
        const u = make(stmt, d.name, d.name.getText(sf), 'function', null);
        units.push(u);
      }
    } else if (ts.isExportAssignment(stmt) && isFunctionLike(stmt.expression)) {
      units.push(make(stmt, stmt.expression, 'default', 'function', null));
    }
  }
  const first = sf.statements[0];
  return { units, firstCodeLine: first ? lineOf(sf, first.getStart(sf)) : Number.MAX_SAFE_INTEGER };
}

function unlinkedTs(file: TsFile, ctx: Ctx): UnlinkedUnit[] {
  // Every unit has the file's reason or none: without one, nothing can be reported.
  const reason = tsReason(file, ctx);
  if (reason === null) return [];
  const { units, firstCodeLine } = tsUnits(file, ctx, reason);
  if (!units.some((u) => u.reasons.length > 0)) return [];
  return unlinkedUnits(units, tsComments(file.sourceFile), firstCodeLine);
}

// ---------------------------------------------------------------------------------------------

const HINT = 'put its task ID in a comment inside it or just above it (`# [Task]: T012`, `// T012`), or in the first comment block of the file for the whole file';

function reportAll(found: UnlinkedUnit[], ctx: RuleContextBase, comment: string): void {
  for (const u of found) {
    ctx.report({
      line: u.line,
      column: u.column,
      endLine: u.endLine,
      message: `auth-related code '${u.symbol}' (${u.reasons.join(', ')}) has no task reference`,
      unit: { symbol: u.symbol, reasons: u.reasons },
      hint: HINT.replace('`# [Task]: T012`, `// T012`', `\`${comment} [Task]: T012\``),
    });
  }
}

const rule: Rule = {
  meta: {
    id: 'task-link',
    type: 'suggestion',
    defaultSeverity: 'error',
    description: 'Auth-related code (generated files, the auth dependency, routes, owned-model queries, the API client) carries a task ID in a comment.',
    languages: ['python', 'typescript'],
    docs: {
      checks:
        'Auth-related code must carry a task reference: a task ID from the task list in a comment inside the function or class, in the comment block just above it, or in the first comment block of the file (covering the whole file). Accepted spellings: `# T012 …`, `# [Task]: T-012`, `// T030`, `/* T-001 */`, Python docstrings. Auth-related code is: generated files; the auth module (`output.backendAuth`); FastAPI route handlers; functions that verify tokens (`jwt.decode`, `PyJWKClient`) or take the auth dependency (`Depends(get_current_user)`), and the functions they call in the same file; functions that query an owned model (`select(Task)`, `session.get(Task, …)`); the frontend API client (`output.apiClient`), the token route in shared-secret mode, and TypeScript modules that call the backend (a `fetch`/`axios` call plus the backend URL variable or an `Authorization` header). With `check --since <ref>`, only changed code counts, and a changed hunk is also linked when every commit since the ref that wrote its lines names a task ID in its message.',
      why: '"No task, no code": reviewers audit that every change to authentication and authorisation was planned in the task list. Code without a link is code nobody can trace to a requirement, the usual place for an unreviewed shortcut (a route without the dependency, a query without the owner filter).',
      incorrect: [{ lang: 'python', code: '@router.delete("/api/{user_id}/tasks/{task_id}")\ndef delete_task(task_id: int, user=Depends(get_current_user)):\n    ...' }],
      correct: [{ lang: 'python', code: '# [Task]: T-021\n@router.delete("/api/{user_id}/tasks/{task_id}")\ndef delete_task(task_id: int, user=Depends(get_current_user)):\n    ...' }],
      fix: 'Find the task in the task list that this code implements and add its ID in a comment above the function (or at the top of the file). If there is no such task, add one to the list first. Check the ID with `unknown-task-id`; see all links with `authspec trace`.',
    },
  },
  checkPython(file, ctx) {
    reportAll(unlinkedPython(file, ctx), ctx, '#');
  },
  checkTs(file, ctx) {
    reportAll(unlinkedTs(file, ctx), ctx, '//');
  },
};

export default rule;
