/**
 * The trace model: task ↔ requirement ↔ code reference, and the gaps between them. Pure: built from
 * the task list, the spec and what the engine's phase 1 (task references) and the task-link
 * analysis (unlinked auth-related code) found. `authspec trace --format json` prints it as is.
 */
import type { Checklist } from '../../rules/checklist.js';
import type { CodeUnit } from '../../rules/types.js';
import type { Spec, TaskList } from '../model.js';

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
  /** Set when the spec names the unknown task: the requirement ID, or the front-matter key (`verification.tasks`). */
  requirement?: string;
}

/** Auth-related code without a task reference (task-link's findings). */
export interface UnlinkedCode extends TraceLocation, CodeUnit {}

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
  /** The verification checklist (rules/checklist.ts): four reviewer questions answered from the
   * findings and the index, and the five basic features with their routes, handlers and tasks. */
  checklist: Checklist;
}

export interface TraceInputs {
  spec: Spec;
  tasks: TaskList;
  refs: { id: string; spelling: string; file: string; line: number }[];
  unlinked: UnlinkedCode[];
  /** The verification checklist; empty when not computed. */
  checklist?: Checklist;
}

const byPlace = (a: TraceLocation, b: TraceLocation): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

export function buildTrace({ spec, tasks, refs, unlinked, checklist = { items: [], features: [] } }: TraceInputs): TraceReport {
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
  // Front-matter task lists (`verification.tasks`, `resources[].tasks`), as unknown-task-id reads them.
  if (spec.file) {
    const lists = [{ key: 'verification.tasks', ids: spec.verification.tasks }, ...spec.resources.map((r, i) => ({ key: `resources.${i}.tasks`, ids: r.tasks }))];
    for (const { key, ids } of lists) {
      ids.forEach((id, i) => {
        if (tasks.byId.has(id)) return;
        const pos = spec.positions.get(`${key}.${i}`) ?? spec.positions.get(key);
        unknownReferences.push({ id, spelling: id, file: pos?.file ?? spec.file!, line: pos?.line ?? 1, requirement: key });
      });
    }
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
    checklist,
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
