/**
 * Runs the corpus cases that carry a `run` block in expected.json under FastAPI (TestClient, in-memory
 * SQLite) with /usr/bin/python3 (or AUTHSPEC_PYTHON): the flawed ones really leak alice's task to bob
 * (or answer the wrong status), the correct ones do not. See fixtures/backend/probe.py.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusCases } from './python/corpus.js';

const PYTHON = process.env.AUTHSPEC_PYTHON ?? '/usr/bin/python3';

interface Run {
  leaks?: boolean;
  missingToken?: number;
  /** Whether the missing-token answer carries WWW-Authenticate. */
  challenge?: boolean;
  status?: Record<string, number>;
}
interface Outcome {
  leaked?: boolean;
  statuses?: Record<string, number>;
  missingTokenStatus?: number;
  missingTokenChallenge?: boolean;
  error?: string;
}

const runnable = corpusCases().filter((c) => (JSON.parse(readFileSync(join(CORPUS, c, 'expected.json'), 'utf8')) as { run?: Run }).run);
let results: Record<string, Outcome> = {};

describe('backend corpus under FastAPI', () => {
  beforeAll(() => {
    const probe = spawnSync(PYTHON, ['-c', 'import fastapi, sqlmodel, jwt, httpx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      throw new Error(`${PYTHON} lacks FastAPI, SQLModel, PyJWT or httpx (install python3-fastapi python3-sqlmodel python3-jwt python3-httpx, or set AUTHSPEC_PYTHON): ${probe.stderr || probe.error?.message}`);
    }
    const r = spawnSync(PYTHON, [join(CORPUS, 'probe.py'), CORPUS, ...runnable], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    if (r.status !== 0) throw new Error(`probe.py failed: ${r.stderr}`);
    results = JSON.parse(r.stdout) as Record<string, Outcome>;
  });

  it('runs at least a dozen cases', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of runnable) {
    it(name, () => {
      const run = (JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as { run: Run }).run;
      const got = results[name];
      expect(got?.error, 'the app should import and answer').toBeUndefined();
      if (run.leaks !== undefined) expect(got?.leaked, run.leaks ? "bob should get alice's task (the flaw)" : "bob must not get alice's task").toBe(run.leaks);
      if (run.missingToken !== undefined) expect(got?.missingTokenStatus).toBe(run.missingToken);
      if (run.challenge !== undefined) expect(got?.missingTokenChallenge, 'WWW-Authenticate on the missing-token answer').toBe(run.challenge);
      for (const [k, v] of Object.entries(run.status ?? {})) expect(got?.statuses?.[k], `status of ${k}`).toBe(v);
    });
  }
});
