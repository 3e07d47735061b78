/**
 * Writing planned files safely: only inside the root (symlinks included), never over a hand-written
 * file unless forced, and atomically (a temporary file in the same folder, then rename).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from './errors.js';
import { hasGeneratedHeader, type PlannedFile } from './render.js';

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The absolute path of `rel` under `root`. Throws UserError (exit 2) for an absolute path, a path that
 * climbs out with `..`, or one whose nearest existing folder is a symlink leading outside the root.
 */
export function resolveInside(root: string, rel: string): string {
  if (isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel))
    throw new UserError(`refusing to write to an absolute path: ${rel}`, { file: rel }, 'output paths are relative to --root');
  const target = resolve(root, rel);
  if (!inside(root, target)) throw new UserError(`refusing to write outside the root: ${rel}`, { file: rel }, 'output paths must stay inside --root');
  const realRoot = realpathSync(root);
  let probe = target;
  while (!existsSync(probe)) probe = dirname(probe);
  const realProbe = realpathSync(probe);
  if (!inside(realRoot, realProbe))
    throw new UserError(`refusing to write outside the root: ${rel} leads to ${realProbe}`, { file: rel }, 'a symlink points out of --root');
  return target;
}

/** The on-disk text of a planned file, or null when it does not exist. */
export function readExisting(root: string, file: PlannedFile): string | null {
  const abs = resolveInside(root, file.path);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : null;
}

/** Writes `content` to `abs` via a temporary file in the same folder and a rename. */
export function atomicWrite(abs: string, content: string): void {
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = join(dirname(abs), `.${randomBytes(6).toString('hex')}.authspec-tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export type WriteStatus = 'created' | 'updated' | 'unchanged';

export interface WriteResult {
  path: string;
  status: WriteStatus;
}

/**
 * Writes every planned file whose content differs. Checks every target first, so that a refused file
 * (hand-written, outside the root) means nothing is written at all.
 */
export function writePlan(root: string, files: readonly PlannedFile[], opts: { force?: boolean } = {}): WriteResult[] {
  const targets = files.map((f) => {
    const abs = resolveInside(root, f.path);
    const existing = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    if (existing !== null && !hasGeneratedHeader(existing) && !opts.force)
      throw new UserError(
        `refusing to overwrite ${f.path}: it has no authspec header, so it looks hand-written`,
        { file: f.path, line: 1, column: 1 },
        'move it away, change the output path in the spec, or pass --force',
      );
    return { f, abs, existing };
  });
  return targets.map(({ f, abs, existing }) => {
    if (existing === f.content) return { path: f.path, status: 'unchanged' as const };
    atomicWrite(abs, f.content);
    return { path: f.path, status: existing === null ? ('created' as const) : ('updated' as const) };
  });
}
