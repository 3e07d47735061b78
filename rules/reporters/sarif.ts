/**
 * `--format sarif`: SARIF 2.1.0 for code scanning. Locations are repository-relative under
 * `%SRCROOT%`; columns are UTF-16 code units (what both parsers report). The partial
 * fingerprint `authspec/v1` hashes the rule id, the file and the text of the finding's line
 * (whitespace-normalised, plus an occurrence counter), not the line number, so it survives edits
 * elsewhere in the file.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { RULE_DOCS_BASE_URL, formatRuleDoc, GENERATED_NOTE, ruleDocsUrl } from '../docs.js';
import type { Finding } from '../types.js';
import { lineOf, type ReportInput } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The repository the rule pages live in (RULE_DOCS_BASE_URL without /blob/<branch>/docs/rules/). */
export function informationUri(): string {
  return RULE_DOCS_BASE_URL.replace(/\/blob\/[^/]+\/docs\/rules\/?$/, '');
}

export function fingerprint(f: Finding, lineText: string | null, occurrence: number): string {
  const text = (lineText ?? '').trim().replace(/\s+/g, ' ');
  const hash = createHash('sha256').update(`${f.ruleId}\0${f.file}\0${text}`).digest('hex').slice(0, 32);
  return `${hash}:${occurrence}`;
}

export function formatSarif(input: ReportInput): string {
  const rules = [...input.rules];
  // A finding of a rule that is not in the list (should not happen) still gets a descriptor.
  for (const f of input.findings) {
    if (!rules.some((r) => r.meta.id === f.ruleId)) {
      rules.push({ meta: { id: f.ruleId, type: 'problem', defaultSeverity: f.severity, description: f.ruleId, languages: [], docs: { checks: '', why: '', incorrect: [], correct: [], fix: '' } }, severity: f.severity });
    }
  }
  const indexOf = new Map(rules.map((r, i) => [r.meta.id, i]));
  const sources = new Map<string, string | null>();
  const source = (file: string): string | null => {
    if (!sources.has(file)) sources.set(file, input.readSource(file));
    return sources.get(file)!;
  };
  const seen = new Map<string, number>();
  const results = input.findings.map((f) => {
    const text = lineOf(source(f.file), f.line);
    const base = fingerprint(f, text, 0);
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    const message = f.hint ? `${f.message} (${f.hint})` : f.message;
    return {
      ruleId: f.ruleId,
      ruleIndex: indexOf.get(f.ruleId)!,
      level: f.severity === 'error' ? 'error' : 'warning',
      message: { text: message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column : 1) },
          },
        },
      ],
      partialFingerprints: { 'authspec/v1': occurrence ? fingerprint(f, text, occurrence) : base },
    };
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'authspec',
            version: input.version,
            semanticVersion: input.version,
            informationUri: informationUri(),
            rules: rules.map(({ meta, severity }) => ({
              id: meta.id,
              name: meta.id
                .split('-')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: meta.description },
              fullDescription: { text: meta.docs.checks || meta.description },
              help: {
                text: [meta.docs.checks, meta.docs.fix && `How to fix: ${meta.docs.fix}`].filter(Boolean).join('\n\n') || meta.description,
                markdown: formatRuleDoc(meta).replace(GENERATED_NOTE, '').trim(),
              },
              helpUri: ruleDocsUrl(meta.id),
              defaultConfiguration: { level: severity === 'error' ? 'error' : 'warning' },
              properties: { tags: ['security'], precision: 'high', 'problem.severity': severity === 'error' ? 'error' : 'warning' },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(input.root.endsWith('/') ? input.root : `${input.root}/`).href } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(input.checklist ? { properties: { checklist: input.checklist } } : {}),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
