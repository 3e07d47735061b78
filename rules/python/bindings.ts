/**
 * What a name holds where it is read, within one file: the last assignment before the read (in
 * its function, else at module level), and the entries of an options dict built from literals,
 * `dict(...)`, `{**BASE}` and item assignments. Used to read JWT decode options wherever they sit.
 */
import { callArgs, calleeText, descendants, field, named, stringValue, unwrap, type Node } from './ast.js';
import { paramNames } from './flow.js';

/** The function a node is in, or null at module level. */
export function enclosingFunction(n: Node): Node | null {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return null;
}

/** A name's binding where `at` reads it: the last `NAME = value` before it in its function, else at module level. */
export interface Binding {
  /** The assignment (null for a value that is no assignment's). */
  assignment: Node | null;
  value: Node;
  /** Where the binding's later item assignments (`NAME["k"] = v`) are looked for. */
  scope: Node;
}

export function bindingOf(root: Node, name: string, at: Node): Binding | null {
  const fn = enclosingFunction(at);
  const lastBefore = (scope: Node, before: number): Node | null => {
    let found: Node | null = null;
    for (const a of descendants(scope, 'assignment')) {
      if (a.startIndex >= before) break;
      if (a.endIndex > before) continue; // the assignment the read is in (`opts = f(opts)`)
      if (field(a, 'left')?.text === name && field(a, 'right')) found = a;
    }
    return found;
  };
  if (fn) {
    const local = lastBefore(fn, at.startIndex);
    if (local) return { assignment: local, value: field(local, 'right')!, scope: fn };
    if (paramNames(fn).includes(name)) return null;
  }
  // module level: a function runs after the whole module did
  const global = lastBefore(root, fn ? Infinity : at.startIndex);
  return global ? { assignment: global, value: field(global, 'right')!, scope: root } : null;
}

/** Follows a name to the value last assigned to it before `at` (in its function, else at module level). */
export function resolveValue(root: Node, n: Node | undefined, at: Node): Node | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  if (u.type === 'identifier') {
    const b = bindingOf(root, u.text, at);
    return b ? unwrap(b.value) : u;
  }
  return u;
}

/** One entry of an options dict: its value and where it is set (the pair, keyword or item assignment). */
export interface OptionEntry {
  value: Node;
  node: Node;
}

/**
 * The entries of an options dict as they stand at `at`: a dict literal, `dict(k=v)`, or a variable
 * holding one (with `NAME["k"] = v` item assignments made before `at`). Null when it cannot be read.
 */
export function optionEntries(root: Node, expr: Node | undefined, at: Node, depth = 0): Map<string, OptionEntry> | null {
  if (!expr || depth > 4) return null;
  const u = unwrap(expr);
  if (u.type === 'identifier') {
    const b = bindingOf(root, u.text, at);
    if (!b) return null;
    const entries = optionEntries(root, b.value, b.assignment ?? at, depth + 1);
    if (!entries || !b.assignment) return entries;
    const end = b.scope === root && enclosingFunction(at) ? Infinity : at.startIndex;
    for (const a of descendants(b.scope, 'assignment')) {
      if (a.startIndex <= b.assignment.startIndex) continue;
      if (a.startIndex >= end) break;
      const left = field(a, 'left');
      const value = field(a, 'right');
      if (left?.type !== 'subscript' || field(left, 'value')?.text !== u.text || !value) continue;
      const key = stringValue(field(left, 'subscript'));
      if (key !== null) entries.set(key, { value, node: a });
    }
    return entries;
  }
  const entries = new Map<string, OptionEntry>();
  if (u.type === 'dictionary') {
    for (const pair of named(u)) {
      if (pair.type === 'dictionary_splat') {
        const inner = optionEntries(root, named(pair)[0], at, depth + 1);
        for (const [k, e] of inner ?? []) entries.set(k, e);
        continue;
      }
      if (pair.type !== 'pair') continue;
      const key = stringValue(field(pair, 'key'));
      const value = field(pair, 'value');
      if (key !== null && value) entries.set(key, { value, node: pair });
    }
    return entries;
  }
  if (u.type === 'call' && calleeText(u) === 'dict') {
    const args = field(u, 'arguments');
    for (const a of args ? named(args) : []) {
      if (a.type === 'keyword_argument') {
        const key = field(a, 'name')?.text;
        const value = field(a, 'value');
        if (key && value) entries.set(key, { value, node: a });
      } else if (a.type === 'dictionary' || a.type === 'identifier') {
        for (const [k, e] of optionEntries(root, a, at, depth + 1) ?? []) entries.set(k, e);
      }
    }
    return entries;
  }
  return null;
}

/**
 * How a decode call turns its signature check off: `options` whose `verify_signature` is False (a
 * dict literal, `dict(...)`, `{**BASE}`, or a variable holding one), else `verify=False`; null when
 * it keeps the check on. The one reading of "unverified" for the index and every rule.
 */
export function signatureCheckOff(call: Node): 'options' | 'verify' | null {
  const { keywords, positional } = callArgs(call);
  // PyJWT / python-jose: decode(token, key, algorithms, options, …)
  const e = optionEntries(call.tree.rootNode, keywords.get('options') ?? positional[3], call)?.get('verify_signature');
  if (e && unwrap(e.value).type === 'false') return 'options';
  const verify = keywords.get('verify');
  return verify && unwrap(verify).type === 'false' ? 'verify' : null;
}
