/** The labelled backend corpus under fixtures/backend (used by rules/corpus.test.ts and rules/corpus-run.test.ts). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const BACKEND_RULES = [
  'user-scoped-query',
  'stateless-verification',
  'jwt-verification-config',
  'protected-route',
  'path-user-check',
  'auth-error-status',
  'untrusted-identity',
  'token-logging',
] as const;

export const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'backend');

/** Every file of a case (relative paths), except expected.json. */
export function caseFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const rec = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) rec(p);
      else if (!(d === dir && e === 'expected.json')) out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  rec(dir);
  return out;
}

/** Case folder names, sorted. */
export function corpusCases(): string[] {
  return readdirSync(CORPUS)
    .filter((c) => statSync(join(CORPUS, c)).isDirectory())
    .sort();
}

