/**
 * `authspec check`'s engine: discover the workspace, run phase 1 (parse + facts) and phase 2
 * (rules) per file, in-process for small repositories and over worker threads (rules/worker.ts,
 * compiled to dist/rules/worker.js) for large ones, then checkRepo, suppressions, `--since`.
 * See the header of rules/types.ts for the design.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UserError } from '../generator/errors.js';
import { didYouMean } from '../generator/source.js';
import type { Project } from '../generator/load.js';
import { packageRoot } from '../generator/paths.js';
import { FileSet, makeReporter, ruleContext, type EngineSettings, type Phase1Result, type Phase2Result } from './analyse.js';
import { RULE_IDS } from './ids.js';
import { RULES } from './index.js';
import { buildPythonIndex } from './python/index.js';
import { applySuppressions, envSuppressions, type Suppression } from './suppressions.js';
import { buildTsIndex } from './ts/index.js';
import type { Finding, ProjectIndex, Rule, Severity } from './types.js';
import { discover, type Note, type SourceEntry, type Workspace } from './workspace.js';

export interface CheckOptions {
  /** The rules to consider (default: every registered rule). */
  rules?: readonly Rule[];
  /** `--rule`: run only these (validated; unknown ids are a UserError). */
  only?: readonly string[];
  /** `--since <ref>`: keep findings on lines changed since the ref. */
  since?: string;
  /** Worker threads: 0 or 1 = in-process; default = both cores above `workerThreshold` files. */
  workers?: number;
  /** Number of source files from which workers pay off (default 200). */
  workerThreshold?: number;
  /** Compiled worker script (default dist/rules/worker.js next to the compiled engine). */
  workerScript?: string | URL;
}

export interface CheckResult {
  root: string;
  findings: Finding[];
  /** Every file looked at (relative). */
  files: string[];
  /** Files skipped (binary, non-UTF-8, symlink loops, …). */
  notes: Note[];
  /** A rule or extractor threw: a bug in authspec; the results are incomplete. */
  errors: Note[];
  /** The rules that ran, with their severity. */
  enabled: { rule: Rule; severity: Severity }[];
  suppressed: number;
  mode: 'in-process' | 'workers';
  /** The merged project index (for summaries such as the verification checklist). */
  index: ProjectIndex;
}

export const DEFAULT_WORKER_THRESHOLD = 200;

/** AUTHSPEC_WORKERS (threads; 0 or 1: in-process) and AUTHSPEC_WORKER_THRESHOLD (files), for check and trace. */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<CheckOptions, 'workers' | 'workerThreshold'> {
  const out: Pick<CheckOptions, 'workers' | 'workerThreshold'> = {};
  if (env.AUTHSPEC_WORKERS !== undefined && /^\d+$/.test(env.AUTHSPEC_WORKERS)) out.workers = Number(env.AUTHSPEC_WORKERS);
  if (env.AUTHSPEC_WORKER_THRESHOLD !== undefined && /^\d+$/.test(env.AUTHSPEC_WORKER_THRESHOLD)) out.workerThreshold = Number(env.AUTHSPEC_WORKER_THRESHOLD);
  return out;
}

const T0 = performance.now();
/** AUTHSPEC_DEBUG: where a check's time goes (milliseconds since the engine module loaded). */
function debugTime(what: string): void {
  if (process.env.AUTHSPEC_DEBUG) process.stderr.write(`authspec: debug: ${Math.round(performance.now() - T0)} ms ${what}\n`);
}

/** Closest known id, for "did you mean" hints (the same suggestion the spec and config readers give). */
export { didYouMean };

export function unknownRuleError(id: string, place: { file: string; line?: number; column?: number }, known: readonly string[]): UserError {
  const guess = didYouMean(id, known);
  return new UserError(`unknown rule \`${id}\``, place, guess ? `did you mean \`${guess}\`? \`authspec explain\` lists the rules` : '`authspec explain` lists the rules');
}

/** Severity per enabled rule: config severity (or `off`), the rule default otherwise; `--rule` narrows. */
export function resolveSeverities(project: Project, rules: readonly Rule[], only?: readonly string[]): Record<string, Severity> {
  const known = [...new Set([...RULE_IDS, ...rules.map((r) => r.meta.id)])];
  for (const id of Object.keys(project.config.rules)) {
    if (!known.includes(id)) throw unknownRuleError(id, { file: project.config.file ?? 'config' }, known);
  }
  const selected = only?.length ? new Set(only) : null;
  if (selected) {
    for (const id of selected) if (!rules.some((r) => r.meta.id === id)) throw unknownRuleError(id, { file: '--rule' }, rules.map((r) => r.meta.id));
  }
  const out: Record<string, Severity> = {};
  for (const rule of rules) {
    const id = rule.meta.id;
    if (selected && !selected.has(id)) continue;
    const configured = project.config.rules[id]?.severity;
    // An explicit --rule runs the rule even when the config switches it off.
    if (configured === 'off' && !selected) continue;
    out[id] = configured && configured !== 'off' ? configured : rule.meta.defaultSeverity;
  }
  return out;
}

function defaultWorkerScript(): URL | null {
  // Only the compiled engine uses workers by default: Node cannot run the .ts worker, and a
  // source run (tests) must not silently pick up a stale dist/.
  if (!import.meta.url.endsWith('.js')) return null;
  const here = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : null;
}

/** dist/rules/worker.js of this package (tests pass it explicitly to exercise the worker path). */
export function builtWorkerScript(): URL {
  return pathToFileURL(join(packageRoot(), 'dist', 'rules', 'worker.js'));
}

export async function checkProject(project: Project, opts: CheckOptions = {}): Promise<CheckResult> {
  const rules = opts.rules ?? RULES;
  const severities = resolveSeverities(project, rules, opts.only);
  const registered = rules.every((r) => RULES.includes(r));
  const settings: EngineSettings = {
    root: project.root,
    spec: project.spec,
    specFound: project.specFound,
    tasks: project.tasks,
    severities,
    options: Object.fromEntries(Object.entries(project.config.rules).map(([id, c]) => [id, c.options ?? {}])),
    prefilter: registered,
  };
  const ws = discover(project.root, {
    ignore: project.config.ignore,
    backend: project.config.paths.backend,
    frontend: project.config.paths.frontend,
    envFiles: project.spec.envFiles,
  });

  const threshold = opts.workerThreshold ?? DEFAULT_WORKER_THRESHOLD;
  const script = opts.workerScript ?? defaultWorkerScript();
  const wanted = opts.workers ?? (ws.sources.length >= threshold ? Math.min(2, availableParallelism()) : 1);
  const useWorkers = wanted > 1 && script !== null && registered && ws.sources.length > 1;

  if (process.env.AUTHSPEC_DEBUG) process.stderr.write(`authspec: debug: ${ws.sources.length} source files, ${useWorkers ? `${wanted} worker threads` : 'in-process'}\n`);
  const inputs: IndexInputs = { sourcePaths: ws.sources.map((s) => s.path), envFiles: ws.envFiles, files: ws.files };
  const { phase1, runPhase2, close } = useWorkers ? await workerPool(settings, ws.sources, inputs, wanted, script!) : await inProcess(settings, rules, ws.sources);
  try {
    debugTime('phase 1 done');
    const index = buildIndex(phase1, inputs);
    debugTime('index merged');
    const phase2 = await runPhase2(index);
    debugTime('phase 2 done');
    const findings: Finding[] = [...phase1.findings, ...phase2.findings];
    const errors: Note[] = [...phase1.errors, ...phase2.errors];

    for (const rule of rules) {
      const severity = severities[rule.meta.id];
      if (!severity || !rule.checkRepo) continue;
      const ctx = ruleContext(settings, index, rule, makeReporter(rule.meta.id, severity, project.spec.file ?? '.', findings));
      try {
        await rule.checkRepo(ctx);
      } catch (e) {
        errors.push({ file: '.', message: `rule ${rule.meta.id} threw: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` });
      }
    }

    const known = new Set<string>([...RULE_IDS, ...rules.map((r) => r.meta.id)]);
    const suppressions = [...phase1.suppressions];
    for (const [path, comments] of ws.envComments) suppressions.push(...envSuppressions(path, comments));
    debugTime('repository rules done');
    const outcome = applySuppressions(findings, suppressions, {
      enabled: new Set(Object.keys(severities)),
      known,
      reasonSeverity: severities['suppression-reason'] ?? 'off',
      unusedSeverity: severities['unused-suppression'] ?? 'off',
    });
    let result = dedupe(outcome.findings);
    if (opts.since) {
      const { applySince } = await import('./since.js');
      const rule0 = rules[0] ?? RULES[0]!;
      result = await applySince(project.root, opts.since, result, ruleContext(settings, index, rule0, () => {}));
    }
    result.sort(compareFindings);
    return {
      root: project.root,
      findings: result,
      files: ws.files,
      notes: [...ws.notes, ...phase1.notes, ...phase2.notes].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      errors,
      enabled: rules.filter((r) => severities[r.meta.id]).map((rule) => ({ rule, severity: severities[rule.meta.id]! })),
      suppressed: outcome.suppressed,
      mode: useWorkers ? 'workers' : 'in-process',
      index,
    };
  } finally {
    await close();
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

interface Runner {
  phase1: Phase1Result;
  runPhase2(index: ProjectIndex): Promise<Phase2Result>;
  close(): Promise<void>;
}

async function inProcess(settings: EngineSettings, rules: readonly Rule[], sources: readonly SourceEntry[]): Promise<Runner> {
  const set = new FileSet(settings, rules);
  const phase1 = await set.phase1(sources);
  debugTime(`phase 1: in-process (ms by step: ${set.timingSummary()})`);
  return {
    phase1,
    runPhase2: async (index) => {
      set.timings?.clear();
      const out = set.phase2(index);
      debugTime(`phase 2: in-process (ms by step: ${set.timingSummary()})`);
      return out;
    },
    close: async () => set.dispose(),
  };
}

/** Balances shards by bytes (largest first onto the lightest shard). */
export function shard(sources: readonly SourceEntry[], n: number): SourceEntry[][] {
  const shards: SourceEntry[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  for (const s of [...sources].sort((a, b) => b.size - a.size)) {
    let best = 0;
    for (let i = 1; i < n; i++) if (load[i]! < load[best]!) best = i;
    shards[best]!.push(s);
    load[best]! += s.size + 2048; // per-file overhead
  }
  return shards;
}

/**
 * Between threads the phase-1 results travel as JSON text (each thread builds the index from
 * them): they are plain data (arrays, strings, numbers; no Map, no undefined that matters), and for this shape of data
 * JSON.stringify + JSON.parse is about 1.7x cheaper than structured cloning the object graph
 * (19 MB of Python facts for 2,000 route modules: ~400 ms against ~700 ms), on the critical path
 * between the two phases.
 */
export type WorkerMessage =
  | { type: 'phase1'; json: string }
  | { type: 'phase2'; result: Phase2Result }
  | { type: 'fatal'; message: string };

/** Main thread → worker: another thread's phase-1 result (JSON), for the worker's own copy of the index. */
export interface PeerMessage {
  type: 'peer';
  json: string;
}

/** What the index needs besides the phase-1 results; known before phase 1, sent to the workers at start. */
export interface IndexInputs {
  /** Source paths in discovery order: the index lists facts in this order, whichever thread made them. */
  sourcePaths: readonly string[];
  envFiles: ProjectIndex['envFiles'];
  files: readonly string[];
}

/**
 * The ProjectIndex of a run from the phase-1 results of every thread (sorted in place into
 * discovery order first). Every thread builds it from the same results with this one function, so
 * each holds the same index: the workers get the other threads' phase-1 JSON (PeerMessage) instead
 * of the merged index, which halves the text the main thread writes and each worker reads on the
 * way from phase 1 to phase 2.
 */
export function buildIndex(phase1: Phase1Result, inputs: IndexInputs): ProjectIndex {
  orderPhase1(phase1, inputs.sourcePaths);
  return {
    python: buildPythonIndex(phase1.pyFacts),
    ts: buildTsIndex(phase1.tsFacts),
    envFiles: inputs.envFiles,
    taskRefs: phase1.taskRefs,
    files: [...inputs.files],
    generatedFiles: phase1.generated,
  };
}

/** Appends every list of `more` to the same list of `into`. */
export function mergePhase1(into: Phase1Result, more: Phase1Result): void {
  for (const k of Object.keys(into) as (keyof Phase1Result)[]) for (const item of more[k] as unknown[]) (into[k] as unknown[]).push(item);
}

/**
 * A worker thread's stack: about the main thread's (V8's default 984 KB for JavaScript plus the
 * 192 KB Node keeps in reserve), instead of Node's 4 MB for workers, so that a file too deeply
 * nested to check (rules/analyse.ts) is the same file whichever thread it lands on.
 */
const WORKER_STACK_MB = (984 + 192) / 1024;

/** Files a thread claims at a time from the shared queue. */
const CLAIM_BATCH = 8;

/**
 * The files of a parallel run, as two queues (Python, TS), each largest first, with one shared
 * claim counter per queue: every file is claimed by exactly one thread.
 */
export interface WorkQueues {
  lists: readonly (readonly SourceEntry[])[];
  /** counters[i] = next unclaimed index of lists[i]. */
  counters: Int32Array;
}

export const PY_QUEUE = 0;
export const TS_QUEUE = 1;

export function workQueues(sources: readonly SourceEntry[]): WorkQueues {
  const bySize = [...sources].sort((a, b) => b.size - a.size);
  return {
    lists: [bySize.filter((s) => s.kind === 'python'), bySize.filter((s) => s.kind !== 'python')],
    counters: new Int32Array(new SharedArrayBuffer(8)),
  };
}

/**
 * Phase 1 over queues shared by the threads: each thread claims the next files (largest first)
 * with an atomic counter until none are left, so a worker that starts late (loading its modules)
 * or runs slower simply takes fewer files and every thread finishes phase 1 at about the same time.
 * `order` says which queue a thread drains first: the main thread takes the TS files first and
 * the workers the Python files, so a worker loads the TypeScript compiler (0.3–0.5 s and ~60 MB
 * per thread) only when the Python files run out before the TS files do.
 */
export async function claimPhase1(set: FileSet, queues: WorkQueues, order: readonly number[]): Promise<Phase1Result> {
  const out = await set.phase1([]);
  for (const q of order) {
    const entries = queues.lists[q]!;
    for (;;) {
      const start = Atomics.add(queues.counters, q, CLAIM_BATCH);
      if (start >= entries.length) break;
      mergePhase1(out, await set.phase1(entries.slice(start, start + CLAIM_BATCH)));
    }
  }
  return out;
}

/**
 * n-way parallel run: the main thread works on the files itself (its modules are already loaded,
 * which saves a worker's start-up time and memory) next to n-1 worker threads, all claiming files
 * from the shared queues (claimPhase1).
 */
async function workerPool(settings: EngineSettings, sources: readonly SourceEntry[], inputs: IndexInputs, n: number, script: string | URL): Promise<Runner> {
  const queues = workQueues(sources);
  const count = Math.min(n, sources.length) - 1;
  const workers = Array.from(
    { length: count },
    () => new Worker(script, { workerData: { settings, queues, inputs, peers: count }, resourceLimits: { stackSizeMb: WORKER_STACK_MB } }),
  );
  const inboxes = workers.map((w) => messageQueue(w));
  const local = new FileSet(settings, RULES);
  const sendPeer = (json: string, except: Worker | null): void => {
    for (const w of workers) if (w !== except) w.postMessage({ type: 'peer', json } satisfies PeerMessage);
  };
  try {
    const localPhase1 = await claimPhase1(local, queues, [TS_QUEUE, PY_QUEUE]);
    debugTime(`phase 1: main thread done (${local.py.length} Python, ${local.ts.length} TS files; ms by step: ${local.timingSummary()})`);
    // the workers build their index from the other threads' results: this thread's go out now
    if (workers.length) sendPeer(JSON.stringify(localPhase1), null);
    const phase1 = localPhase1;
    for (let i = 0; i < workers.length; i++) {
      const m = await inboxes[i]!.next();
      if (m.type !== 'phase1') throw new Error(m.type === 'fatal' ? m.message : 'worker protocol error');
      if (workers.length > 1) sendPeer(m.json, workers[i]!);
      mergePhase1(phase1, JSON.parse(m.json) as Phase1Result);
    }
    return {
      phase1,
      runPhase2: async (index) => {
        local.timings?.clear();
        const out = local.phase2(index);
        debugTime(`phase 2: main thread done (ms by step: ${local.timingSummary()})`);
        local.dispose();
        const seconds = await Promise.all(inboxes.map((q) => q.next()));
        for (const m of seconds) {
          if (m.type !== 'phase2') throw new Error(m.type === 'fatal' ? m.message : 'worker protocol error');
          for (const f of m.result.findings) out.findings.push(f);
          for (const n of m.result.notes) out.notes.push(n);
          for (const e of m.result.errors) out.errors.push(e);
        }
        return out;
      },
      close: async () => {
        local.dispose();
        await Promise.all(workers.map((w) => w.terminate()));
      },
    };
  } catch (e) {
    local.dispose();
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
}

/** Phase-1 results in file order, whatever the sharding, so both paths give the same index. */
function orderPhase1(phase1: Phase1Result, sourcePaths: readonly string[]): void {
  const order = new Map(sourcePaths.map((p, i) => [p, i]));
  const at = (p: string): number => order.get(p) ?? -1;
  phase1.pyFacts.sort((a, b) => at(a.path) - at(b.path));
  phase1.tsFacts.sort((a, b) => at(a.path) - at(b.path));
  phase1.taskRefs.sort((a, b) => at(a.file) - at(b.file) || a.line - b.line || a.column - b.column);
  phase1.suppressions.sort((a: Suppression, b: Suppression) => at(a.file) - at(b.file) || a.line - b.line || a.column - b.column);
  phase1.generated.sort();
}

function messageQueue(w: Worker): { next(): Promise<WorkerMessage> } {
  const buffered: WorkerMessage[] = [];
  const waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | null = null;
  const fail = (e: Error): void => {
    failure ??= e;
    for (const p of waiting.splice(0)) p.reject(e);
  };
  w.on('message', (m: WorkerMessage) => {
    const p = waiting.shift();
    if (p) p.resolve(m);
    else buffered.push(m);
  });
  w.on('error', (e) => fail(e));
  w.on('exit', (code) => fail(new Error(`worker exited early (code ${code})`)));
  return {
    next: () =>
      new Promise<WorkerMessage>((resolve, reject) => {
        const m = buffered.shift();
        if (m) resolve(m);
        else if (failure) reject(failure);
        else waiting.push({ resolve, reject });
      }),
  };
}
