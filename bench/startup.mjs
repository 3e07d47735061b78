#!/usr/bin/env node
/**
 * Startup benchmark (`npm run bench:startup`): how much authspec adds to a bare Node start.
 *   - `authspec --version` vs `node -e 0`         target: +60 ms
 *   - `authspec validate` on the default spec     target: +250 ms
 *
 *   node bench/startup.mjs [--rounds N] [--json]
 * Exit 0 always (a benchmark, not a test); the table says PASS or OVER per target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, must, option, requireBuild, sideBySide } from './side-by-side.mjs';

requireBuild();
const repo = mkdtempSync(join(tmpdir(), 'authspec-bench-'));
const cleanup = () => rmSync(repo, { recursive: true, force: true });
must([cli, 'init', repo], 'authspec init', cleanup);
try {
  sideBySide(
    'startup benchmark',
    [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'authspec --version', args: [cli, '--version'], target: 60 },
      { name: 'authspec validate', args: [cli, 'validate', '--root', repo], target: 250 },
    ],
    option('--rounds', 15),
  );
} finally {
  cleanup();
}
