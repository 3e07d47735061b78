/**
 * `authspec check --since <git-ref>`: keep only findings on lines changed since the ref.
 *
 * What counts as changed: the diff between the merge base of the ref and HEAD (what a pull request
 * shows, even when the ref has moved on since the branch was made) and the WORKING TREE, so
 * uncommitted edits and untracked (not ignored) files count too. In CI the tree is clean and this is
 * exactly the pull request's diff; locally it is "what I am about to push".
 *
 * A finding is kept when any line of its range [line, endLine] changed. `task-link` findings span
 * the whole unlinked function, so a change anywhere inside it keeps the finding, unless every
 * changed line of the function was written by commits (since the merge base) whose messages name
 * a task ID: the commit message is then the link. Lines only deleted do not count as changes.
 *
 * git runs through execFile (never a shell); a root outside a git work tree, or a ref git does not
 * know, is a UserError (exit 2).
 */
import { execFile } from 'node:child_process';
import { UserError } from '../generator/errors.js';
import { taskIdsIn } from './task-refs.js';
import type { Finding, RuleContextBase } from './types.js';

/** Changed lines per file (root-relative); `all` for files git does not track yet. */
export interface ChangedLines {
  files: Map<string, Set<number> | 'all'>;
  /** The commit the diff starts from (merge base of ref and HEAD, or the ref itself). */
  base: string;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function git(root: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolveResult, reject) => {
    execFile(
      'git',
      ['-c', 'core.quotepath=off', '--no-pager', ...args],
      { cwd: root, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new UserError('git is not installed (or not on PATH)', { file: '--since' }, 'install git, or run check without --since'));
          return;
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolveResult({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The commit `ref` names, or a UserError (not a repository / unknown ref). */
export async function resolveRef(root: string, ref: string): Promise<string> {
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    throw new UserError(`--since needs a git repository, and ${root} is not inside a git work tree`, { file: root }, 'run check from the repository, or drop --since');
  }
  if (ref === '' || ref.startsWith('-') || /[\0\s]/.test(ref)) {
    throw new UserError(`'${ref}' is not a git ref`, { file: '--since' }, 'pass a branch, tag or commit, e.g. --since origin/main');
  }
  const verified = await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (verified.code !== 0 || !verified.stdout.trim()) {
    throw new UserError(
      `unknown git ref '${ref}'`,
      { file: '--since' },
      'pass a branch, tag or commit that exists here; in CI fetch the base branch and enough history (actions/checkout with fetch-depth: 0)',
    );
  }
  return verified.stdout.trim();
}

/** git's C-style quoted path (`"a \"b\" \303\251"`): escapes and octal bytes, decoded as UTF-8. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"' };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const oct = /^[0-7]{3}/.exec(body.slice(i + 1));
      if (oct) {
        bytes.push(parseInt(oct[0], 8));
        i += 3;
        continue;
      }
      const next = body[i + 1] ?? '';
      bytes.push(...Buffer.from(named[next] ?? next, 'utf8'));
      i += 1;
      continue;
    }
    bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses `git diff --unified=0` output into the added/changed lines of each new-side file. */
export function parseUnifiedDiff(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = null;
        continue;
      }
      const path = unquote(target).replace(/^b\//, '');
      current = out.get(path) ?? new Set<number>();
      out.set(path, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let i = 0; i < count; i++) current.add(start + i);
    }
  }
  return out;
}

/** Lines changed since the merge base of `ref` and HEAD, working tree and untracked files included. */
export async function changedLines(root: string, ref: string): Promise<ChangedLines> {
  const commit = await resolveRef(root, ref);
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  let base = commit;
  if (head.code === 0) {
    const mb = await git(root, ['merge-base', commit, 'HEAD']);
    if (mb.code === 0 && mb.stdout.trim()) base = mb.stdout.trim();
  }
  const diff = await git(root, ['diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', '--relative', base, '--']);
  if (diff.code !== 0) throw new UserError(`git diff failed: ${diff.stderr.trim().split('\n')[0] ?? ''}`, { file: '--since' });
  const files = new Map<string, Set<number> | 'all'>(parseUnifiedDiff(diff.stdout));
  const untracked = await git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.code === 0) for (const p of untracked.stdout.split('\0')) if (p) files.set(p, 'all');
  return { files, base };
}

/** Commit sha → full message, for the commits between base and HEAD. */
async function commitMessages(root: string, base: string): Promise<Map<string, string>> {
  const log = await git(root, ['log', '--format=%H%x00%B%x1e', `${base}..HEAD`]);
  const out = new Map<string, string>();
  if (log.code !== 0) return out;
  for (const rec of log.stdout.split('\x1e')) {
    const [sha, message] = rec.replace(/^\n/, '').split('\0');
    if (sha && message !== undefined) out.set(sha.trim(), message);
  }
  return out;
}

/** Final line → commit that wrote it, for the working-tree file (uncommitted lines: all zeros). */
async function blame(root: string, file: string): Promise<Map<number, string>> {
  const res = await git(root, ['blame', '--porcelain', '--', file]);
  const out = new Map<number, string>();
  if (res.code !== 0) return out;
  for (const line of res.stdout.split('\n')) {
    const m = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/.exec(line);
    if (m) out.set(Number(m[2]), m[1]!);
  }
  return out;
}

function linesIn(f: Finding, changed: Set<number> | 'all'): number[] {
  const out: number[] = [];
  for (let l = f.line; l <= Math.max(f.line, f.endLine); l++) if (changed === 'all' || changed.has(l)) out.push(l);
  return out;
}

export async function applySince(root: string, ref: string, findings: Finding[], ctx: RuleContextBase): Promise<Finding[]> {
  const { files, base } = await changedLines(root, ref);
  const onChanged = findings.filter((f) => {
    const changed = files.get(f.file);
    return changed !== undefined && linesIn(f, changed).length > 0;
  });
  const links = onChanged.filter((f) => f.ruleId === 'task-link' && files.get(f.file) !== 'all');
  const explain = (list: Finding[]): Finding[] =>
    list.map((f) =>
      f.ruleId === 'task-link' ? { ...f, message: `${f.message}, and it changed since ${ref} without a task ID in the code or in the commit messages` } : f,
    );
  if (links.length === 0) return explain(onChanged);

  // task-link: a change is also linked when the commits that wrote it name a task.
  const messages = await commitMessages(root, base);
  const known = ctx.tasks.tasks.length > 0 ? ctx.tasks.byId : null;
  const linkedCommit = (sha: string | undefined): boolean => {
    const msg = sha ? messages.get(sha) : undefined;
    if (msg === undefined) return false;
    return taskIdsIn(msg).some((hit) => known === null || known.has(hit.id));
  };
  const blames = new Map<string, Map<number, string>>();
  const dropped = new Set<Finding>();
  for (const f of links) {
    let lines = blames.get(f.file);
    if (!lines) {
      lines = await blame(root, f.file);
      blames.set(f.file, lines);
    }
    const changed = linesIn(f, files.get(f.file)!);
    if (changed.every((l) => linkedCommit(lines.get(l)))) dropped.add(f);
  }
  return explain(onChanged.filter((f) => !dropped.has(f)));
}
