import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './ids.js';
import { RULES } from './index.js';

/**
 * Rules allowed to be missing from the registry (while they were being written). Every rule has
 * landed, so the list is empty: a RULE_IDS entry without a registered rule now fails.
 */
const PENDING: readonly string[] = [];

describe('rule registry', () => {
  const registered = RULES.map((r) => r.meta.id);

  it('registers each rule once', () => {
    expect(registered.filter((id, i) => registered.indexOf(id) !== i)).toEqual([]);
  });

  it('registers only ids listed in rules/ids.ts', () => {
    expect(registered.filter((id) => !(RULE_IDS as readonly string[]).includes(id))).toEqual([]);
  });

  it('registers every id in rules/ids.ts (except rules still pending)', () => {
    const missing = RULE_IDS.filter((id) => !registered.includes(id));
    const notPending = missing.filter((id) => !PENDING.includes(id));
    if (missing.length) console.info(`rules not registered yet: ${missing.join(', ')}`);
    expect(notPending).toEqual([]);
  });

  it('gives every rule complete meta', () => {
    for (const r of RULES) {
      expect(r.meta.description.length, r.meta.id).toBeGreaterThan(10);
      expect(r.meta.docs.checks.length, r.meta.id).toBeGreaterThan(10);
      expect(r.meta.docs.why.length, r.meta.id).toBeGreaterThan(10);
      expect(r.meta.docs.fix.length, r.meta.id).toBeGreaterThan(5);
      expect(r.meta.docs.incorrect.length, r.meta.id).toBeGreaterThan(0);
      expect(r.meta.docs.correct.length, r.meta.id).toBeGreaterThan(0);
      expect(['error', 'warning']).toContain(r.meta.defaultSeverity);
    }
  });
});
