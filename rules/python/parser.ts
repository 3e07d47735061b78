/**
 * Python parsing through web-tree-sitter with the grammar wasm that ships in tree-sitter-python.
 * Loaded lazily: commands that never look at Python never import this module.
 * The parse tree is copied into a `PyTree` (rules/python/tree.ts) and the wasm tree freed.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { PyGrammar, type PyTree } from './tree.js';

let parserPromise: Promise<{ parser: Parser; grammar: PyGrammar }> | undefined;

function grammarPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** One parser per thread; initialised once. */
function pythonParser(): Promise<{ parser: Parser; grammar: PyGrammar }> {
  parserPromise ??= (async () => {
    // Emscripten fills the options object with the module's exports: the copy in tree.ts calls them.
    const module = {};
    await Parser.init(module);
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return { parser, grammar: PyGrammar.from(module, language) };
  })();
  return parserPromise;
}

let ready: { parser: Parser; grammar: PyGrammar } | undefined;

/** Parses Python source; the tree may contain ERROR / MISSING nodes (see `tree.rootNode.hasError`). */
export async function parsePython(source: string): Promise<PyTree> {
  await pythonReady();
  return parsePythonSync(source);
}

/** Initialises the thread's parser (once); after it, `parsePythonSync` works. */
export async function pythonReady(): Promise<void> {
  ready ??= await pythonParser();
}

/** `parsePython` once the parser is initialised (`pythonReady`). */
export function parsePythonSync(source: string): PyTree {
  if (!ready) throw new Error('parsePythonSync before the parser was initialised (await pythonReady() first)');
  const tree = ready.parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return ready.grammar.copy(tree, source);
}
