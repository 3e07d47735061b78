/**
 * `--format pretty` (the default): findings grouped by file, each with a code frame of the
 * offending line(s) and a caret under the span, then the summary line
 * `N errors, M warnings in K files`. Colour only when asked (a TTY, see generator/colour.ts).
 */
import { colours } from '../../generator/colour.js';
import { checklistLines } from '../checklist.js';
import type { Finding } from '../types.js';
import { lineOf, summarise, summaryLine, type ReportInput } from './types.js';

export interface PrettyOptions {
  colour: boolean;
}

const MAX_FRAME_LINES = 3;

export function formatPretty(input: ReportInput, opts: PrettyOptions): string {
  const c = colours(opts.colour);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(file));
    const source = input.readSource(file);
    for (const f of findings) {
      const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
      out.push(`  ${c.dim(`${f.line}:${f.column}`)}  ${sev}  ${f.message}  ${c.dim(f.ruleId)}`);
      out.push(...codeFrame(source, f, c));
      if (f.hint) out.push(`    ${c.cyan('hint:')} ${f.hint}`);
    }
    out.push('');
  }
  if (input.checklist) {
    // The checklist summarises the findings above it; the summary line still closes the report.
    for (const l of checklistLines(input.checklist)) {
      if (l.status === null) out.push(l.text.startsWith('    ') ? c.dim(l.text) : c.bold(l.text));
      else out.push(l.status === 'pass' ? c.green(l.text) : l.status === 'fail' ? c.red(l.text) : c.dim(l.text));
    }
    out.push('');
  }
  const s = summarise(input);
  const line = summaryLine(s);
  out.push(s.errors ? c.red.bold(line) : s.warnings ? c.yellow.bold(line) : c.green(line));
  const extra = [`${s.filesChecked} files checked`];
  if (s.suppressed) extra.push(`${s.suppressed} suppressed`);
  if (input.notes.length) extra.push(`${input.notes.length} skipped (see notes above)`);
  out.push(c.dim(extra.join(', ')));
  return `${out.join('\n')}\n`;
}

function codeFrame(source: string | null, f: Finding, c: ReturnType<typeof colours>): string[] {
  if (source === null) return [];
  const last = Math.min(f.endLine, f.line + MAX_FRAME_LINES - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = f.line; n <= last; n++) {
    const text = lineOf(source, n);
    if (text === null) break;
    out.push(`    ${c.red('>')} ${c.dim(String(n).padStart(width))} ${c.dim('|')} ${text}`);
    // Caret under the span on this line; tabs are kept so the caret lines up.
    const from = n === f.line ? f.column : firstNonBlank(text);
    const to = n === f.endLine ? f.endColumn : text.length + 1;
    const pad = text.slice(0, Math.max(0, from - 1)).replace(/[^\t]/g, ' ');
    const len = Math.max(1, Math.min(to, text.length + 1) - from);
    out.push(`      ${' '.repeat(width)} ${c.dim('|')} ${pad}${c.red('^'.repeat(len))}`);
  }
  if (f.endLine > last) out.push(`      ${' '.repeat(width)} ${c.dim('|')} ${c.dim('…')}`);
  return out;
}

function firstNonBlank(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index + 1 : 1;
}
