/**
 * Drift: planned files compared with what is on disk. Shared by `generate --check`, `--dry-run` and the
 * `generated-drift` rule, so the command and the rule can never disagree.
 */
import { unifiedDiff } from './diff.js';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readExisting, resolveInside } from './write.js';
import { hasGeneratedHeader, withoutVersion, type Plan } from './render.js';

/** What to do about drift; shared by `generate --check` and the `generated-drift` rule. */
export const DRIFT_HINT = 'edit the spec (or a template) and run `authspec generate`; do not edit generated code';

/** `stale`: a generated router the spec no longer gives (its resource was removed or renamed). */
export type DriftKind = 'missing' | 'changed' | 'hand-written' | 'stale';

export interface DriftEntry {
  path: string;
  kind: DriftKind;
  /** Unified diff from the disk to the planned content (for a stale file: its removal). */
  diff: string;
  /** 1-based line of the first difference in the file on disk (1 for a missing file). */
  line: number;
}

/** True when two generated texts differ by more than authspec's version in the header. */
export function differs(onDisk: string, planned: string): boolean {
  return withoutVersion(onDisk.replace(/\r\n/g, '\n')) !== withoutVersion(planned);
}

function firstDifferentLine(a: string, b: string): number {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) return i + 1;
  return 1;
}

/** Every planned file that is missing, hand-written or different on disk (version-only changes excluded), and stale generated routers. */
export function findDrift(root: string, plan: Pick<Plan, 'files' | 'routersDir'>): DriftEntry[] {
  const out: DriftEntry[] = [];
  for (const f of plan.files) {
    const existing = readExisting(root, f);
    if (existing === null) {
      out.push({ path: f.path, kind: 'missing', diff: unifiedDiff(f.path, null, f.content), line: 1 });
    } else if (differs(existing, f.content)) {
      out.push({
        path: f.path,
        kind: hasGeneratedHeader(existing) ? 'changed' : 'hand-written',
        diff: unifiedDiff(f.path, existing, f.content),
        line: firstDifferentLine(withoutVersion(existing), withoutVersion(f.content)),
      });
    }
  }
  const planned = new Set(plan.files.map((f) => f.path));
  const dir = resolveInside(root, plan.routersDir);
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    for (const name of readdirSync(dir).sort()) {
      const path = `${plan.routersDir}/${name}`;
      if (!name.endsWith('.py') || planned.has(path) || !statSync(join(dir, name)).isFile()) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      if (hasGeneratedHeader(text)) out.push({ path, kind: 'stale', diff: unifiedDiff(path, text, null), line: 1 });
    }
  }
  return out;
}
