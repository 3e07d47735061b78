/**
 * Gathers what the trace needs by running the check engine (rules/engine.ts), not a second parser:
 * phase 1 yields the task references (ProjectIndex.taskRefs); the `task-link` analysis runs as a
 * rule in phase 2 on the same trees, so config severities (`task-link: off`) and suppression
 * comments (`authspec-ignore task-link: …`) count exactly as they do for `authspec check`.
 */
import type { Project } from '../load.js';
import { checkProject } from '../../rules/engine.js';
import taskLink, { unlinkedPython, unlinkedTs } from '../../rules/task-link.js';
import type { ProjectIndex, Rule, TaskRef } from '../../rules/types.js';
import { pyProject } from '../../rules/python/project.js';
import type { TraceRoute, UnlinkedCode } from './model.js';

export interface CollectedTrace {
  refs: TaskRef[];
  unlinked: UnlinkedCode[];
  /** FastAPI routes with their full paths (router prefixes resolved by the Python index). */
  routes: TraceRoute[];
  /** Files the engine could not read or parse (binary, too large, …). */
  notes: { file: string; message: string }[];
}

export async function collectTrace(project: Project): Promise<CollectedTrace> {
  let index: ProjectIndex | null = null;
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
  const captureIndex: Rule = {
    meta: { ...taskLink.meta, id: 'trace-index', description: 'captures the project index for authspec trace', languages: ['repo'] },
    checkRepo(ctx) {
      index = ctx.index;
    },
  };
  const result = await checkProject(project, { rules: [linkRule, captureIndex], workers: 0 });
  if (result.errors.length > 0) throw new Error(`the engine failed on ${result.errors[0]!.file}: ${result.errors[0]!.message}`);
  const reported = new Set(result.findings.filter((f) => f.ruleId === 'task-link').map((f) => `${f.file}\0${f.line}`));
  const captured = index as ProjectIndex | null;
  const routes: TraceRoute[] = [];
  if (captured) {
    const project = pyProject(captured.python);
    for (const f of captured.python.files) {
      for (const r of f.routes) routes.push({ method: r.method.toUpperCase(), path: project.fullPath(f, r), file: f.path, line: r.line, symbol: r.handler });
    }
  }
  return {
    refs: captured ? captured.taskRefs : [],
    routes,
    unlinked: candidates.filter((c) => reported.has(`${c.file}\0${c.line}`)),
    notes: result.notes,
  };
}
