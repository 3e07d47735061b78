#!/usr/bin/env node
/**
 * Bundles the CLI (run by `npm run build` after tsc): dist/generator/cli.js and what init, validate,
 * generate and token need (commander, chalk, yaml, unified/remark/micromark, jose) become a few ES
 * modules in dist/cli/ — dist/cli/authspec.js (the `bin`) plus the chunks it imports when a command
 * runs — so start-up resolves, reads and compiles a handful of files instead of hundreds.
 *
 * trace, explain and probe are NOT bundled: the bundle imports tsc's output for them
 * (dist/generator/commands/<name>.js), so ts-morph, typescript, web-tree-sitter and tree-sitter-python
 * load lazily from node_modules as before, and the rule engine finds its worker thread
 * (dist/rules/worker.js) next to itself. check is bundled up to the engine: its dynamic imports of
 * dist/rules/ stay tsc's output (ENGINE_COMMANDS). Handlebars' runtime is bundled; its compiler is required at run
 * time only for templates that are not precompiled (generator/template-cache.ts).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'cli');

/** Commands that stay in tsc's output, imported from the bundle by a path relative to dist/cli/. */
const UNBUNDLED_COMMANDS = ['trace', 'explain', 'probe'];
/**
 * Bundled commands that import the rule engine: their `../../rules/*.js` imports stay tsc's output,
 * imported from dist/cli/ by a relative path, so the engine loads ts-morph, tree-sitter and its
 * worker thread (dist/rules/worker.js) as before, while the command's own start-up (the spec and
 * config readers: unified/remark, yaml) comes from the bundle. A check starts ~0.2 s sooner.
 */
const ENGINE_COMMANDS = ['check'];
/** Never bundled, even if something reaches them: heavy, and loaded lazily by the unbundled commands. */
const EXTERNAL_PACKAGES = ['ts-morph', 'typescript', 'web-tree-sitter', 'tree-sitter-python', '@ts-morph/*'];

/**
 * yaml ships CommonJS for Node (70 files, each wrapped and copied through CommonJS interop in a bundle)
 * and the same code as ES modules for other platforms. The bundle takes the ES modules, patched back to
 * the Node build's behaviour where the two differ (Buffer for !!binary, process.emitWarning for
 * warnings). A patch that no longer applies (a yaml upgrade) fails the build instead of diverging.
 */
const yamlDir = dirname(createRequire(import.meta.url).resolve('yaml/package.json'));
const YAML_PATCHES = {
  'browser/dist/log.js': [['console.warn(warning);', "if (typeof process.emitWarning === 'function')\n            process.emitWarning(warning);\n        else\n            console.warn(warning);"]],
  'browser/dist/schema/yaml-1.1/binary.js': [
    ["if (typeof atob === 'function') {", "if (typeof Buffer === 'function') {\n            return Buffer.from(src, 'base64');\n        }\n        else if (typeof atob === 'function') {"],
    [
      "if (typeof btoa === 'function') {",
      "if (typeof Buffer === 'function') {\n            str = buf instanceof Buffer ? buf.toString('base64') : Buffer.from(buf.buffer).toString('base64');\n        }\n        else if (typeof btoa === 'function') {",
    ],
  ],
};
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(yamlDir, 'browser', 'index.js') }));
    b.onLoad({ filter: /[\\/]yaml[\\/]browser[\\/]/ }, (args) => {
      const rel = args.path.slice(yamlDir.length + 1).split('\\').join('/');
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of YAML_PATCHES[rel] ?? []) {
        if (!text.includes(from)) return { errors: [{ text: `yaml-esm: ${rel} no longer holds ${JSON.stringify(from)}: review the patch` }] };
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

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
      if (!target.startsWith(join(dist, 'rules')) || target === join(dist, 'rules', 'ids.js')) return undefined;
      const command = ENGINE_COMMANDS.find((c) => args.importer === join(dist, 'generator', 'commands', `${c}.js`));
      if (command && args.kind === 'dynamic-import') return { path: `../${target.slice(dist.length + 1).split('\\').join('/')}`, external: true };
      return { errors: [{ text: `the CLI bundle must not include ${args.path} (imported by ${args.importer})` }] };
    });
  },
};

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
  plugins: [unbundledCommands, yamlEsm],
  // CommonJS dependencies (commander, yaml) call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __authspecCreateRequire } from 'node:module';\nconst require = __authspecCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: process.argv.includes('--analyze'),
  write: false,
});
// The tree is shared (tests and other builds may run the CLI meanwhile): each file is replaced atomically
// (chunk names are content hashes), and files of earlier builds are removed only afterwards.
mkdirSync(outdir, { recursive: true });
const written = new Set();
for (const f of result.outputFiles) {
  const tmp = `${f.path}.${process.pid}.tmp`;
  writeFileSync(tmp, f.contents, { mode: f.path.endsWith('authspec.js') ? 0o755 : 0o644 });
  renameSync(tmp, f.path);
  written.add(f.path);
}
for (const name of readdirSync(outdir)) if (!written.has(join(outdir, name)) && !name.endsWith('.tmp')) rmSync(join(outdir, name), { force: true });
if (result.metafile) console.log(await (await import('esbuild')).analyzeMetafile(result.metafile));
