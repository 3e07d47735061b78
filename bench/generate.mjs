#!/usr/bin/env node
/**
 * Generate benchmark (`npm run bench:generate`): how much `authspec generate` adds to a bare Node start.
 *   - `authspec generate` on the default spec (a repository scaffolded by `authspec init`)   target: +300 ms
 *   - `authspec generate --check` on the same, freshly generated repository                  target: +300 ms
 * `generate` rewrites nothing after the first run (the files are unchanged), so every round measures
 * render + compare + no-op write.
 *
 *   node bench/generate.mjs [--rounds N] [--json]
 * Exit 0 always (a benchmark, not a test); the table says PASS or OVER per target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, must, option, requireBuild, sideBySide } from './side-by-side.mjs';

requireBuild();
const repo = mkdtempSync(join(tmpdir(), 'authspec-bench-gen-'));
const cleanup = () => rmSync(repo, { recursive: true, force: true });
must([cli, 'init', repo], 'authspec init', cleanup);
must([cli, 'generate', '--root', repo], 'authspec generate', cleanup);
try {
  sideBySide(
    'generate benchmark',
    [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'authspec generate', args: [cli, 'generate', '--root', repo], target: 300 },
      { name: 'generate --check', args: [cli, 'generate', '--check', '--root', repo], target: 300 },
    ],
    option('--rounds', 10),
  );
} finally {
  cleanup();
}
