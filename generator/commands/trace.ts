/**
 * `authspec trace [--root DIR] [--format md|json|html] [--output FILE]`
 *
 * For reviewers: every task with its state, phase and story, the spec requirements that link it,
 * the code that references it, and the gaps. Always exits 0 (`check` is what gates); a problem the
 * user can fix (no such root, an unwritable --output) is a UserError, exit 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatDiagnosticLine, UserError } from '../errors.js';
import { loadProject } from '../load.js';
import { collectTrace, type CollectOptions } from '../trace/collect.js';
import { renderHtml } from '../trace/html.js';
import { renderMarkdown } from '../trace/markdown.js';
import { buildTrace, renderJson, type TraceReport } from '../trace/model.js';

export const TRACE_FORMATS = ['md', 'json', 'html'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export function renderTrace(report: TraceReport, format: TraceFormat): string {
  return format === 'json' ? renderJson(report) : format === 'html' ? renderHtml(report) : renderMarkdown(report);
}

/** Loads the project, runs the engine's phase 1 and task-link analysis, and builds the report. */
export async function traceProject(rootDir: string | undefined, opts: CollectOptions = {}): Promise<{ report: TraceReport; warnings: string[] }> {
  const project = await loadProject(rootDir);
  const collected = await collectTrace(project, opts);
  const report = buildTrace({ spec: project.spec, tasks: project.tasks, refs: collected.refs, unlinked: collected.unlinked, checklist: collected.checklist });
  const warnings = [...project.diagnostics.map(formatDiagnosticLine), ...collected.notes.map((n) => `${n.file}: ${n.message}`)];
  return { report, warnings };
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const format = (options.format ?? 'md') as string;
  if (!(TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new UserError(`unknown trace format '${format}'`, { file: '--format' }, `use one of ${TRACE_FORMATS.join(', ')}`);
  }
  const { report, warnings } = await traceProject(options.root as string | undefined);
  for (const w of warnings) process.stderr.write(`authspec: ${w}\n`);
  const text = renderTrace(report, format as TraceFormat);
  const output = options.output as string | undefined;
  if (output) {
    const abs = resolve(output);
    try {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    } catch (e) {
      throw new UserError(`cannot write the trace report: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: output }, 'pass a writable path with --output');
    }
    process.stderr.write(`authspec: trace written to ${output}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
