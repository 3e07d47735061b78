/**
 * A check worker thread (run as the compiled dist/rules/worker.js). It receives its shard of
 * files and the engine settings, parses them (phase 1) and sends the facts back, waits for the
 * merged ProjectIndex, runs the rules on the trees it holds (phase 2) and sends the findings.
 * The work itself is rules/analyse.ts, the same code the in-process engine runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileSet, type EngineSettings, type Phase1Result } from './analyse.js';
import { buildIndex, claimPhase1, mergePhase1, PY_QUEUE, TS_QUEUE, type IndexInputs, type PeerMessage, type WorkerMessage, type WorkQueues } from './engine.js';
import { RULES } from './index.js';

const port = parentPort;
if (!port) throw new Error('rules/worker.js must run in a worker thread');
const { settings, queues, inputs, peers } = workerData as { settings: EngineSettings; queues: WorkQueues; inputs: IndexInputs; peers: number };
const post = (m: WorkerMessage): void => port.postMessage(m);
/** AUTHSPEC_DEBUG: the worker's own timeline (milliseconds since the worker started). */
const debugTime = (what: string): void => {
  if (process.env.AUTHSPEC_DEBUG) process.stderr.write(`authspec: debug: worker: ${Math.round(performance.now())} ms ${what}\n`);
};

try {
  const set = new FileSet(settings, RULES);
  debugTime('modules loaded');
  const result = await claimPhase1(set, queues, [PY_QUEUE, TS_QUEUE]);
  debugTime(`phase 1 done (${set.py.length} Python, ${set.ts.length} TS files; ms by step: ${set.timingSummary()})`);
  const json = JSON.stringify(result);
  post({ type: 'phase1', json });
  // The index is built here from this thread's results and the other threads' (buildIndex).
  let received = 0;
  port.on('message', (m: PeerMessage) => {
    try {
      mergePhase1(result, JSON.parse(m.json) as Phase1Result);
      if (++received < peers) return;
      debugTime('peer results received');
      set.timings?.clear();
      const phase2 = set.phase2(buildIndex(result, inputs));
      debugTime(`phase 2 done (ms by step: ${set.timingSummary()})`);
      set.dispose();
      post({ type: 'phase2', result: phase2 });
    } catch (e) {
      post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
    }
  });
} catch (e) {
  post({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
