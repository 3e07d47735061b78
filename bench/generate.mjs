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
