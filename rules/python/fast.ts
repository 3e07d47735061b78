/**
 * Variants of rules/python/ast.ts helpers that read each node property once (every property read
 * of a web-tree-sitter node is a call into wasm), for the rules' hot paths.
 */
import { named, type Node } from './ast.js';

/** `unwrap` (strips `await` and parentheses) that also returns the result's type, reading each type once. */
export function unwrapTyped(node: Node): { node: Node; type: string } {
  let n = node;
  for (;;) {
    const type = n.type;
    if (type === 'await' || type === 'parenthesized_expression') {
      const inner = named(n)[0];
      if (!inner) return { node: n, type };
      n = inner;
    } else return { node: n, type };
  }
}
