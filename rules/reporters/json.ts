/** `--format json`: `{ version, root, findings, summary, notes }`, findings as in rules/types.ts. */
import { summarise, type ReportInput } from './types.js';

export function formatJson(input: ReportInput): string {
  const report = {
    version: input.version,
    root: input.root,
    findings: input.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      ...(f.hint !== undefined ? { hint: f.hint } : {}),
    })),
    summary: summarise(input),
    notes: input.notes,
    ...(input.checklist ? { checklist: input.checklist } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
