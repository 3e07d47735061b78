#!/usr/bin/env node
/**
 * Startup benchmark (`npm run bench:startup`): how much authspec adds to a bare Node start.
 *   - `authspec --version` vs `node -e 0`         target: +60 ms
 *   - `authspec validate` on the default spec     target: +250 ms
 * The three commands run side by side in each round (interleaved, so load on the machine hits all of
 * them alike); the medians and the deltas over bare node are printed against the targets.
 *
 *   node bench/startup.mjs [--rounds N] [--json]
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
const rounds = arg('--rounds', 15);
const json = process.argv.includes('--json');

const repo = mkdtempSync(join(tmpdir(), 'authspec-bench-'));
const init = spawnSync(process.execPath, [cli, 'init', repo], { encoding: 'utf8' });
if (init.status !== 0) {
  console.error(`bench: authspec init failed: ${init.stderr}`);
  process.exit(2);
}

const env = { ...process.env, NO_COLOR: '1' };
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'authspec --version', args: [cli, '--version'], target: 60 },
  { name: 'authspec validate', args: [cli, 'validate', '--root', repo], target: 250 },
];

function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

// One warm-up round (file system cache), then the measured rounds.
for (const c of cases) once(c.args);
const samples = cases.map(() => []);
for (let i = 0; i < rounds; i++) cases.forEach((c, k) => samples[k].push(once(c.args)));
rmSync(repo, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const base = median(samples[0]);
const rows = cases.map((c, k) => {
  const med = median(samples[k]);
  const delta = med - base;
  return {
    name: c.name,
    medianMs: Math.round(med),
    minMs: Math.round(Math.min(...samples[k])),
    deltaMs: k === 0 ? 0 : Math.round(delta),
    targetMs: c.target ?? null,
    ok: c.target === undefined ? null : delta <= c.target,
  };
});

if (json) {
  console.log(JSON.stringify({ rounds, rows }, null, 2));
} else {
  console.log(`startup benchmark: ${rounds} rounds, medians (interleaved runs)\n`);
  console.log(`${'command'.padEnd(22)}${'median'.padStart(9)}${'min'.padStart(8)}${'vs node'.padStart(10)}${'target'.padStart(9)}  result`);
  for (const r of rows) {
    const target = r.targetMs === null ? '' : `+${r.targetMs}`;
    const result = r.ok === null ? 'baseline' : r.ok ? 'PASS' : 'OVER';
    const delta = r.targetMs === null ? '' : `+${r.deltaMs}`;
    console.log(`${r.name.padEnd(22)}${`${r.medianMs} ms`.padStart(9)}${`${r.minMs}`.padStart(8)}${delta.padStart(10)}${target.padStart(9)}  ${result}`);
  }
  if (base > 120)
    console.log(
      `\nnote: a bare node start took ${Math.round(base)} ms (usually 30-60 ms): the machine is busy and every delta is inflated;` +
        ` run again on an idle machine before reading PASS/OVER`,
    );
}
