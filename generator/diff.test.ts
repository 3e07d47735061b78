import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from './diff.js';

/** Applies a unified diff (as unifiedDiff prints it) to `before`; a test-side patcher. */
function applyPatch(before: string, patch: string): string {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let ia = 0;
  const lines = patch.replace(/\n$/, '').split('\n').slice(2);
  for (const line of lines) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(line);
    if (h) {
      const count = h[2] === undefined ? 1 : Number(h[2]);
      const start = count === 0 ? Number(h[1]) : Number(h[1]) - 1;
      while (ia < start) out.push(a[ia++]!);
      continue;
    }
    const op = line[0];
    const text = line.slice(1);
    if (op === ' ') {
      expect(a[ia]).toBe(text);
      out.push(a[ia++]!);
    } else if (op === '-') {
      expect(a[ia]).toBe(text);
      ia++;
    } else if (op === '+') out.push(text);
  }
  while (ia < a.length) out.push(a[ia++]!);
  return out.length ? `${out.join('\n')}\n` : '';
}

function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  return dp[a.length]![b.length]!;
}

const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', 'x y'), { maxLength: 30 });

describe('unified diff', () => {
  it('prints the familiar format', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n';
    const after = 'one\ntwo\nthree\nFOUR\nfive\nsix\nseven\neight\nnine\nten\n';
    expect(unifiedDiff('x.py', before, after)).toBe(
      ['--- a/x.py', '+++ b/x.py', '@@ -1,9 +1,10 @@', ' one', ' two', ' three', '-four', '+FOUR', ' five', ' six', ' seven', ' eight', ' nine', '+ten', ''].join('\n'),
    );
    expect(unifiedDiff('x.py', before, before)).toBe('');
    expect(unifiedDiff('new.ts', null, 'a\nb\n')).toBe('--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('splits distant changes into separate hunks', () => {
    const a = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const b = [...a];
    b[2] = 'changed';
    b[25] = 'changed too';
    const d = unifiedDiff('f', `${a.join('\n')}\n`, `${b.join('\n')}\n`);
    expect(d.match(/^@@/gm)).toHaveLength(2);
    expect(d).toContain('@@ -1,6 +1,6 @@');
    expect(d).toContain('@@ -23,7 +23,7 @@');
  });

  it('is minimal (removed lines = n − LCS) and applying it gives the new text', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const edits = diffLines(a, b);
        const common = lcs(a, b);
        expect(edits.filter((e) => e.op === '-').length).toBe(a.length - common);
        expect(edits.filter((e) => e.op === '+').length).toBe(b.length - common);
        const before = a.length ? `${a.join('\n')}\n` : '';
        const after = b.length ? `${b.join('\n')}\n` : '';
        const patch = unifiedDiff('f', before, after);
        expect(patch === '' ? before : applyPatch(before, patch)).toBe(after);
      }),
      { numRuns: 400 },
    );
  });
});
