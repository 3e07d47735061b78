/** What one probe found, and the whole report: the JSON reporter prints exactly these shapes. */
import type { VerificationMode } from '../model.js';

export type ProbeGroup = 'control' | 'token' | 'cross-user';
export type Outcome = 'pass' | 'fail' | 'skip';

export interface ProbeResult {
  /** Stable kebab-case id, e.g. `alg-none`, `tasks:update-foreign`. */
  id: string;
  group: ProbeGroup;
  title: string;
  /** `GET /api/u1/tasks`: never a token. */
  request: string;
  /** `401`, `404`, `2xx`, `403 or 404`. */
  expected: string;
  /** The status the backend answered, null when the probe did not run. */
  actual: number | null;
  outcome: Outcome;
  /** Why it failed or was skipped, or what it cannot prove. */
  note?: string;
}

export interface ProbeReport {
  url: string;
  mode: VerificationMode;
  results: ProbeResult[];
  /** Requests sent, to the backend and to Better Auth. */
  requests: number;
  summary: { total: number; passed: number; failed: number; skipped: number };
}

export function summarise(results: ProbeResult[]): ProbeReport['summary'] {
  const count = (o: Outcome): number => results.filter((r) => r.outcome === o).length;
  return { total: results.length, passed: count('pass'), failed: count('fail'), skipped: count('skip') };
}
