/**
 * Reading the user's text files (spec, task list, config) with the checks every reader needs:
 * empty, binary (NUL bytes, invalid UTF-8) and missing files become diagnostics with file:line,
 * and a did-you-mean helper for unknown keys and ids.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Diagnostic } from './errors.js';

export interface TextFile {
  /** Path relative to the root (posix separators), as diagnostics show it. */
  rel: string;
  abs: string;
  text: string;
}

export type ReadResult = { ok: true; file: TextFile } | { ok: false; diagnostic: Diagnostic };

/** Posix-style path of `abs` relative to `root`, or `abs` itself when outside the root. */
export function relPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** 1-based line of a byte offset in a buffer. */
function lineOfByte(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that makes `buf` invalid UTF-8, or -1. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Reads a text file that the user wrote. `what` names it in messages ("spec", "task list", "config").
 * Errors: missing, a folder, empty (or only whitespace), NUL bytes, invalid UTF-8.
 */
export function readTextFile(root: string, relOrAbs: string, what: string): ReadResult {
  const abs = isAbsolute(relOrAbs) ? relOrAbs : join(root, relOrAbs);
  const rel = relPath(root, abs);
  const fail = (message: string, line?: number, hint?: string): ReadResult => ({
    ok: false,
    diagnostic: {
      severity: 'error',
      file: rel,
      ...(line !== undefined ? { line, column: 1 } : {}),
      message,
      ...(hint ? { hint } : {}),
    },
  });
  let st;
  try {
    st = statSync(abs);
  } catch {
    return fail(`${what} does not exist`);
  }
  if (st.isDirectory()) return fail(`${what} is a directory, not a file`);
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    return fail(`${what} cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) return fail(`${what} is a binary file (NUL byte)`, lineOfByte(buf, nul), `${what} must be UTF-8 text`);
  const bad = firstInvalidUtf8(buf);
  if (bad >= 0) return fail(`${what} is not valid UTF-8`, lineOfByte(buf, bad), `save it as UTF-8 text`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail(`${what} is empty`, 1, `write the ${what} or delete the file`);
  return { ok: true, file: { rel, abs, text } };
}

/** Damerau-free Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length (case-insensitive), or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w));
    if (prefixed.length === 1) return prefixed[0];
  }
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.ceil(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** `did you mean \`x\`?` or a list of the valid values. */
export function suggestionHint(word: string, candidates: readonly string[]): string {
  const m = didYouMean(word, candidates);
  return m ? `did you mean \`${m}\`?` : `expected one of: ${candidates.join(', ')}`;
}

/** Why a user-given path is not a safe path inside the root, or null when it is. */
export function unsafeRelativePath(p: string): string | null {
  if (p.trim() === '') return 'is empty';
  if (isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\')) return 'is absolute';
  const norm = posix.normalize(p.replace(/\\/g, '/'));
  if (norm === '..' || norm.startsWith('../')) return 'leaves the repository root';
  if (p.includes('\0')) return 'contains a NUL byte';
  return null;
}

/** Diagnostics in reading order: by file, line, column (stable). */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.file < b.d.file ? -1 : a.d.file > b.d.file ? 1 : 0) || (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.i - b.i)
    .map((x) => x.d);
}
