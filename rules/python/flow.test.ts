import { describe, expect, it } from 'vitest';
import { parsePython } from './parser.js';
import { OPAQUE, walkFunction } from './flow.js';
import type { Node } from './ast.js';

/** The origins of each local of `def f(a, b, claims):` after its body runs. */
async function localsOf(body: string): Promise<Record<string, string[]>> {
  const tree = await parsePython(`def f(a, b, claims):\n${body.replace(/^/gm, '    ')}\n`);
  const fn = tree.rootNode.descendantsOfType('function_definition')[0] as Node;
  const env = walkFunction(fn, {});
  const out: Record<string, string[]> = {};
  for (const [k, v] of env) if (!['a', 'b', 'claims'].includes(k)) out[k] = [...v].sort();
  return out;
}

describe('origins of `or`, `and` and conditional expressions', () => {
  it('are the union of the operands that can be the value (not the condition), falsy literals left out', async () => {
    expect(
      await localsOf(`x = a or claims["sub"]
y = a.id if b else claims.get("sub")
z = (claims["sub"] or "") and claims["sub"]
w = claims.get("sub") or None
v = a if claims["sub"] else None`),
    ).toEqual({ x: ['a', 'claims'], y: ['a', 'claims'], z: ['claims'], w: ['claims'], v: ['a'] });
  });

  it('mark an operand with no origins (a constant, a non-empty literal, another attribute) as opaque; none at all when no operand has one', async () => {
    expect(
      await localsOf(`x = claims["sub"] or DEFAULT_OWNER
y = a if b else "admin"
z = a.email or "nobody"
w = "" or None`),
    ).toEqual({ x: [OPAQUE, 'claims'].sort(), y: [OPAQUE, 'a'].sort(), z: [], w: [] });
  });
});
