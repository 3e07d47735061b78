/**
 * fast-check arbitraries shared by the fuzz tests: random bytes and mutations of valid inputs
 * (truncation, insertion, deletion, invalid UTF-8, huge lines, deep nesting, BOM, CRLF, NUL).
 */
import fc from 'fast-check';

const enc = new TextEncoder();

/** Byte sequences that are not valid UTF-8: lone continuation, overlong, surrogate, truncated, > U+10FFFF. */
export const INVALID_UTF8: readonly number[][] = [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xc3]];

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'invalid-utf8'; at: number; which: number }
  | { kind: 'huge-line'; at: number; length: number; char: string }
  | { kind: 'nest'; at: number; depth: number; open: string; close: string }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'bom' }
  | { kind: 'crlf' }
  | { kind: 'nul'; at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('invalid-utf8' as const), at, which: fc.nat(INVALID_UTF8.length - 1) }),
  fc.record({
    kind: fc.constant('huge-line' as const),
    at,
    length: fc.integer({ min: 10_000, max: 100_000 }),
    char: fc.constantFrom('a', ' ', '(', '"', '#', '-', '{', '`', 'é'),
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    at,
    depth: fc.integer({ min: 50, max: 1500 }),
    open: fc.constantFrom('(', '[', '{', '- ', '  ', 'f(', '!'),
    close: fc.constantFrom(')', ']', '}', '', ''),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at }),
  fc.constant({ kind: 'bom' as const }),
  fc.constant({ kind: 'crlf' as const }),
  fc.record({ kind: fc.constant('nul' as const), at }),
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

export function applyMutation(input: Uint8Array, m: Mutation): Uint8Array {
  const pos = 'at' in m ? Math.floor(m.at * input.length) : 0;
  const head = input.subarray(0, pos);
  const tail = input.subarray(pos);
  switch (m.kind) {
    case 'truncate':
      return head;
    case 'insert':
      return concat(head, m.bytes, tail);
    case 'delete':
      return concat(head, input.subarray(Math.min(input.length, pos + m.length)));
    case 'invalid-utf8':
      return concat(head, Uint8Array.from(INVALID_UTF8[m.which]!), tail);
    case 'huge-line':
      return concat(head, enc.encode(m.char.repeat(m.length)), tail);
    case 'nest':
      return concat(head, enc.encode(m.open.repeat(m.depth) + 'x' + m.close.repeat(m.depth)), tail);
    case 'duplicate-line': {
      const text = new TextDecoder().decode(input);
      const lines = text.split('\n');
      const i = Math.floor(m.at * lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return enc.encode(lines.join('\n'));
    }
    case 'bom':
      return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), input);
    case 'crlf':
      return enc.encode(new TextDecoder().decode(input).replace(/\n/g, '\r\n'));
    case 'nul':
      return concat(head, Uint8Array.of(0), tail);
  }
}

export interface Fuzzed {
  how: string;
  bytes: Uint8Array;
}

/** Counterexamples print as their recipe and size, not as 100 kB of bytes. */
export function described(f: Fuzzed): Fuzzed {
  return Object.assign(f, { [fc.toStringMethod]: () => `${f.how} (${f.bytes.length} bytes)` });
}

/** Either random bytes, random text, or a seed with one to three mutations. */
export function fuzzedFrom(seeds: readonly string[]): fc.Arbitrary<Fuzzed> {
  return fuzzedRaw(seeds).map(described);
}

function fuzzedRaw(seeds: readonly string[]): fc.Arbitrary<Fuzzed> {
  const seedBytes = seeds.map((s) => enc.encode(s));
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ how: 'random bytes', bytes })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 2048 }).map((s) => ({ how: 'random text', bytes: enc.encode(s) })) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(seedBytes.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([i, ms]) => ({ how: `seed ${i} + ${ms.map((m) => m.kind).join(', ')}`, bytes: ms.reduce(applyMutation, seedBytes[i]!) })),
    },
  );
}

/**
 * Time budget per case: a guard against hangs and catastrophic backtracking (those take minutes),
 * not a speed measure (that is bench/). Generous, because a busy 2-core machine once took 5 s for a
 * case that normally takes milliseconds.
 */
export const CASE_BUDGET_MS = 15_000;
