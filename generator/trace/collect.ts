/**
 * Gathers what the trace needs by running the check engine (rules/engine.ts), not a second parser:
 * phase 1 yields the task references (CheckResult.index.taskRefs); every rule runs as in
 * `authspec check` (config severities, suppression comments and worker threads included), and
 * `task-link`'s findings name the unlinked units (Finding.unit); the findings and the index then
 * answer the verification checklist (rules/checklist.ts).
 */
import type { Project } from '../load.js';
import { buildChecklist, type Checklist } from '../../rules/checklist.js';
import { checkProject, workerOptionsFromEnv } from '../../rules/engine.js';
import taskLink from '../../rules/task-link.js';
import type { TaskRef } from '../../rules/types.js';
import type { UnlinkedCode } from './model.js';

export interface CollectedTrace {
  refs: TaskRef[];
  unlinked: UnlinkedCode[];
  checklist: Checklist;
  /** Files the engine could not read or parse (binary, too large, …). */
  notes: { file: string; message: string }[];
}

export interface CollectOptions {
  /** Run only task-link (no checklist): faster, and independent of the other rules. */
  linksOnly?: boolean;
}

export async function collectTrace(project: Project, opts: CollectOptions = {}): Promise<CollectedTrace> {
  // Every rule as in `check` (worker threads on large repositories); task-link's findings carry the
  // unit they are about, so the unlinked code comes straight from what it reported.
  const result = await checkProject(project, { ...(opts.linksOnly ? { rules: [taskLink] } : {}), ...workerOptionsFromEnv() });
  // A rule that throws is an authspec bug: the trace still comes out, with the failure as a warning.
  const failures = result.errors.map((e) => ({ file: e.file, message: `${e.message} (an authspec bug: the report may be incomplete)` }));
  const unlinked: UnlinkedCode[] = [];
  for (const f of result.findings) if (f.ruleId === taskLink.meta.id && f.unit) unlinked.push({ file: f.file, line: f.line, symbol: f.unit.symbol, reasons: f.unit.reasons });
  return {
    refs: result.index.taskRefs,
    unlinked,
    checklist: opts.linksOnly ? { items: [], features: [] } : buildChecklist(project.spec, result.index, result.findings),
    notes: [...result.notes, ...failures],
  };
}
