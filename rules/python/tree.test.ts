/**
 * The copied tree (rules/python/tree.ts) must read exactly like web-tree-sitter's own nodes: every
 * node of a set of sources (syntax errors, missing nodes, non-BMP text, CRLF, deep nesting) is
 * compared property by property with the wasm tree of the same source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parsePython } from './parser.js';
import type { PyNode } from './tree.js';

async function wasmParser(): Promise<Parser> {
  await parsePython(''); // initialises web-tree-sitter the way authspec does
  const require = createRequire(import.meta.url);
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

const SOURCES: Record<string, string> = {
  routes: `"""Routes. [Task]: T012"""
from fastapi import APIRouter, Depends
from sqlmodel import select

router = APIRouter(prefix="/api", dependencies=[Depends(get_user)])

@router.get("/{user_id}/tasks")
async def list_tasks(user_id: str, user: Annotated[User, Depends(get_user)], session=Depends(s)):
    # T013: scope by owner
    if user_id != user.id:
        raise HTTPException(status_code=403)
    return session.exec(select(Task).where(Task.user_id == user.id, Task.done == False)).all()

class Task(SQLModel, table=True):
    user_id: str = Field(index=True)
    def f(self, *a, **k): return lambda x: x[1:2, ::3]
`,
  'syntax errors': 'def f(:\n    return (1 +\nclass\nx = [1, 2\nprint("a" "b" f"{x!r:>{w}}")\n',
  'missing nodes': 'if x\n    pass\nfoo(\n',
  'non-BMP text and CRLF': 's = "😀 ünï 𝔘"  # 𝔠𝔬𝔪𝔪𝔢𝔫𝔱\r\ndef g(a=\'𝒳\'):\r\n    return a + "\\n"\r\n',
  'deep nesting': `x = ${'('.repeat(300)}1${')'.repeat(300)}\n`,
  'lots of braces': `${'{'.repeat(2000)}\n`,
  empty: '',
  'modern syntax': `from __future__ import annotations
type Pair[T] = tuple[T, T]

@app.get("/x", dependencies=[Depends(auth)])
@cache(ttl=5)
async def handler[T: int](*args: T, key: str = "k", **kw) -> list[T] | None:
    global counter
    if (n := len(args)) > 2:
        return [x async for x in stream(args) if x]
    match kw:
        case {"user": str(user_id), **rest} if user_id:
            print(f"{user_id!r:>{n}} {f'{rest}'}")
        case [first, *others]:
            pass
        case _:
            raise ValueError from None
    try:
        yield lambda a, /, b=1, *, c: (a, b, c)
    except* (TypeError, KeyError) as group:
        del group
    finally:
        return {**kw, "x": [*args][::-1]}
`,
};

function compare(copy: PyNode, wasm: Node, path: string): void {
  const where = `${path} ${wasm.type}@${wasm.startIndex}`;
  expect(copy.type, where).toBe(wasm.type);
  expect(copy.typeId, where).toBe(wasm.typeId);
  expect([copy.startIndex, copy.endIndex], where).toEqual([wasm.startIndex, wasm.endIndex]);
  expect(copy.startPosition, where).toEqual(wasm.startPosition);
  expect(copy.endPosition, where).toEqual(wasm.endPosition);
  expect(copy.text, where).toBe(wasm.text);
  expect([copy.isNamed, copy.isMissing, copy.isError, copy.hasError], where).toEqual([wasm.isNamed, wasm.isMissing, wasm.isError, wasm.hasError]);
  expect(copy.childCount, where).toBe(wasm.childCount);
  expect(copy.namedChildCount, where).toBe(wasm.namedChildCount);
  expect(copy.namedChildren.map((c) => c.startIndex), where).toEqual(wasm.namedChildren.map((c) => c!.startIndex));
  expect(copy.parent?.startIndex ?? null, where).toBe(wasm.parent?.startIndex ?? null);
  for (const i of [0, 1, wasm.childCount - 1, wasm.childCount]) expect(copy.child(i)?.startIndex ?? null, `${where} child ${i}`).toBe(wasm.child(i)?.startIndex ?? null);
  for (const i of [0, 1, wasm.namedChildCount - 1]) expect(copy.namedChild(i)?.startIndex ?? null, `${where} named child ${i}`).toBe(wasm.namedChild(i)?.startIndex ?? null);
  // Siblings are read off the parent's named children. (web-tree-sitter's own sibling calls can
  // disagree with its children lists next to ERROR nodes: `def f(:` has an ERROR child whose
  // nextNamedSibling is null although a named child follows it.)
  const siblings = wasm.parent?.namedChildren ?? [];
  const at = siblings.findIndex((c) => c!.id === wasm.id);
  if (at >= 0) {
    expect(copy.nextNamedSibling?.startIndex ?? null, where).toBe(siblings[at + 1]?.startIndex ?? null);
    expect(copy.previousNamedSibling?.startIndex ?? null, where).toBe(siblings[at - 1]?.startIndex ?? null);
  }
  const all = wasm.parent?.children ?? [];
  const i = all.findIndex((c) => c!.id === wasm.id);
  expect(copy.nextSibling?.id ?? null, where).toBe(i >= 0 && all[i + 1] ? copy.parent!.children[i + 1]!.id : null);
  expect(copy.previousSibling?.id ?? null, where).toBe(i > 0 ? copy.parent!.children[i - 1]!.id : null);
  for (const name of ['name', 'body', 'left', 'right', 'function', 'arguments', 'object', 'attribute', 'value', 'condition', 'consequence', 'parameters']) {
    expect(copy.childForFieldName(name)?.startIndex ?? null, `${where} field ${name}`).toBe(wasm.childForFieldName(name)?.startIndex ?? null);
    expect(copy.childrenForFieldName(name).length, `${where} fields ${name}`).toBe(wasm.childrenForFieldName(name).length);
  }
  const copyKids = copy.children;
  const wasmKids = wasm.children;
  for (let i = 0; i < wasmKids.length; i++) compare(copyKids[i]!, wasmKids[i]!, `${path}/${i}`);
}

describe('the copied Python tree', () => {
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`reads like web-tree-sitter's: ${name}`, async () => {
      const parser = await wasmParser();
      const wasm = parser.parse(source)!;
      const copy = await parsePython(source);
      try {
        compare(copy.rootNode, wasm.rootNode, '');
        for (const types of [['call'], ['comment', 'expression_statement'], ['ERROR'], ['identifier', 'string', 'function_definition']]) {
          const want = wasm.rootNode.descendantsOfType(types).map((n) => `${n!.type}@${n!.startIndex}-${n!.endIndex}`);
          expect(copy.rootNode.descendantsOfType(types).map((n) => `${n.type}@${n.startIndex}-${n.endIndex}`), types.join()).toEqual(want);
        }
        expect(copy.count).toBe(wasm.rootNode.descendantCount);
      } finally {
        wasm.delete();
      }
    });
  }

  it('reads like web-tree-sitter\'s on every Python file of the fixtures (one line per node: type, span, position, flags, field)', async () => {
    const parser = await wasmParser();
    const files = pythonFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(100);
    const FIELDS = ['name', 'body', 'left', 'right', 'function', 'arguments', 'object', 'attribute', 'value', 'condition', 'consequence', 'alternative', 'parameters', 'return_type', 'key', 'type', 'operator', 'argument', 'subscript', 'module_name', 'alias', 'definition', 'superclasses'];
    const lines = (root: { type: string }, kids: (n: never) => unknown[], line: (n: never) => string): string[] => {
      const out: string[] = [];
      const stack: unknown[] = [root];
      while (stack.length) {
        const n = stack.pop()!;
        out.push(line(n as never));
        const k = kids(n as never);
        for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
      }
      return out;
    };
    for (const path of files) {
      const source = readFileSync(path, 'utf8');
      const wasm = parser.parse(source)!;
      const copy = await parsePython(source);
      try {
        const fieldOf = (n: { startIndex: number; endIndex: number; parent: unknown }, parentField: (name: string) => { startIndex: number; endIndex: number } | null): string =>
          FIELDS.filter((f) => {
            const c = parentField(f);
            return c !== null && c.startIndex === n.startIndex && c.endIndex === n.endIndex;
          }).join(',');
        const want = lines(
          wasm.rootNode,
          (n: Node) => n.children as Node[],
          (n: Node) =>
            `${n.type} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column} ${+n.isNamed}${+n.isMissing}${+n.hasError} ${n.parent ? fieldOf(n, (f) => n.parent!.childForFieldName(f)) : ''}`,
        );
        const got = lines(
          copy.rootNode,
          (n: PyNode) => n.children,
          (n: PyNode) =>
            `${n.type} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column} ${+n.isNamed}${+n.isMissing}${+n.hasError} ${n.parent ? fieldOf(n, (f) => n.parent!.childForFieldName(f)) : ''}`,
        );
        expect(got, path).toEqual(want);
      } finally {
        wasm.delete();
      }
    }
  }, 60_000);

  it('gives every node of every tree its own id', async () => {
    const a = await parsePython('x = 1\n');
    const b = await parsePython('x = 1\n');
    const ids = [a, b].flatMap((t) => t.rootNode.descendantsOfType(['module', 'expression_statement', 'assignment', 'identifier', 'integer']).map((n) => n.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(a.rootNode.namedChildren[0]!.equals(a.rootNode.namedChild(0)!)).toBe(true);
    expect(a.rootNode.namedChildren[0]!.id).toBe(a.rootNode.namedChild(0)!.id);
  });

  it('survives a tree deeper than the cursor stack first holds (the cursor is refreshed before it is freed)', async () => {
    for (let i = 0; i < 3; i++) {
      const tree = await parsePython(`y = ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
      expect(tree.rootNode.hasError).toBe(false);
      expect(tree.rootNode.descendantsOfType('list')).toHaveLength(5000);
    }
  });
});
