/**
 * The threads of a parallel check each build the project index from the phase-1 results of every
 * thread (engine.ts buildIndex; a worker gets the others' results relayed by the main thread). With
 * two and with three threads, the findings must be exactly the in-process ones, cross-module facts
 * included: the whole labelled backend and frontend corpus, four times over, checked as one repository.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../generator/load.js';
import { builtWorkerScript, checkProject } from './engine.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-threads-'));
  // four copies: enough files that the worker threads (which start ~0.5 s late) take a share
  for (let copy = 0; copy < 4; copy++) {
    cpSync(join(FIXTURES, 'backend'), join(root, `backend${copy}`), { recursive: true });
    cpSync(join(FIXTURES, 'frontend'), join(root, `frontend${copy}`), { recursive: true });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checks over worker threads', () => {
  it('find exactly what the in-process check finds, with two and with three threads', async () => {
    const script = builtWorkerScript();
    if (!existsSync(fileURLToPath(script))) throw new Error(`${fileURLToPath(script)} is missing: run \`npm run build\` first`);
    const project = await loadProject(root);
    const inProcess = await checkProject(project, { workers: 0 });
    expect(inProcess.errors).toEqual([]);
    // the corpus has flaws only a cross-module index finds (helpers, auth dependencies in other modules)
    const rules = new Set(inProcess.findings.map((f) => f.ruleId));
    for (const id of ['user-scoped-query', 'protected-route', 'stateless-verification', 'client-bearer-header']) expect(rules, id).toContain(id);
    for (const workers of [2, 3]) {
      const parallel = await checkProject(project, { workers, workerThreshold: 1, workerScript: script });
      expect(parallel.mode, `${workers} threads`).toBe('workers');
      expect(parallel.errors, `${workers} threads`).toEqual([]);
      expect(parallel.findings, `${workers} threads`).toEqual(inProcess.findings);
    }
  }, 120_000);
});
