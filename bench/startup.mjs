#!/usr/bin/env node
/**
 * Startup benchmark (`npm run bench:startup`): how much authspec adds to a bare Node start.
 *   - `authspec --version` vs `node -e 0`         target: +60 ms
 *   - `authspec validate` on the default spec     target: +250 ms
 *
 *   node bench/startup.mjs [--rounds N] [--json]
 * Exit 0 always (a benchmark, not a test); the table says PASS or OVER per target.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { must, option, requireBuild, sideBySide } from './side-by-side.mjs';

requireBuild();
// What users run: package.json's `bin` (the esbuild bundle, dist/cli/authspec.js).
const pkgRoot = join(fileURLToPath(import.meta.url), '..', '..');
const cli = join(pkgRoot, JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')).bin.authspec);
if (!existsSync(cli)) {
  console.error(`bench: ${cli} is missing: run \`npm run build\` first`);
  process.exit(2);
}
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
