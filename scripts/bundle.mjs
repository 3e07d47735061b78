#!/usr/bin/env node
/**
 * Bundles the CLI (run by `npm run build` after tsc): dist/generator/cli.js and what init, validate,
 * generate and token need (commander, chalk, yaml, unified/remark/micromark, jose) become a few ES
 * modules in dist/cli/ — dist/cli/authspec.js (the `bin`) plus the chunks it imports when a command
 * runs — so start-up resolves, reads and compiles a handful of files instead of hundreds.
 *
 * check, trace, explain and probe are NOT bundled: the bundle imports tsc's output for them
 * (dist/generator/commands/<name>.js), so ts-morph, typescript, web-tree-sitter and tree-sitter-python
 * load lazily from node_modules as before, and the rule engine finds its worker thread
 * (dist/rules/worker.js) next to itself. Handlebars is required at run time (generator/template-cache.ts).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'cli');

/** Commands that stay in tsc's output, imported from the bundle by a path relative to dist/cli/. */
const UNBUNDLED_COMMANDS = ['check', 'trace', 'explain', 'probe'];
/** Never bundled, even if something reaches them: heavy, and loaded lazily by the unbundled commands. */
const EXTERNAL_PACKAGES = ['ts-morph', 'typescript', 'web-tree-sitter', 'tree-sitter-python', 'handlebars', '@ts-morph/*'];

const unbundledCommands = {
  name: 'unbundled-commands',
  setup(b) {
    const filter = new RegExp(`^\\./commands/(${UNBUNDLED_COMMANDS.join('|')})\\.js$`);
    b.onResolve({ filter }, (args) => {
      if (args.importer !== join(dist, 'generator', 'run-command.js')) return undefined;
      return { path: `../generator/commands/${args.path.slice('./commands/'.length)}`, external: true };
    });
    // Nothing in the bundle may reach the rule engine or the analysers.
    b.onResolve({ filter: /[\\/]rules[\\/]/ }, (args) => {
      const target = join(args.resolveDir, args.path);
      if (target.startsWith(join(dist, 'rules')) && target !== join(dist, 'rules', 'ids.js'))
        return { errors: [{ text: `the CLI bundle must not include ${args.path} (imported by ${args.importer})` }] };
      return undefined;
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { authspec: join(dist, 'generator', 'cli.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL_PACKAGES,
  plugins: [unbundledCommands],
  // CommonJS dependencies (commander, yaml) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __authspecCreateRequire } from 'node:module';\nconst require = __authspecCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: process.argv.includes('--analyze'),
});
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));
