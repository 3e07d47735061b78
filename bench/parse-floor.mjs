#!/usr/bin/env node
/**
 * The floor under `authspec check` on a repository: web-tree-sitter parsing every `.py` file once
 * and nothing else, on N threads (default 2) that claim files from one shared counter, as the engine
 * does. bench/check-bench.mjs runs it next to authspec and ast-grep so that the report shows how much
 * of authspec's time any web-tree-sitter based design has to spend before it looks at a single node.
 *
 *   node bench/parse-floor.mjs DIR [THREADS]   → prints one JSON line: { files, threads, seconds }
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);

async function parseAll(files, counter) {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm')));
  let n = 0;
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= files.length) return n;
    const tree = parser.parse(readFileSync(files[i], 'utf8'));
    tree?.delete();
    n++;
  }
}

function pythonFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

if (isMainThread) {
  const t0 = performance.now();
  const dir = process.argv[2];
  const threads = Number(process.argv[3] ?? 2);
  if (!dir) throw new Error('usage: node bench/parse-floor.mjs DIR [THREADS]');
  const files = pythonFiles(dir);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: threads - 1 }, () => new Worker(new URL(import.meta.url), { workerData: { files, counter } }));
  const done = workers.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); }));
  const local = await parseAll(files, counter);
  const counts = [local, ...(await Promise.all(done))];
  if (counts.reduce((a, b) => a + b, 0) !== files.length) throw new Error('not every file was parsed');
  process.stdout.write(`${JSON.stringify({ files: files.length, threads, seconds: (performance.now() - t0) / 1000 })}\n`);
} else {
  parentPort.postMessage(await parseAll(workerData.files, workerData.counter));
}
