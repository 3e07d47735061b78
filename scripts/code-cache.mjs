#!/usr/bin/env node
/**
 * Writes the V8 code cache for the TypeScript compiler (run by `npm run build` after the bundle): the
 * check path loads the 9 MB compiler in every thread that meets a TS file, and compiling it from
 * source takes ~0.2 s there. rules/ts/compiler.ts reads the file codeCacheFile() names in dist/cache/
 * when it matches this Node (V8 checks again and compiles from source when it does not).
 *
 * The compiler is run and then used on a sample TSX file before the cache is written, so the cache
 * also holds the parser and scanner functions V8 compiles on first call. Only dist/cache/ is written.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { codeCacheFile, runTypescript, typescriptPath } = await import(join(root, 'dist', 'rules', 'ts', 'compiler.js'));

const path = typescriptPath();
const { exports: ts, script } = runTypescript(path);
const sample = `'use client';
import { useEffect, useState } from 'react';
import { authClient } from '@/lib/auth-client';
// T012: the API client
export interface Item { id: number; title: string; done?: boolean }
export default function List({ base }: { base: string }) {
  const [items, setItems] = useState<Item[]>([]);
  useEffect(() => {
    (async () => {
      const { data } = await authClient.token();
      const res = await fetch(\`\${base}/api/tasks\`, { headers: { Authorization: \`Bearer \${data?.token}\` } });
      if (!res.ok) throw new Error(\`failed: \${res.status}\`);
      setItems((await res.json()) as Item[]);
    })().catch(() => undefined);
  }, [base]);
  return <ul>{items.map((it) => <li key={it.id} className={it.done ? 'done' : ''}>{it.title}</li>)}</ul>;
}
export class Api<T extends object = {}> { private cache = new Map<string, T>(); async get(k: string): Promise<T | undefined> { return this.cache.get(k) ?? undefined; } }
`;
const sf = ts.createSourceFile('sample.tsx', sample, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
const walk = (n) => ts.forEachChild(n, walk);
walk(sf);
const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.JSX, sample);
while (scanner.scan() !== ts.SyntaxKind.EndOfFileToken);

const file = codeCacheFile(path);
mkdirSync(dirname(file), { recursive: true });
for (const old of readdirSync(dirname(file))) if (old !== basename(file)) rmSync(join(dirname(file), old), { force: true });
const tmp = `${file}.${process.pid}.tmp`;
writeFileSync(tmp, script.createCachedData());
renameSync(tmp, file);
