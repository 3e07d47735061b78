/**
 * Shared by the start-up benchmarks: run commands side by side (interleaved rounds, so load on the
 * machine hits all alike), after one warm-up round, and print medians and deltas over bare node
 * against each command's target. The first case is the baseline (`node -e 0`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'generator', 'cli.js');
export const env = { ...process.env, NO_COLOR: '1' };

export function requireBuild() {
  if (!existsSync(cli)) {
    console.error('bench: dist/generator/cli.js is missing: run `npm run build` first');
    process.exit(2);
  }
}

export function option(name, def) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : def;
}

/** Runs a set-up command; exits 2 with its stderr when it fails. */
export function must(args, what, cleanup = () => {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.error(`bench: ${what} failed (exit ${r.status}): ${r.stderr.trim()}`);
    cleanup();
    process.exit(2);
  }
}

function once(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** cases: [{ name, args, target? }], the first one the baseline. Prints a table (or JSON with --json). */
export function sideBySide(title, cases, rounds, json = process.argv.includes('--json')) {
  for (const c of cases) once(c.args); // warm-up (file system cache)
  const samples = cases.map(() => []);
  for (let i = 0; i < rounds; i++) cases.forEach((c, k) => samples[k].push(once(c.args)));

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
    return rows;
  }
  console.log(`${title}: ${rounds} rounds, medians (interleaved runs)\n`);
  console.log(`${'command'.padEnd(22)}${'median'.padStart(9)}${'min'.padStart(8)}${'vs node'.padStart(10)}${'target'.padStart(9)}  result`);
  for (const r of rows) {
    const target = r.targetMs === null ? '' : `+${r.targetMs}`;
    const result = r.ok === null ? 'baseline' : r.ok ? 'PASS' : 'OVER';
    const delta = r.targetMs === null ? '' : `+${r.deltaMs}`;
    console.log(`${r.name.padEnd(22)}${`${r.medianMs} ms`.padStart(9)}${`${r.minMs}`.padStart(8)}${delta.padStart(10)}${target.padStart(9)}  ${result}`);
  }
  // An idle 2-core machine of this project's kind starts bare node in ~100-130 ms.
  if (base > 200)
    console.log(
      `\nnote: a bare node start took ${Math.round(base)} ms (about 100-130 ms when idle): the machine is busy and every delta is inflated;` +
        ` run again on an idle machine before reading PASS/OVER`,
    );
  return rows;
}
