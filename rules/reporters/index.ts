/** The report formats of `authspec check --format`. */
import { formatGithub, type GithubOptions } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatPretty } from './pretty.js';
import { formatSarif } from './sarif.js';
import type { ReportInput } from './types.js';

export const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions extends GithubOptions {
  colour?: boolean;
}

export function formatReport(format: Format, input: ReportInput, opts: FormatOptions = {}): string {
  switch (format) {
    case 'pretty':
      return formatPretty(input, { colour: opts.colour ?? false });
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input, opts);
    case 'junit':
      return formatJunit(input);
  }
}

export type { ReportInput } from './types.js';
