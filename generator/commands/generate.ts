/**
 * `authspec generate [--root DIR] [--dry-run] [--check] [--force] [--watch]`
 *
 * Renders the templates with the spec model and writes the files (default), prints what would change
 * (--dry-run), or exits 1 when the files on disk differ from what the spec gives (--check).
 */
import { watch as fsWatch, existsSync, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DRIFT_HINT, findDrift } from '../drift.js';
import { formatDiagnosticLine, UserError } from '../errors.js';
import { loadProject, type Project } from '../load.js';
import { DEFAULT_SPEC_PATH } from '../model.js';
import { renderPlan } from '../render.js';
import { reportError } from '../run-command.js';
import { writePlan } from '../write.js';

export interface GenerateFlags {
  dryRun?: boolean;
  check?: boolean;
  force?: boolean;
}

export interface Output {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processOutput: Output = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

export { DRIFT_HINT };

/** One generation for an already loaded project; returns the exit code. Throws UserError (exit 2). */
export function generateProject(project: Pick<Project, 'root' | 'spec' | 'tasks'>, flags: GenerateFlags, out: Output = processOutput): number {
  const plan = renderPlan(project.spec, project.tasks, { root: project.root });
  if (flags.check || flags.dryRun) {
    const drift = findDrift(project.root, plan);
    for (const d of drift) out.stdout(d.diff);
    if (flags.check) {
      if (drift.length === 0) {
        out.stderr(`authspec: ${plan.files.length} generated files are up to date\n`);
        return 0;
      }
      const list = drift.map((d) => `${d.path} (${d.kind})`).join(', ');
      out.stderr(`authspec: generated files differ from what the spec gives: ${list}. To change them, ${DRIFT_HINT}.\n`);
      return 1;
    }
    const refused = drift.filter((d) => d.kind === 'hand-written');
    out.stderr(
      `authspec: dry run: ${drift.length} of ${plan.files.length} files would change; nothing written` +
        (refused.length && !flags.force ? ` (${refused.map((d) => d.path).join(', ')} lack the authspec header: generate needs --force)` : '') +
        '\n',
    );
    return 0;
  }
  const results = writePlan(project.root, plan.files, { force: flags.force ?? false });
  for (const r of results) out.stdout(`${r.status.padEnd(9)} ${r.path}\n`);
  // Generated routers the spec no longer gives are reported, never deleted: that is the user's call.
  for (const d of findDrift(project.root, plan).filter((x) => x.kind === 'stale'))
    out.stderr(`authspec: ${d.path}: stale: generated, but the spec no longer gives it (delete it, or add its resource back)\n`);
  return 0;
}

async function loadAndGenerate(root: string | undefined, flags: GenerateFlags, out: Output): Promise<number> {
  const project = await loadProject(root);
  for (const d of project.diagnostics) out.stderr(`authspec: ${formatDiagnosticLine(d)}\n`);
  return generateProject(project, flags, out);
}

export interface WatchOptions {
  signal: AbortSignal;
  out?: Output;
  debounceMs?: number;
  /** Called after each generation with its exit code (tests wait on it). */
  onCycle?: (code: number) => void;
}

/** Which folders and file names to watch: the spec, the task list and the template folder. */
function watchTargets(project: Project): { dir: string; names: Set<string> | null }[] {
  const byDir = new Map<string, Set<string> | null>();
  const addFile = (rel: string) => {
    const abs = resolve(project.root, rel);
    let dir = dirname(abs);
    while (!existsSync(dir) && dir !== project.root) dir = dirname(dir);
    const names = byDir.get(dir);
    if (names === null) return;
    // Watching a file's folder (not the file) survives editors that save by rename.
    byDir.set(dir, dir === dirname(abs) ? new Set([...(names ?? []), basename(abs)]) : null);
  };
  addFile(project.spec.file ?? DEFAULT_SPEC_PATH);
  addFile(project.tasks.file ?? project.spec.tasksPath ?? 'speckit.tasks');
  if (project.spec.templates) byDir.set(resolve(project.root, project.spec.templates), null);
  return [...byDir].map(([dir, names]) => ({ dir, names }));
}

/** Generates, then regenerates (debounced) whenever the spec, the task list or a template changes. */
export async function watchProject(root: string | undefined, flags: GenerateFlags, opts: WatchOptions): Promise<void> {
  const out = opts.out ?? processOutput;
  const debounceMs = opts.debounceMs ?? 150;
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();

  const cycle = async (): Promise<void> => {
    let code: number;
    let project: Project | null = null;
    try {
      project = await loadProject(root);
      for (const d of project.diagnostics) out.stderr(`authspec: ${formatDiagnosticLine(d)}\n`);
      code = generateProject(project, flags, out);
    } catch (err) {
      if (err instanceof UserError) {
        out.stderr(`authspec: ${err.format()}\n`);
        code = err.exitCode;
      } else code = reportError(err);
    }
    if (project && !opts.signal.aborted) rewatch(project);
    out.stderr(`authspec: watching for changes (exit code of this run: ${code})\n`);
    opts.onCycle?.(code);
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(cycle);
    }, debounceMs);
  };
  const rewatch = (project: Project): void => {
    for (const w of watchers) w.close();
    watchers = [];
    for (const t of watchTargets(project)) {
      if (!existsSync(t.dir)) continue;
      const w = fsWatch(t.dir, (_event, name) => {
        if (t.names === null || (name !== null && t.names.has(name.toString()))) schedule();
      });
      w.on('error', () => schedule());
      watchers.push(w);
    }
  };

  await cycle();
  await new Promise<void>((done) => {
    if (opts.signal.aborted) return done();
    opts.signal.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  await running;
  for (const w of watchers) w.close();
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const root = typeof options.root === 'string' ? options.root : undefined;
  const flags: GenerateFlags = { dryRun: options.dryRun === true, check: options.check === true, force: options.force === true };
  if (options.watch === true) {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await watchProject(root, flags, { signal: controller.signal });
    return 0;
  }
  return loadAndGenerate(root, flags, processOutput);
}

