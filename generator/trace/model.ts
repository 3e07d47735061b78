/**
 * The trace model: task ↔ requirement ↔ code reference, and the gaps between them. Pure: built from
 * the task list, the spec and what the engine's phase 1 (task references) and the task-link
 * analysis (unlinked auth-related code) found. `authspec trace --format json` prints it as is.
 */
import { FEATURE_OF, type Operation, type Spec, type TaskList } from '../model.js';

export interface TraceLocation {
  /** Relative to the root, forward slashes. */
  file: string;
  line: number;
}

export interface TraceTask {
  id: string;
  /** As the task list writes it (T-012 or T012). */
  spelling: string;
  title: string;
  done: boolean;
  phase: string | null;
  story: string | null;
  /** Spec requirement IDs that name this task. */
  requirements: string[];
  /** Code comments that name this task (spelling as written there). */
  references: (TraceLocation & { spelling: string })[];
  /** Where the task is in the task list. */
  source: TraceLocation;
}

export interface UnknownReference extends TraceLocation {
  id: string;
  spelling: string;
  /** Set when a spec requirement (not a code comment) names the unknown task. */
  requirement?: string;
}

export interface UnlinkedCode extends TraceLocation {
  symbol: string;
  /** Why it counts as auth-related (route, auth dependency, API client, …). */
  reasons: string[];
}

/** A route the backend serves (from the Python index), to find where a feature is implemented. */
export interface TraceRoute extends TraceLocation {
  method: string;
  /** Full path, router prefixes included. */
  path: string;
  symbol: string;
}

/** One basic feature of a resource (View / Add / Update / Delete / Complete) and where it lives. */
export interface FeatureRow {
  resource: string;
  feature: string;
  operation: Operation;
  method: string;
  path: string;
  /** Tasks the spec links to the resource. */
  tasks: string[];
  /** Route handlers serving this method and path (placeholder names ignored). */
  handlers: (TraceLocation & { symbol: string })[];
}

/** A question a reviewer answers for the pull request, with the tasks that cover it. */
export interface ChecklistItem {
  question: string;
  tasks: string[];
}

export interface TraceReport {
  /** Relative path of the task list, or null when none was found. */
  taskList: string | null;
  /** Relative path of the spec, or null when defaults are in force. */
  spec: string | null;
  summary: {
    tasks: number;
    done: number;
    referenced: number;
    references: number;
    requirements: number;
  };
  tasks: TraceTask[];
  /** Gap: code or requirement references to IDs the task list does not have. */
  unknownReferences: UnknownReference[];
  /** Gap: auth-related code without a task reference. */
  unlinkedCode: UnlinkedCode[];
  /** Gap: spec requirements that name no task. */
  requirementsWithoutTasks: string[];
  /** Gap: tasks marked done that no code references. */
  doneWithoutReferences: string[];
  /** Notes for the reader (no task list, a list without IDs, …). */
  notes: string[];
  /** What a reviewer checks, from the spec. */
  checklist: ChecklistItem[];
  /** The resources' operations, their routes and tasks. */
  features: FeatureRow[];
}

export interface TraceInputs {
  spec: Spec;
  tasks: TaskList;
  refs: { id: string; spelling: string; file: string; line: number }[];
  unlinked: UnlinkedCode[];
  /** Backend routes (optional: without them, features list no handlers). */
  routes?: TraceRoute[];
}

/** Method and path suffix of each operation, as `authspec generate` writes the routers. */
const OPERATION_ROUTE: Readonly<Record<Operation, { method: string; suffix: string }>> = {
  list: { method: 'GET', suffix: '' },
  read: { method: 'GET', suffix: '/{item_id}' },
  create: { method: 'POST', suffix: '' },
  update: { method: 'PUT', suffix: '/{item_id}' },
  delete: { method: 'DELETE', suffix: '/{item_id}' },
  complete: { method: 'PATCH', suffix: '/{item_id}/complete' },
};

const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '')}`;

export function buildFeatures(spec: Spec, routes: readonly TraceRoute[]): FeatureRow[] {
  const byKey = new Map<string, TraceRoute[]>();
  for (const r of routes) byKey.set(routeKey(r.method, r.path), [...(byKey.get(routeKey(r.method, r.path)) ?? []), r]);
  const rows: FeatureRow[] = [];
  for (const res of spec.resources) {
    for (const op of res.operations) {
      const { method, suffix } = OPERATION_ROUTE[op];
      const path = `${res.path}${suffix}`;
      rows.push({
        resource: res.name,
        feature: FEATURE_OF[op],
        operation: op,
        method,
        path,
        tasks: [...res.tasks],
        handlers: (byKey.get(routeKey(method, path)) ?? []).map((r) => ({ file: r.file, line: r.line, symbol: r.symbol })),
      });
    }
  }
  return rows;
}

export function buildChecklist(spec: Spec): ChecklistItem[] {
  const v = spec.verification;
  const resTasks = [...new Set(spec.resources.flatMap((r) => r.tasks))];
  const paths = spec.resources.map((r) => `\`${r.path}\``).join(', ') || '(no resources)';
  const owners = spec.resources.map((r) => `\`${r.model}.${r.ownerField}\``).join(', ') || 'the owner column';
  const models = spec.resources.map((r) => `\`${r.model}\``).join(', ') || 'owned models';
  const foreign = [...new Set(spec.resources.map((r) => r.foreignAccess))].join(' / ') || '404';
  const how =
    v.mode === 'jwks'
      ? `signature against the JWKS${v.jwksUrl ? ` at \`${v.jwksUrl}\`` : ''}`
      : `HS256 signature with the secret from \`${v.secretEnv}\``;
  return [
    {
      question: `Does every route under ${paths} depend on the authenticated user, and refuse a \`{user_id}\` in the path that is not the token's \`${v.userIdClaim}\`?`,
      tasks: resTasks,
    },
    { question: `Does every query on ${models} filter by ${owners}, with the owner taken from the token and never from the request body?`, tasks: resTasks },
    {
      question: `Is every token verified statelessly (no session lookup): ${how}, algorithms ${v.algorithms.join(', ')} only, claims ${v.requiredClaims.join(', ')} required?`,
      tasks: [...v.tasks],
    },
    { question: `Does a missing or invalid token get 401, and another user's item ${foreign}, never its data?`, tasks: resTasks },
  ];
}

const byPlace = (a: TraceLocation, b: TraceLocation): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

export function buildTrace({ spec, tasks, refs, unlinked, routes = [] }: TraceInputs): TraceReport {
  const reqsOf = new Map<string, string[]>();
  for (const req of spec.requirements) {
    for (const id of new Set(req.tasks)) reqsOf.set(id, [...(reqsOf.get(id) ?? []), req.id]);
  }
  const sortedRefs = [...refs].sort(byPlace);
  const refsOf = new Map<string, (TraceLocation & { spelling: string })[]>();
  const unknownReferences: UnknownReference[] = [];
  // Without a task list every reference is unknown: listed (so the data is not lost) and explained in `notes`.
  for (const r of sortedRefs) {
    if (tasks.byId.has(r.id)) refsOf.set(r.id, [...(refsOf.get(r.id) ?? []), { file: r.file, line: r.line, spelling: r.spelling }]);
    else unknownReferences.push({ id: r.id, spelling: r.spelling, file: r.file, line: r.line });
  }
  for (const req of spec.requirements) {
    req.tasks.forEach((id, i) => {
      if (!tasks.byId.has(id)) unknownReferences.push({ id, spelling: req.taskSpellings[i] ?? id, file: req.pos.file, line: req.pos.line, requirement: req.id });
    });
  }
  const traceTasks: TraceTask[] = tasks.tasks.map((t) => ({
    id: t.id,
    spelling: t.spelling,
    title: t.title,
    done: t.done,
    phase: t.phase,
    story: t.story,
    requirements: reqsOf.get(t.id) ?? [],
    references: refsOf.get(t.id) ?? [],
    source: { file: t.pos.file, line: t.pos.line },
  }));
  const notes: string[] = [];
  if (tasks.file === null) notes.push('No task list was found (speckit.tasks at the root or specs/<feature>/tasks.md): every reference is listed as unknown.');
  else if (tasks.tasks.length === 0) notes.push(`The task list ${tasks.file} has no task IDs (\`- [ ] T001 Description\`): there is nothing to link to, so every reference is listed as unknown.`);
  if (spec.file === null) notes.push('No spec file was found: requirements are not traced.');
  return {
    taskList: tasks.file,
    spec: spec.file,
    summary: {
      tasks: traceTasks.length,
      done: traceTasks.filter((t) => t.done).length,
      referenced: traceTasks.filter((t) => t.references.length > 0).length,
      references: refs.length,
      requirements: spec.requirements.length,
    },
    tasks: traceTasks,
    unknownReferences,
    unlinkedCode: [...unlinked].sort(byPlace),
    requirementsWithoutTasks: spec.requirements.filter((r) => r.tasks.length === 0).map((r) => r.id),
    doneWithoutReferences: traceTasks.filter((t) => t.done && t.references.length === 0).map((t) => t.id),
    notes,
    checklist: buildChecklist(spec),
    features: buildFeatures(spec, routes),
  };
}

/** References grouped by file, in order: `[{ file, lines: [4, 8] }]` (for the md and html tables). */
export function groupByFile(refs: readonly TraceLocation[]): { file: string; lines: number[] }[] {
  const out: { file: string; lines: number[] }[] = [];
  for (const r of refs) {
    const last = out[out.length - 1];
    if (last && last.file === r.file) last.lines.push(r.line);
    else out.push({ file: r.file, lines: [r.line] });
  }
  return out;
}

export function renderJson(report: TraceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
