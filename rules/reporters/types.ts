/** What every reporter receives: the findings of one run and the rules that produced them. */
import type { Checklist } from '../checklist.js';
import type { Finding, RuleMeta, Severity } from '../types.js';
import type { Note } from '../workspace.js';

export interface ReportInput {
  /** Absolute root the paths are relative to. */
  root: string;
  /** authspec's version. */
  version: string;
  findings: readonly Finding[];
  /** The rules that ran, with their effective severity (SARIF driver rules, JUnit suites). */
  rules: readonly { meta: RuleMeta; severity: Severity }[];
  /** Number of files looked at. */
  filesChecked: number;
  suppressed: number;
  notes: readonly Note[];
  /** Reads a file's text (relative path), for code frames and fingerprints; null when unreadable. */
  readSource(file: string): string | null;
  /** The verification checklist (a summary of the findings; absent when only some rules or lines ran). */
  checklist?: Checklist;
}

export interface Summary {
  errors: number;
  warnings: number;
  /** Files with at least one finding. */
  files: number;
  filesChecked: number;
  suppressed: number;
}

export function summarise(input: ReportInput): Summary {
  let errors = 0;
  let warnings = 0;
  const files = new Set<string>();
  for (const f of input.findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
    files.add(f.file);
  }
  return { errors, warnings, files: files.size, filesChecked: input.filesChecked, suppressed: input.suppressed };
}

/** `N errors, M warnings in K files` (K = files with findings). */
export function summaryLine(s: Summary): string {
  return `${s.errors} errors, ${s.warnings} warnings in ${s.files} files`;
}

/** One line of a file's text (1-based), without its line break. */
export function lineOf(source: string | null, line: number): string | null {
  if (source === null) return null;
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = source.indexOf('\n', start);
    if (nl === -1) return null;
    start = nl + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
}
