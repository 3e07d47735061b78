/** `authspec trace --format md`: a report to paste into a pull request (summary, task table, gaps). */
import { checklistMarkdown } from '../../rules/checklist.js';
import { groupByFile, type TraceReport } from './model.js';

/** Plain text that Markdown (GitHub flavoured, tables included) shows as written. */
export function mdText(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

/** A file location as inline code when it can be one, escaped text otherwise. */
function mdPlace(file: string, line: number | string): string {
  const s = `${file}:${line}`;
  return /[`|\n<>]/.test(s) ? mdText(s) : `\`${s}\``;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function renderMarkdown(r: TraceReport): string {
  const out: string[] = [];
  out.push('## Traceability: tasks ↔ requirements ↔ code', '');
  out.push(`Task list: ${r.taskList ? `\`${mdText(r.taskList)}\`` : '_none found_'} · Spec: ${r.spec ? `\`${mdText(r.spec)}\`` : '_none found (defaults)_'}`, '');
  const s = r.summary;
  out.push(
    `**${plural(s.tasks, 'task')}** (${s.done} done), ${s.referenced} referenced from code (${plural(s.references, 'reference')}), ${plural(s.requirements, 'requirement')}.`,
  );
  const gaps = r.doneWithoutReferences.length + r.unknownReferences.length + r.unlinkedCode.length + r.requirementsWithoutTasks.length;
  out.push(
    gaps === 0
      ? 'Gaps: none.'
      : `Gaps: ${r.doneWithoutReferences.length} done without references, ${r.unknownReferences.length} unknown references, ${r.unlinkedCode.length} unlinked auth-related code, ${r.requirementsWithoutTasks.length} requirements without tasks.`,
  );
  for (const n of r.notes) out.push('', `> ${mdText(n)}`);
  if (r.checklist.items.length > 0 || r.checklist.features.length > 0) out.push('', checklistMarkdown(r.checklist).replace(/\n+$/, ''));
  out.push('', '## Tasks', '');
  if (r.tasks.length === 0) out.push('No tasks.');
  else {
    out.push('| Task | State | Phase | Story | Title | Requirements | References |', '|---|---|---|---|---|---|---|');
    for (const t of r.tasks) {
      const state = t.done ? (t.references.length ? 'done' : '**done, unreferenced**') : 'open';
      const refs = t.references.length ? groupByFile(t.references).map((g) => mdPlace(g.file, g.lines.join(', '))).join('<br>') : '–';
      out.push(
        `| ${mdText(t.spelling)} | ${state} | ${mdText(t.phase ?? '–')} | ${mdText(t.story ?? '–')} | ${mdText(t.title)} | ${t.requirements.map(mdText).join(', ') || '–'} | ${refs} |`,
      );
    }
  }
  out.push('', '## Gaps', '');
  const section = (title: string, items: string[]): void => {
    out.push(`### ${title} (${items.length})`, '', ...(items.length ? items.map((i) => `- ${i}`) : ['None.']), '');
  };
  const byId = new Map(r.tasks.map((t) => [t.id, t]));
  section('Tasks marked done that no code references', r.doneWithoutReferences.map((id) => `${mdText(byId.get(id)?.spelling ?? id)}: ${mdText(byId.get(id)?.title ?? '')}`));
  section(
    'References to unknown tasks',
    r.unknownReferences.map((u) => `${mdText(u.spelling)} at ${mdPlace(u.file, u.line)}${u.requirement ? ` (requirement ${mdText(u.requirement)})` : ''}`),
  );
  section('Auth-related code without a task reference', r.unlinkedCode.map((u) => `${mdText(u.symbol)} at ${mdPlace(u.file, u.line)} (${mdText(u.reasons.join(', '))})`));
  section('Requirements without a task', r.requirementsWithoutTasks.map(mdText));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
