/**
 * `authspec check`: run the rules (rules/engine.ts) and print the report.
 * Exit 0: no error-level finding (and warnings within --max-warnings); 1: findings; 2: usage,
 * config or spec errors, or an internal error in a rule (the report is still printed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { wantsColour } from '../colour.js';
import { formatDiagnosticLine, UserError } from '../errors.js';
import { loadProject } from '../load.js';
import { packageVersion } from '../paths.js';
import type { Finding } from '../../rules/types.js';

const FORMAT_NAMES = ['pretty', 'json', 'sarif', 'github', 'junit'] as const;
const MAX_NOTES = 20;

function list(v: unknown): string[] {
  if (v === undefined || v === null || v === false) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function parseMaxWarnings(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  if (!/^\d+$/.test(s)) throw new UserError(`--max-warnings must be a whole number of 0 or more, not \`${s}\``, { file: '--max-warnings' }, 'e.g. --max-warnings 0 fails on any warning');
  return Number(s);
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const format = String(options.format ?? 'pretty');
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new UserError(`unknown format \`${format}\``, { file: '--format' }, `use one of ${FORMAT_NAMES.join(', ')}`);
  }
  const maxWarnings = parseMaxWarnings(options.maxWarnings);
  const project = await loadProject(options.root as string | undefined, options.config ? { configPath: String(options.config) } : {});
  const { checkProject, resolveSeverities, workerOptionsFromEnv } = await import('../../rules/engine.js');
  const { RULES } = await import('../../rules/index.js');
  // a problem a running rule reports as a finding is not said again on standard error
  const enabled = resolveSeverities(project, RULES, list(options.rule));
  for (const d of project.diagnostics) if (!(d.rule && enabled[d.rule])) process.stderr.write(`authspec: ${formatDiagnosticLine(d)}\n`);

  const since = options.since === undefined ? undefined : String(options.since);
  const engineOpts: Parameters<typeof checkProject>[1] = { only: list(options.rule), ...workerOptionsFromEnv() };
  if (since !== undefined) engineOpts.since = since;
  const result = await checkProject(project, engineOpts);

  const { formatReport } = await import('../../rules/reporters/index.js');
  // The checklist summarises a whole run: not shown when --rule or --since narrow what was checked.
  const checklist =
    list(options.rule).length === 0 && since === undefined
      ? (await import('../../rules/checklist.js')).buildChecklist(project.spec, result.index, result.findings)
      : undefined;
  const { readText } = await import('../../rules/workspace.js');
  const { maskSpans, redactForDisplay } = await import('../../rules/redact.js');
  // the literal keys hardcoded-secret reports are masked in code frames too
  const secretSpans = new Map<string, Finding[]>();
  for (const f of result.findings) if (f.ruleId === 'hardcoded-secret') secretSpans.set(f.file, [...(secretSpans.get(f.file) ?? []), f]);
  const output = options.output === undefined ? undefined : String(options.output);
  const cwd = process.cwd();
  const text = formatReport(
    format as (typeof FORMAT_NAMES)[number],
    {
      root: project.root,
      version: packageVersion(),
      findings: result.findings,
      rules: result.enabled.map(({ rule, severity }) => ({ meta: rule.meta, severity })),
      filesChecked: result.files.length,
      suppressed: result.suppressed,
      notes: result.notes,
      ...(checklist ? { checklist } : {}),
      readSource: (file) => {
        const abs = resolve(project.root, file);
        const rel = relative(project.root, abs);
        if (rel.startsWith('..') || isAbsolute(rel)) return null;
        const r = readText(abs);
        // .env values and reported literal keys are masked: a code frame must never print a secret.
        return r.kind === 'text' ? maskSpans(redactForDisplay(file, r.text), secretSpans.get(file) ?? []) : null;
      },
    },
    {
      colour: output === undefined && wantsColour(process.stdout),
      // GitHub resolves annotation paths against the workspace (the working directory in CI).
      pathFor: (file) => {
        const rel = relative(cwd, join(project.root, file)).split('\\').join('/');
        return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
      },
    },
  );

  for (const n of result.notes.slice(0, MAX_NOTES)) process.stderr.write(`authspec: note: ${n.file}: ${n.message}\n`);
  if (result.notes.length > MAX_NOTES) process.stderr.write(`authspec: note: … and ${result.notes.length - MAX_NOTES} more files skipped\n`);

  if (output !== undefined) {
    const abs = resolve(output);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  } else {
    process.stdout.write(text);
  }

  if (result.errors.length) {
    for (const e of result.errors) process.stderr.write(`authspec: internal error: ${e.file}: ${e.message} (please report it; results are incomplete)\n`);
    return 2;
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`authspec: ${warnings} warnings is more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
