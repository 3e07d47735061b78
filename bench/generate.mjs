#!/usr/bin/env node
/**
 * Generate benchmark (`npm run bench:generate`): how much `authspec generate` adds to a bare Node start.
 *   - `authspec generate` on the default spec (a repository scaffolded by `authspec init`)   target: +300 ms
 *   - `authspec generate --check` on the same, freshly generated repository                  target: +300 ms
 * The commands run side by side in each round (interleaved, so load on the machine hits all alike);
 * medians and deltas over bare node are printed against the targets. `generate` rewrites nothing after
 * the first run (the files are unchanged), so every round measures render + compare + no-op write.
 *
 *   node bench/generate.mjs [--rounds N] [--json]
 * Exit 0 always (a benchmark, not a test); the table says PASS or OVER per target.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'generator', 'cli.js');
if (!existsSync(cli)) {
  console.error('bench: dist/generator/cli.js is missing: run `npm run build` first');
  process.exit(2);
}
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : def;
};
const rounds = arg('--rounds', 10);
const json = process.argv.includes('--json');

const repo = mkdtempSync(join(tmpdir(), 'authspec-bench-gen-'));
const env = { ...process.env, NO_COLOR: '1' };
function must(args, what) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.error(`bench: ${what} failed (exit ${r.status}): ${r.stderr.trim()}`);
    rmSync(repo, { recursive: true, force: true });
    process.exit(2);
  }
}
must([cli, 'init', repo], 'authspec init');
must([cli, 'generate', '--root', repo], 'authspec generate');

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'authspec generate', args: [cli, 'generate', '--root', repo], target: 300 },
  { name: 'generate --check', args: [cli, 'generate', '--check', '--root', repo], target: 300 },
];

function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const samples = cases.map(() => []);
try {
  for (const c of cases) once(c.args); // warm-up (file system cache)
  for (let i = 0; i < rounds; i++) cases.forEach((c, k) => samples[k].push(once(c.args)));
} finally {
  rmSync(repo, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const base = median(samples[0]);
const rows = cases.map((c, k) => {
  const med = median(samples[k]);
  return {
    name: c.name,
    medianMs: Math.round(med),
    minMs: Math.round(Math.min(...samples[k])),
    deltaMs: k === 0 ? 0 : Math.round(med - base),
    targetMs: c.target ?? null,
    ok: c.target === undefined ? null : med - base <= c.target,
  };
});

if (json) {
  console.log(JSON.stringify({ rounds, rows }, null, 2));
} else {
  console.log(`generate benchmark: ${rounds} rounds, medians (interleaved runs)\n`);
  console.log(`${'command'.padEnd(22)}${'median'.padStart(9)}${'min'.padStart(8)}${'vs node'.padStart(10)}${'target'.padStart(9)}  result`);
  for (const r of rows) {
    const target = r.targetMs === null ? '' : `+${r.targetMs}`;
    const result = r.ok === null ? 'baseline' : r.ok ? 'PASS' : 'OVER';
    const delta = r.targetMs === null ? '' : `+${r.deltaMs}`;
    console.log(`${r.name.padEnd(22)}${`${r.medianMs} ms`.padStart(9)}${`${r.minMs}`.padStart(8)}${delta.padStart(10)}${target.padStart(9)}  ${result}`);
  }
}
