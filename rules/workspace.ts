/**
 * The workspace: which files under the root a check looks at, read once.
 *
 * Skipped: node_modules, virtual environments (.venv, venv, any folder holding pyvenv.cfg), build
 * output (dist, build, .next, out, __pycache__, coverage, …), .git, whatever .gitignore files
 * (nested too, plus .git/info/exclude) ignore, and the config's `ignore` globs. Symlinks are
 * followed once (realpaths tracked, so loops end). `.env` files are read even when git ignores
 * them (that is where secrets live), with `ignored` telling the rules whether .gitignore keeps them
 * out and `tracked` whether git tracks them anyway (`git ls-files`).
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, posix } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { loadNextEnv, loadPythonEnv } from '../generator/dotenv.js';
import type { EnvFile, EnvFileEntry } from './types.js';

export type SourceKind = 'python' | 'typescript';

export interface SourceEntry {
  /** Repository-relative, forward slashes. */
  path: string;
  kind: SourceKind;
  size: number;
}

export interface Note {
  file: string;
  message: string;
}

export interface Workspace {
  root: string;
  sources: SourceEntry[];
  envFiles: EnvFile[];
  /** Every file the run looked at (sources and env files), sorted. */
  files: string[];
  /** `#` comments of the env files (for suppressions), by env file path. */
  envComments: Map<string, EnvComment[]>;
  notes: Note[];
}

export interface DiscoverOptions {
  /** Globs relative to the root (config `ignore`). */
  ignore?: readonly string[];
  /** Globs limiting backend (Python) / frontend (TS) files; empty = every such file. */
  backend?: readonly string[];
  frontend?: readonly string[];
  /** Env files named by the spec, read even when ignored or missing from the walk. */
  envFiles?: readonly string[];
}

/** Folders that never hold the project's own code. */
export const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  'dist',
  'build',
  '.next',
  'out',
  '__pycache__',
  'coverage',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.turbo',
  '.vercel',
]);

const PYTHON_EXT = ['.py'];
const TS_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Files over this size are not parsed (reported as a warning-level parse-error finding). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function sourceKind(name: string): SourceKind | null {
  if (name.endsWith('.d.ts') || name.endsWith('.min.js')) return null;
  if (PYTHON_EXT.some((e) => name.endsWith(e))) return 'python';
  if (TS_EXT.some((e) => name.endsWith(e))) return 'typescript';
  return null;
}

export function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

interface IgnoreLevel {
  /** Folder (relative, '' for the root) the .gitignore sits in. */
  dir: string;
  ig: Ignore;
}

function readGitignore(absDir: string, rel: string, file = '.gitignore'): IgnoreLevel | null {
  let text: string;
  try {
    text = readFileSync(join(absDir, file), 'utf8');
  } catch {
    return null;
  }
  return { dir: rel, ig: ignore().add(text) };
}

/** Git semantics: the deepest .gitignore with a matching pattern decides (negations included). */
function gitIgnored(levels: readonly IgnoreLevel[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const sub = level.dir === '' ? rel : rel.slice(level.dir.length + 1);
    if (!sub) continue;
    const r = level.ig.test(isDir ? `${sub}/` : sub);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

export function discover(root: string, opts: DiscoverOptions = {}): Workspace {
  const notes: Note[] = [];
  const sources: SourceEntry[] = [];
  const envPaths = new Map<string, boolean>();
  const userIgnore = opts.ignore?.length ? picomatch([...opts.ignore], { dot: true }) : null;
  const backend = opts.backend?.length ? picomatch([...opts.backend], { dot: true }) : null;
  const frontend = opts.frontend?.length ? picomatch([...opts.frontend], { dot: true }) : null;
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const rootLevels: IgnoreLevel[] = [];
  const exclude = readGitignore(join(root, '.git', 'info'), '', 'exclude');
  if (exclude) rootLevels.push(exclude);

  const walk = (abs: string, rel: string, parentLevels: readonly IgnoreLevel[]): void => {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      notes.push({ file: rel || '.', message: 'cannot resolve the folder; skipped' });
      return;
    }
    if (seenDirs.has(real)) {
      if (rel) notes.push({ file: rel, message: 'symlink to a folder already visited (loop or duplicate); skipped' });
      return;
    }
    seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      notes.push({ file: rel || '.', message: 'cannot read the folder; skipped' });
      return;
    }
    if (rel && entries.some((e) => e.name === 'pyvenv.cfg')) return; // a virtual environment, whatever its name
    const here = readGitignore(abs, rel);
    const levels = here ? [...parentLevels, here] : parentLevels;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          notes.push({ file: childRel, message: 'broken symlink; skipped' });
          continue;
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(name)) continue;
        if (userIgnore && (userIgnore(childRel) || userIgnore(`${childRel}/`))) continue;
        if (gitIgnored(levels, childRel, true)) continue;
        walk(childAbs, childRel, levels);
        continue;
      }
      if (!isFile) continue;
      if (isEnvFileName(name)) {
        if (userIgnore?.(childRel)) continue;
        envPaths.set(childRel, gitIgnored(levels, childRel, false));
        continue;
      }
      const kind = sourceKind(name);
      if (!kind) continue;
      if (userIgnore?.(childRel)) continue;
      if (kind === 'python' && backend && !backend(childRel)) continue;
      if (kind === 'typescript' && frontend && !frontend(childRel)) continue;
      if (gitIgnored(levels, childRel, false)) continue;
      let size = 0;
      try {
        const realFile = entry.isSymbolicLink() ? realpathSync(childAbs) : childAbs;
        if (seenFiles.has(realFile)) continue;
        seenFiles.add(realFile);
        size = statSync(childAbs).size;
      } catch {
        continue;
      }
      sources.push({ path: childRel, kind, size });
    }
  };
  walk(root, '', rootLevels);

  // Env files the spec names are read even inside ignored or skipped folders.
  for (const p of opts.envFiles ?? []) {
    const rel = posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
    if (envPaths.has(rel) || rel.startsWith('../')) continue;
    try {
      if (!lstatSync(join(root, rel)).isFile()) continue;
    } catch {
      continue;
    }
    envPaths.set(rel, envIgnored(root, rel, rootLevels));
  }

  const envFiles: EnvFile[] = [];
  const envComments = new Map<string, EnvComment[]>();
  const tracked = gitTracked(root, [...envPaths.keys()]);
  for (const [path, ignored] of [...envPaths].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const text = readText(join(root, path));
    if (text.kind !== 'text') {
      notes.push({ file: path, message: text.kind === 'binary' ? 'binary env file; skipped' : text.kind === 'encoding' ? 'not UTF-8; skipped' : 'cannot read; skipped' });
      continue;
    }
    const comments: EnvComment[] = [];
    envFiles.push({ path, entries: parseDotenv(text.text, comments), ignored, tracked: tracked.has(path), loaded: { next: loadNextEnv(text.text), python: loadPythonEnv(text.text) } });
    envComments.set(path, comments);
  }
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files = [...sources.map((s) => s.path), ...envFiles.map((e) => e.path)].sort();
  return { root, sources, envFiles, files, notes, envComments };
}

/**
 * Which of `paths` (relative to the root) git tracks: `git ls-files`, whose answer .gitignore does
 * not change (ignore rules only keep untracked files out). Empty when git is missing, the root is
 * not in a work tree, or git refuses the repository. Literal pathspecs; fsmonitor off, so git runs
 * nothing the repository's config names.
 */
function gitTracked(root: string, paths: readonly string[]): Set<string> {
  if (!paths.length) return new Set();
  const r = spawnSync('git', ['--literal-pathspecs', '-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off', 'ls-files', '-z', '--', ...paths], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 || typeof r.stdout !== 'string') return new Set();
  return new Set(r.stdout.split('\0').filter(Boolean));
}

/** Whether git would ignore a file, reading every .gitignore from the root down to it. */
function envIgnored(root: string, rel: string, rootLevels: readonly IgnoreLevel[]): boolean {
  const parts = rel.split('/');
  const levels = [...rootLevels];
  let dirRel = '';
  for (let i = 0; i < parts.length - 1; i++) {
    const level = readGitignore(join(root, dirRel), dirRel);
    if (level) levels.push(level);
    dirRel = dirRel ? `${dirRel}/${parts[i]}` : parts[i]!;
    if (gitIgnored(levels, dirRel, true)) return true;
  }
  const last = readGitignore(join(root, dirRel), dirRel);
  if (last) levels.push(last);
  return gitIgnored(levels, rel, false);
}

export type ReadResult =
  | { kind: 'text'; text: string }
  | { kind: 'binary' }
  | { kind: 'encoding' }
  | { kind: 'unreadable'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Reads a file as UTF-8 text; binary (NUL bytes) and non-UTF-8 files are refused, not mangled. */
export function readText(abs: string): ReadResult {
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    return { kind: 'unreadable', message: err instanceof Error ? err.message : String(err) };
  }
  if (buf.indexOf(0) !== -1) return { kind: 'binary' };
  try {
    return { kind: 'text', text: decoder.decode(buf) };
  } catch {
    return { kind: 'encoding' };
  }
}

/** A `#` comment in a .env file (1-based position of the `#`). */
export interface EnvComment {
  line: number;
  column: number;
  text: string;
}

/**
 * dotenv syntax: `KEY=value`, `export KEY=value`, quoted values ('…', "…" with escapes and
 * newlines, `…`), `#` comments (inline after whitespace when unquoted).
 */
export function parseDotenv(text: string, comments?: EnvComment[]): EnvFileEntry[] {
  const entries: EnvFileEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const m = /^(\s*)(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) {
      const hash = /^\s*#/.exec(raw);
      if (hash) comments?.push({ line: i + 1, column: hash[0].length, text: raw.slice(hash[0].length - 1) });
      continue;
    }
    const key = m[2]!;
    const column = raw.indexOf(key, m[1]!.length) + 1;
    const line = i + 1;
    let rest = m[3]!;
    let value: string;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      let body = rest.slice(1);
      let end = findClosingQuote(body, q);
      // Double- and back-quoted values may span lines.
      while (end === -1 && q !== "'" && i + 1 < lines.length) {
        i++;
        body += `\n${lines[i]!}`;
        end = findClosingQuote(body, q);
      }
      if (end === -1) {
        value = rest.slice(1);
      } else {
        value = body.slice(0, end);
        const after = body.slice(end + 1);
        const hash = after.search(/#/);
        if (hash !== -1 && comments) {
          const lastLine = lines[i]!;
          const tail = after.split('\n').pop()!;
          const col = lastLine.length - tail.length + tail.indexOf('#') + 1;
          if (tail.includes('#')) comments.push({ line: i + 1, column: col, text: lastLine.slice(col - 1) });
        }
        if (q === '"') value = value.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
      }
    } else {
      const hash = rest.search(/\s#/);
      if (hash !== -1) {
        const col = raw.length - rest.length + hash + 2;
        comments?.push({ line, column: col, text: raw.slice(col - 1) });
        rest = rest.slice(0, hash);
      }
      value = rest.trim();
    }
    entries.push({ key, value, line, column });
  }
  return entries;
}

function findClosingQuote(body: string, q: string): number {
  for (let j = 0; j < body.length; j++) {
    if (body[j] === '\\' && q === '"') {
      j++;
      continue;
    }
    if (body[j] === q) return j;
  }
  return -1;
}

/** generator/render.ts GENERATED_MARKER (not imported: it would load the template engine into every check). */
const GENERATED_MARKER = 'Code generated by authspec';

/** Files whose first lines carry the authspec generated-file header (`# Code generated by authspec …`). */
export function hasGeneratedHeader(source: string): boolean {
  const at = source.indexOf(GENERATED_MARKER);
  return at !== -1 && at < 400;
}
