/**
 * What the end-to-end suite needs besides the servers: a temp repository with a spec, the real
 * generator run on it, and the generated TypeScript (lib/api.ts, the token route) made runnable in
 * Node: transpiled with the `typescript` package, its `@/lib/...` imports mapped to real modules.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { generateProject } from '../../generator/commands/generate.js';
import { loadProject, type Project } from '../../generator/load.js';
import { renderPlan } from '../../generator/render.js';
import { startGeneratedBackend, type GeneratedBackend } from '../../generator/test-support/python.js';

export interface SpecOptions {
  mode: 'jwks' | 'shared-secret';
  issuer: string;
  audience: string;
  foreignAccess?: 403 | 404;
}

/** A repository with only a spec (and, in shared-secret mode, backend/.env holding the secret). */
export function makeRepo(opts: SpecOptions, secret?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'authspec-e2e-'));
  mkdirSync(join(root, 'specs/features'), { recursive: true });
  const frontMatter = [
    '---',
    'verification:',
    `  mode: ${opts.mode}`,
    `  issuer: ${opts.issuer}`,
    `  audience: ${opts.audience}`,
    'envFiles: [backend/.env]',
    'resources:',
    '  - model: Task',
    '    path: /api/{user_id}/tasks',
    `    foreignAccess: ${opts.foreignAccess ?? 404}`,
    '    operations: [list, read, create, update, delete, complete]',
    '---',
    '',
    '# Authentication',
    '',
  ].join('\n');
  writeFileSync(join(root, 'specs/features/authentication.md'), frontMatter);
  if (secret) {
    mkdirSync(join(root, 'backend'), { recursive: true });
    writeFileSync(join(root, 'backend/.env'), `BETTER_AUTH_SECRET=${secret}\n`);
  }
  return root;
}

export interface Generated {
  project: Project;
  /** Every generated file as written to disk by `authspec generate`. */
  files: { path: string; content: string }[];
  read(path: string): string;
}

/** Runs `authspec generate` (in-process) on the repository and reads back what it wrote. */
export async function generate(root: string): Promise<Generated> {
  const project = await loadProject(root);
  let log = '';
  const code = generateProject(project, {}, { stdout: (s) => (log += s), stderr: (s) => (log += s) });
  if (code !== 0) throw new Error(`authspec generate exited ${code}:\n${log}`);
  const paths = renderPlan(project.spec, project.tasks, { root }).files.map((f) => f.path);
  const files = paths.map((path) => ({ path, content: readFileSync(join(root, path), 'utf8') }));
  return { project, files, read: (p) => readFileSync(join(root, p), 'utf8') };
}

/** Transpiles TypeScript to an ES module, rewriting import specifiers through `imports` (AST, not text). */
export function transpile(source: string, fileName: string, imports: Record<string, string>): string {
  const rewrite: ts.TransformerFactory<ts.SourceFile> = (ctx) => (sf) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const to = imports[node.moduleSpecifier.text];
        if (to) return ctx.factory.updateImportDeclaration(node, node.modifiers, node.importClause, ctx.factory.createStringLiteral(to), node.attributes);
      }
      return node;
    };
    return ts.visitEachChild(sf, visit, ctx);
  };
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, strict: true },
    transformers: { after: [rewrite] },
    reportDiagnostics: true,
  });
  if (out.diagnostics?.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(out.diagnostics[0]!.messageText, '\n')}`);
  return out.outputText;
}

/** Where a package's ESM entry lives, as a file URL that a module in a temp folder can import. */
export function packageUrl(specifier: string): string {
  return import.meta.resolve(specifier);
}

/** Writes a module into `dir` and imports it (its imports are file URLs or relative paths). */
export async function importModule<T>(dir: string, name: string, code: string): Promise<T> {
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T;
}

/** Runs a command module's `run()` in-process, capturing what it prints on stdout. */
export async function captureStdout(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await fn(), out };
  } finally {
    process.stdout.write = write;
  }
}

export interface Task {
  id: number;
  user_id: string;
  title: string;
  description: string | null;
  completed: boolean;
}
export interface ApiError extends Error {
  status: number;
  isUnauthorized: boolean;
}
/** The generated client's exports that the suite uses. */
export interface Api {
  listTasks(userId: string): Promise<Task[]>;
  createTask(userId: string, input: { title: string; description?: string | null; completed?: boolean }): Promise<Task>;
  getTask(userId: string, id: number): Promise<Task>;
  updateTask(userId: string, id: number, input: Partial<Task>): Promise<Task>;
  deleteTask(userId: string, id: number): Promise<void>;
  toggleTaskComplete(userId: string, id: number): Promise<Task>;
  getToken(): Promise<string>;
  clearToken(): void;
  ApiError: new (...args: never[]) => ApiError;
}


/** The error a refused call rejected with; fails when the call succeeded. */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected the call to be refused');
}

const CLI = join(import.meta.dirname, '../../dist/generator/cli.js');

/**
 * Runs the built CLI (`npm test` builds first) as a child process, asynchronously: the servers under
 * test live in this process and must keep answering while it runs.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...env, NO_COLOR: '1' }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The generated backend under uvicorn (generator/test-support/python.ts), for one generated repository. */
export function startBackend(gen: Generated, env: Record<string, string> = {}): Promise<GeneratedBackend> {
  return startGeneratedBackend({ spec: gen.project.spec, files: gen.files, env });
}
