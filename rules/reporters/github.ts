/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule-id>::message`.
 * Escaping follows the runner: `%`, CR and LF in the message; additionally `:` and `,` in properties.
 */
import type { ReportInput } from './types.js';
import { summarise, summaryLine } from './types.js';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubOptions {
  /** Maps a root-relative path to the path GitHub expects (relative to the workspace). */
  pathFor?: (file: string) => string;
}

export function formatGithub(input: ReportInput, opts: GithubOptions = {}): string {
  const pathFor = opts.pathFor ?? ((f: string) => f);
  const lines = input.findings.map((f) => {
    const props = [
      `file=${escapeProperty(pathFor(f.file))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(f.ruleId)}`,
    ].join(',');
    const message = f.hint ? `${f.message} (${f.hint})` : f.message;
    return `::${f.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(message)}`;
  });
  lines.push(summaryLine(summarise(input)));
  return `${lines.join('\n')}\n`;
}
