/**
 * `authspec validate [--root DIR] [--config FILE]`: reads the spec, the task list and the config and prints
 * every problem as `path:line:column: severity: message (hint)`. Exit 2 on any error, 0 otherwise.
 */
import { colours, wantsColour } from '../colour.js';
import { formatDiagnosticLine, type Diagnostic } from '../errors.js';
import { collectProject, type Project } from '../load.js';

export async function run(options: Record<string, unknown>): Promise<number> {
  const root = typeof options.root === 'string' ? options.root : undefined;
  const configPath = typeof options.config === 'string' ? options.config : undefined;
  const project = await collectProject(root, configPath !== undefined ? { configPath } : {});
  const c = colours(wantsColour(process.stderr));
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  const warnings = project.diagnostics.filter((d) => d.severity === 'warning');
  for (const d of project.diagnostics) process.stderr.write(`${paint(d, c)}\n`);
  if (errors.length > 0) {
    process.stderr.write(`${c.red(`${plural(errors.length, 'error')}`)}, ${plural(warnings.length, 'warning')}\n`);
    return 2;
  }
  process.stdout.write(`${c.green('OK')} ${summary(project)}${warnings.length ? ` (${plural(warnings.length, 'warning')})` : ''}\n`);
  return 0;
}

function paint(d: Diagnostic, c: ReturnType<typeof colours>): string {
  const line = formatDiagnosticLine(d);
  const tag = `${d.severity}:`;
  return line.replace(tag, d.severity === 'error' ? c.red(tag) : c.yellow(tag));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `jwks mode (EdDSA), 1 resource (Task), 14 requirements, 22 tasks in speckit.tasks`. */
export function summary(p: Project): string {
  const v = p.spec.verification;
  const res = p.spec.resources;
  const parts = [
    `${p.spec.file ?? 'no spec (defaults)'}: ${v.mode} mode (${v.algorithms.join(', ')})`,
    `${plural(res.length, 'resource')}${res.length ? ` (${res.map((r) => r.model).join(', ')})` : ''}`,
    plural(p.spec.requirements.length, 'requirement'),
    p.tasks.file ? `${plural(p.tasks.tasks.length, 'task')} in ${p.tasks.file}` : 'no task list',
  ];
  if (p.spec.backend.fastapiVersion) parts.push(`FastAPI ${p.spec.backend.fastapiVersion}`);
  if (p.config.file) parts.push(`config ${p.config.file}`);
  return parts.join(', ');
}
