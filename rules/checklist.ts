/**
 * The verification checklist: the questions reviewers of an auth change ask, answered at a glance
 * from the findings and the project index. It summarises; it never adds findings, so exit codes do
 * not depend on it.
 *
 *   1. Is the `{user_id}` in the URL cross-referenced with the token's `sub`?
 *   2. Is the token verified statelessly, with no session lookup?
 *   3. Are all five basic features (Add, Delete, Update, View, Complete) behind the auth layer?
 *   4. Does the API client take the token from Better Auth, and does every request carry it?
 */
import { FEATURE_OF, type Feature, type Operation, type Resource, type Spec } from '../generator/model.js';
import type { PyFileFacts, PyRoute } from './python/index.js';
import { pyProject, type FnRef, type PyProject } from './python/project.js';
import type { Finding, ProjectIndex } from './types.js';

export type CheckStatus = 'pass' | 'fail' | 'n/a';

export interface ChecklistFindingRef {
  ruleId: string;
  severity: Finding['severity'];
  file: string;
  line: number;
  message: string;
}

export interface ChecklistItem {
  id: 'user-id-cross-check' | 'stateless-verification' | 'five-features' | 'client-token';
  question: string;
  status: CheckStatus;
  /** Human-readable lines: what was looked at and what was found. */
  evidence: string[];
  /** The findings behind a failed answer (empty when it passes). */
  findings: ChecklistFindingRef[];
}

export interface FeatureRow {
  feature: Feature;
  operation: Operation;
  resource: string;
  /** `GET /api/{user_id}/tasks`, or null when the code lacks the route. */
  method: string | null;
  path: string | null;
  handler: { file: string; line: number; symbol: string } | null;
  protected: boolean | null;
  scoped: boolean | null;
  tasks: string[];
  missing: boolean;
}

export interface Checklist {
  items: ChecklistItem[];
  features: FeatureRow[];
}

const RULES_OF: Record<ChecklistItem['id'], readonly string[]> = {
  'user-id-cross-check': ['path-user-check'],
  'stateless-verification': ['stateless-verification', 'jwt-verification-config', 'untrusted-identity', 'auth-error-status'],
  'five-features': ['protected-route', 'user-scoped-query'],
  'client-token': ['client-bearer-header', 'client-token-storage', 'secret-exposure'],
};

const QUESTIONS: Record<ChecklistItem['id'], string> = {
  'user-id-cross-check': "Is the {user_id} in the URL cross-referenced with the token's sub?",
  'stateless-verification': 'Is the token verified statelessly, with no session lookup?',
  'five-features': 'Are all five basic features (Add, Delete, Update, View, Complete) behind the auth layer?',
  'client-token': 'Does the API client take the token from Better Auth, and does every request carry it?',
};

function normalisePath(p: string): string {
  return p.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');
}

const COMPLETE_WORD = /complete|toggle|done|finish/i;

/** Which of a resource's operations a route serves, from its method and its path relative to the collection. */
export function operationOf(method: string, fullPath: string, handler: string, resource: Resource): Operation | null {
  return operationOfNormalised(method, normalisePath(fullPath), handler, normalisePath(resource.path));
}

/** `operationOf` on paths already through `normalisePath`. */
function operationOfNormalised(method: string, path: string, handler: string, base: string): Operation | null {
  if (!base || !(path === base || path.startsWith(`${base}/`))) return null;
  const rest = path.slice(base.length).split('/').filter(Boolean);
  const m = method.toUpperCase();
  if (rest.length === 0) {
    if (m === 'GET') return 'list';
    if (m === 'POST') return 'create';
    return null;
  }
  if (rest[0] !== '{}') return null;
  if (rest.length === 1) {
    if (m === 'GET') return 'read';
    if (m === 'DELETE') return 'delete';
    if (m === 'PUT' || m === 'PATCH') return COMPLETE_WORD.test(handler) ? 'complete' : 'update';
    return null;
  }
  if (rest.length === 2 && COMPLETE_WORD.test(rest[1] ?? '') && (m === 'PATCH' || m === 'POST' || m === 'PUT')) return 'complete';
  return null;
}

/**
 * The most common route prefix that ends in one of the segments (`tasks`, `todos`): `/api/tasks`,
 * `/api/v1/todos`. Null when no route path has one.
 */
function collectionBase(paths: readonly string[], segments: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const parts = p.split('/');
    const at = parts.findIndex((x) => segments.includes(x));
    if (at < 0) continue;
    const prefix = parts.slice(0, at + 1).join('/');
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [prefix, n] of counts) if (best === null || n > counts.get(best)!) best = prefix;
  return best;
}

function ref(f: Finding): ChecklistFindingRef {
  return { ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, message: f.message };
}

/** The handler and every project function it reaches (for "is a finding inside what this route runs?"). */
function reachable(project: PyProject, start: FnRef): FnRef[] {
  const seen = new Map<string, FnRef>();
  const queue = [start];
  while (queue.length > 0) {
    const cur = queue.pop()!;
    if (seen.has(cur.id)) continue;
    seen.set(cur.id, cur);
    for (const call of cur.fn.calls) {
      const t = project.resolveFunction(cur.file.path, call.callee);
      if (t && !seen.has(t.id)) queue.push(t);
    }
  }
  return [...seen.values()];
}

function within(f: Finding, file: string, from: number, to: number): boolean {
  return f.file === file && f.line >= from && f.line <= to;
}

interface FoundRoute {
  facts: PyFileFacts;
  route: PyRoute;
  fullPath: string;
  handler: FnRef | undefined;
}

export function buildChecklist(spec: Spec, index: ProjectIndex, findings: readonly Finding[]): Checklist {
  const project = pyProject(index.python);
  const byRule = (ids: readonly string[]): Finding[] => findings.filter((f) => ids.includes(f.ruleId));

  const routes: FoundRoute[] = [];
  for (const facts of index.python.files) {
    for (const route of facts.routes) {
      routes.push({ facts, route, fullPath: project.fullPath(facts, route), handler: project.fnAt(facts.path, route.handler) });
    }
  }

  // Task references that cover a function: inside it, just above it, or at the top of its file.
  const refsFor = (file: string, from: number, to: number): string[] => {
    const inFile = index.taskRefs.filter((r) => r.file === file);
    const firstCode = Math.min(...(project.files.get(file)?.functions.map((f) => f.line) ?? [Infinity]));
    const ids = inFile.filter((r) => (r.line >= from - 3 && r.line <= to) || r.line < firstCode).map((r) => r.id);
    return [...new Set(ids)].sort();
  };

  // 1. {user_id} cross-check
  const userIdRoutes = routes.filter((r) => /\{user_id\}/.test(r.fullPath) || /\{user_id\}/.test(r.route.path));
  const pathFindings = byRule(RULES_OF['user-id-cross-check']);
  const crossChecked = userIdRoutes.filter((r) => {
    const end = r.handler?.fn.endLine ?? r.route.line;
    return !pathFindings.some((f) => within(f, r.facts.path, r.route.line, end));
  });
  const item1: ChecklistItem = {
    id: 'user-id-cross-check',
    question: QUESTIONS['user-id-cross-check'],
    status: pathFindings.length > 0 ? 'fail' : userIdRoutes.length === 0 ? 'n/a' : 'pass',
    evidence:
      userIdRoutes.length === 0
        ? ['no route has {user_id} in its path']
        : [`${crossChecked.length} of ${userIdRoutes.length} route(s) with {user_id} compare it with the authenticated user before using it`],
    findings: pathFindings.map(ref),
  };

  // 2. stateless verification
  const authDeps = [...project.authDeps].map((id) => project.functions.get(id)).filter((r): r is FnRef => r !== undefined);
  const verifiers = authDeps.filter((r) => r.fn.decodes.length > 0);
  const shown = (verifiers.length > 0 ? verifiers : authDeps).sort((a, b) => a.id.localeCompare(b.id));
  const statelessFindings = byRule(RULES_OF['stateless-verification']);
  const dbFindings = statelessFindings.filter((f) => f.ruleId === 'stateless-verification');
  const evidence2: string[] = [];
  if (shown.length === 0) evidence2.push('no auth dependency that verifies a JWT was found');
  for (const r of shown.slice(0, 5)) {
    const touchesDb = dbFindings.length > 0;
    evidence2.push(`${r.fn.name} (${r.file.path}:${r.fn.line}) verifies the token; ${touchesDb ? 'its call path touches a database or session store' : 'it touches no database or session store'}`);
  }
  if (shown.length > 5) evidence2.push(`and ${shown.length - 5} more`);
  const hasPython = index.python.files.length > 0;
  const item2: ChecklistItem = {
    id: 'stateless-verification',
    question: QUESTIONS['stateless-verification'],
    status: statelessFindings.length > 0 || (hasPython && shown.length === 0) ? 'fail' : hasPython ? 'pass' : 'n/a',
    evidence: hasPython ? evidence2 : ['no Python backend code found'],
    findings: statelessFindings.map(ref),
  };

  // 3. the five features
  const featureFindings = byRule(RULES_OF['five-features']);
  const features: FeatureRow[] = [];
  const normalised = routes.map((r) => normalisePath(r.fullPath));
  const guessedBases: string[] = [];
  for (const resource of spec.resources) {
    let base = normalisePath(resource.path);
    // the first route for each operation of the resource (one pass over the routes)
    const firstOps = (b: string): Map<Operation, FoundRoute> => {
      const m = new Map<Operation, FoundRoute>();
      routes.forEach((r, i) => {
        const op = operationOfNormalised(r.route.method, normalised[i]!, r.route.handler, b);
        if (op && !m.has(op)) m.set(op, r);
      });
      return m;
    };
    let first = firstOps(base);
    // without a spec file the resource's path is only the default's guess: when no route serves it, the
    // routes under the collection's name (`…/tasks`) are the resource, and the evidence says so
    if (first.size === 0 && spec.file === null) {
      // the collection's name, or the name of an owned model (`Todo` → `todos`)
      const names = [base.split('/').filter((x) => x && x !== '{}').pop() ?? '', ...[...project.ownedModels(spec).keys()].flatMap((m) => [`${m.toLowerCase()}s`, m.toLowerCase()])];
      const guess = collectionBase(normalised, names.filter(Boolean));
      if (guess) {
        guessedBases.push(`no spec file: no route is under the default path ${resource.path}, so the routes under ${guess} are taken as ${resource.name}`);
        base = guess;
        first = firstOps(base);
      }
    }
    for (const operation of resource.operations) {
      const match = first.get(operation);
      if (!match) {
        features.push({ feature: FEATURE_OF[operation], operation, resource: resource.name, method: null, path: null, handler: null, protected: null, scoped: null, tasks: [], missing: true });
        continue;
      }
      const end = match.handler?.fn.endLine ?? match.route.line;
      const reach = match.handler ? reachable(project, match.handler) : [];
      const unscoped = featureFindings.some(
        (f) => f.ruleId === 'user-scoped-query' && (within(f, match.facts.path, match.route.line, end) || reach.some((r) => within(f, r.file.path, r.fn.line, r.fn.endLine))),
      );
      features.push({
        feature: FEATURE_OF[operation],
        operation,
        resource: resource.name,
        method: match.route.method.toUpperCase(),
        path: match.fullPath,
        handler: { file: match.facts.path, line: match.handler?.fn.line ?? match.route.line, symbol: match.route.handler },
        protected: project.routeProtected(match.facts, match.route),
        scoped: !unscoped,
        tasks: refsFor(match.facts.path, match.route.line, end),
        missing: false,
      });
    }
  }
  const found = features.filter((f) => !f.missing);
  const missing = features.filter((f) => f.missing);
  const featureNames = [...new Set(found.map((f) => f.feature))];
  const evidence3 = [
    `${found.length} of ${features.length} operation(s) found (${featureNames.join(', ') || 'none'})`,
    `${found.filter((f) => f.protected).length} protected, ${found.filter((f) => f.scoped).length} scoped to the user`,
  ];
  if (missing.length > 0) evidence3.push(`missing: ${missing.map((m) => `${m.feature} (${m.resource}.${m.operation})`).join(', ')}`);
  evidence3.push(...guessedBases);
  const item3: ChecklistItem = {
    id: 'five-features',
    question: QUESTIONS['five-features'],
    status: featureFindings.length > 0 || missing.length > 0 || found.some((f) => !f.protected || !f.scoped) ? 'fail' : features.length === 0 ? 'n/a' : 'pass',
    evidence: evidence3,
    findings: featureFindings.map(ref),
  };

  // 4. the client
  const clientFindings = byRule(RULES_OF['client-token']);
  const client = spec.output.apiClient;
  const hasClient = index.files.includes(client);
  const tsCount = index.ts.files.length;
  const evidence4: string[] = [];
  evidence4.push(hasClient ? `API client ${client} found` : `API client ${client} not found`);
  evidence4.push(`${tsCount} TypeScript file(s) that may call the backend analysed`);
  const item4: ChecklistItem = {
    id: 'client-token',
    question: QUESTIONS['client-token'],
    status: clientFindings.length > 0 ? 'fail' : tsCount === 0 && !hasClient ? 'n/a' : 'pass',
    evidence: evidence4,
    findings: clientFindings.map(ref),
  };

  return { items: [item1, item2, item3, item4], features };
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', 'n/a': '–' };

export function statusMark(s: CheckStatus): string {
  return MARK[s];
}

/** Plain-text checklist for the pretty reporter (colour is applied by the caller, per line). */
export function checklistLines(c: Checklist): { status: CheckStatus | null; text: string }[] {
  const out: { status: CheckStatus | null; text: string }[] = [{ status: null, text: 'Verification checklist' }];
  for (const item of c.items) {
    out.push({ status: item.status, text: `${MARK[item.status]} ${item.question}` });
    for (const e of item.evidence) out.push({ status: null, text: `    ${e}` });
    if (item.status === 'fail') for (const f of item.findings) out.push({ status: null, text: `    ${f.file}:${f.line} ${f.ruleId}: ${f.message}` });
    if (item.id === 'five-features' && c.features.length > 0) {
      for (const line of featureTableLines(c.features)) out.push({ status: null, text: `    ${line}` });
    }
  }
  return out;
}

function yesNo(v: boolean | null): string {
  return v === null ? '-' : v ? 'yes' : 'no';
}

export function featureTableLines(features: readonly FeatureRow[]): string[] {
  const rows = [['Feature', 'Route', 'Handler', 'Protected', 'Scoped', 'Tasks']];
  for (const f of features) {
    rows.push([
      `${f.feature} (${f.operation})`,
      f.missing ? 'missing' : `${f.method} ${f.path}`,
      f.handler ? `${f.handler.file}:${f.handler.line}` : '-',
      yesNo(f.protected),
      yesNo(f.scoped),
      f.tasks.join(', ') || '-',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([`*_<>[\]])/g, '\\$1');
}

/** Markdown for `trace --format md` (pasteable into a pull request). */
export function checklistMarkdown(c: Checklist): string {
  const lines = ['## Verification checklist', ''];
  for (const item of c.items) {
    lines.push(`- ${MARK[item.status]} **${mdCell(item.question)}**`);
    for (const e of item.evidence) lines.push(`  - ${mdCell(e)}`);
    if (item.status === 'fail') for (const f of item.findings) lines.push(`  - \`${f.ruleId}\` ${mdCell(f.file)}:${f.line}: ${mdCell(f.message)}`);
  }
  if (c.features.length > 0) {
    lines.push('', '### The five basic features', '', '| Feature | Route | Handler | Protected | Scoped | Tasks |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of c.features) {
      lines.push(
        `| ${f.feature} (${f.operation}) | ${f.missing ? '**missing**' : mdCell(`${f.method} ${f.path}`)} | ${f.handler ? mdCell(`${f.handler.file}:${f.handler.line}`) : '-'} | ${yesNo(f.protected)} | ${yesNo(f.scoped)} | ${f.tasks.join(', ') || '-'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
