/**
 * A check worker thread (run as the compiled dist/rules/worker.js). It receives its shard of
 * files and the engine settings, parses them (phase 1) and sends the facts back, waits for the
 * merged ProjectIndex, runs the rules on the trees it holds (phase 2) and sends the findings.
 * The work itself is rules/analyse.ts, the same code the in-process engine runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileSet, type EngineSettings } from './analyse.js';
import { claimPhase1, PY_QUEUE, TS_QUEUE, type WorkerMessage, type WorkQueues } from './engine.js';
import { RULES } from './index.js';
import type { ProjectIndex } from './types.js';

const port = parentPort;
if (!port) throw new Error('rules/worker.js must run in a worker thread');
const { settings, queues } = workerData as { settings: EngineSettings; queues: WorkQueues };
const post = (m: WorkerMessage): void => port.postMessage(m);
/** AUTHSPEC_DEBUG: the worker's own timeline (milliseconds since the worker started). */
const debugTime = (what: string): void => {
  if (process.env.AUTHSPEC_DEBUG) process.stderr.write(`authspec: debug: worker: ${Math.round(performance.now())} ms ${what}\n`);
};

try {
  const set = new FileSet(settings, RULES);
  debugTime('modules loaded');
  const result = await claimPhase1(set, queues, [PY_QUEUE, TS_QUEUE]);
  debugTime(`phase 1 done (${set.py.length} Python, ${set.ts.length} TS files)`);
  port.once('message', (m: { type: 'index'; json: string }) => {
    try {
      debugTime('index received');
      const phase2 = set.phase2(JSON.parse(m.json) as ProjectIndex);
      debugTime('phase 2 done');
      set.dispose();
      post({ type: 'phase2', result: phase2 });
    } catch (e) {
      post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ type: 'phase1', json: JSON.stringify(result) });
} catch (e) {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
