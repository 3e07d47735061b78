/**
 * Gathers what the trace needs by running the check engine (rules/engine.ts), not a second parser:
 * phase 1 yields the task references (CheckResult.index.taskRefs); every rule runs as in
 * `authspec check` (config severities and suppression comments included), with `task-link`
 * wrapped to record the unlinked units it reports; the findings and the index then answer the
 * verification checklist (rules/checklist.ts).
 */
import type { Project } from '../load.js';
import { buildChecklist, type Checklist } from '../../rules/checklist.js';
import { checkProject } from '../../rules/engine.js';
import { RULES } from '../../rules/index.js';
import taskLink, { unlinkedPython, unlinkedTs } from '../../rules/task-link.js';
import type { Rule, TaskRef } from '../../rules/types.js';
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
  const candidates: UnlinkedCode[] = [];
  const record = (file: string, found: ReturnType<typeof unlinkedPython>): void => {
    for (const u of found) candidates.push({ file, line: u.line, symbol: u.symbol, reasons: u.reasons });
  };
  // task-link as it is, recording the structured units next to the findings it reports.
  const linkRule: Rule = {
    meta: taskLink.meta,
    checkPython(file, ctx) {
      record(file.path, unlinkedPython(file, ctx));
      taskLink.checkPython!(file, ctx);
    },
    checkTs(file, ctx) {
      record(file.path, unlinkedTs(file, ctx));
      taskLink.checkTs!(file, ctx);
    },
  };
  const rules = opts.linksOnly ? [linkRule] : RULES.map((r) => (r.meta.id === taskLink.meta.id ? linkRule : r));
  const result = await checkProject(project, { rules, workers: 0 });
  // A rule that throws is an authspec bug: the trace still comes out, with the failure as a warning.
  const failures = result.errors.map((e) => ({ file: e.file, message: `${e.message} (an authspec bug: the report may be incomplete)` }));
  const reported = new Set(result.findings.filter((f) => f.ruleId === 'task-link').map((f) => `${f.file}\0${f.line}`));
  return {
    refs: result.index.taskRefs,
    unlinked: candidates.filter((c) => reported.has(`${c.file}\0${c.line}`)),
    checklist: opts.linksOnly ? { items: [], features: [] } : buildChecklist(project.spec, result.index, result.findings),
    notes: [...result.notes, ...failures],
  };
}
