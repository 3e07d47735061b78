/**
 * What each consumer of a .env file actually gets: the same line can mean two values.
 *
 * - `next`: Next.js (@next/env: dotenv 16 `parse`, then dotenv-expand). An unquoted value ends at
 *   the first `#` (no whitespace needed) and is trimmed; '…', "…" and `…` quotes are removed (any
 *   of them may span lines); in "…" only `\n` and `\r` are escapes. Then `$VAR`, `${VAR}` and
 *   `${VAR:-default}` are expanded from the same file (any line; a non-empty default wins over
 *   the file's value, as in dotenv-expand) and `\$` becomes `$`. `KEY: value` is an assignment too.
 * - `python`: python-dotenv (`load_dotenv`, `dotenv_values`, pydantic-settings' `env_file`).
 *   `export KEY=…`; an unquoted value ends at whitespace + `#`; '…' (escapes `\'` `\\`) and "…"
 *   (escapes `\\ \' \" \a \b \f \n \r \t \v`) may span lines. Then only the `${VAR}` /
 *   `${VAR:-default}` form is expanded, from earlier lines; a bare `$VAR` stays as written.
 *
 * The process environment is not known to a static check: a reference to a variable the file does
 * not define is kept, as `${VAR}` (or `${VAR:-default}`), so two files that both take the value
 * from the same environment variable compare equal. Both were checked against the real loaders
 * (@next/env 16.5, python-dotenv 1.2; generator/dotenv.test.ts holds their answers).
 */

export type EnvLoader = 'next' | 'python';

/** Key → value as the loader leaves it (last assignment wins). */
export type LoadedEnv = Record<string, string>;

// dotenv 16's LINE, as @next/env bundles it.
const NEXT_LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

/** Private-use markers standing for an environment reference while expansion runs. */
const REF_OPEN = '\uE000';
const REF_CLOSE = '\uE001';

function envRef(refs: string[], name: string, fallback: string | undefined): string {
  refs.push(fallback === undefined ? `\${${name}}` : `\${${name}:-${fallback}}`);
  return `${REF_OPEN}${refs.length - 1}${REF_CLOSE}`;
}

function restoreRefs(value: string, refs: readonly string[]): string {
  return value.replace(new RegExp(`${REF_OPEN}(\\d+)${REF_CLOSE}`, 'g'), (_, i: string) => refs[Number(i)]!);
}

/** The value each key has for Next.js (dotenv 16 parse + dotenv-expand). */
export function loadNextEnv(text: string): LoadedEnv {
  const parsed: LoadedEnv = Object.create(null) as LoadedEnv;
  for (const m of text.replace(/\r\n?/g, '\n').matchAll(NEXT_LINE)) {
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    parsed[m[1]!] = value;
  }
  const refs: string[] = [];
  for (const key in parsed) parsed[key] = nextInterpolate(parsed[key]!, parsed, refs, 0).replace(/\\\$/g, '$');
  for (const key in parsed) parsed[key] = restoreRefs(parsed[key]!, refs);
  return parsed;
}

/** dotenv-expand's `_interpolate`: the right-most unescaped `$` first, then again on the result. */
function nextInterpolate(value: string, parsed: LoadedEnv, refs: string[], depth: number): string {
  // dotenv-expand recurses without a limit (a self-reference overflows the stack and the file is not loaded).
  if (depth > 500) return value;
  let last = -1;
  for (const m of value.matchAll(/(?<!\\)\$/g)) last = m.index;
  if (last === -1) return value;
  const m = /((?<!\\)\$\{?(\w+)(?::-([^}\\]*))?\}?)/.exec(value.slice(last));
  if (!m) return value;
  const [, group, name, fallback] = m as unknown as [string, string, string, string | undefined];
  // dotenv-expand: process.env[name] || default || parsed[name] || ''; a name the file does not define is the environment's.
  const replacement = Object.hasOwn(parsed, name) ? fallback || parsed[name] || '' : envRef(refs, name, fallback);
  // String.replace with a string pattern (the first occurrence) and `$` patterns in the replacement, as dotenv-expand does.
  return nextInterpolate(value.replace(group, replacement), parsed, refs, depth + 1);
}

class PyParseError extends Error {}

/** The value each key has for python-dotenv (parser.py, then resolve_variables with interpolate=True). */
export function loadPythonEnv(text: string): LoadedEnv {
  const bindings: [string, string | null][] = [];
  let pos = 0;
  const read = (re: RegExp): string[] => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new PyParseError();
    pos = re.lastIndex;
    return m.slice(1);
  };
  while (pos < text.length) {
    read(/\s*/y);
    if (pos >= text.length) break;
    try {
      read(/(?:export[^\S\r\n]+)?/y);
      let key: string | null;
      const c = text[pos];
      if (c === '#') key = null;
      else if (c === "'") key = read(/'([^']+)'/y)[0]!;
      else key = read(/([^=#\s]+)/y)[0]!;
      read(/[^\S\r\n]*/y);
      let value: string | null = null;
      if (text[pos] === '=') {
        read(/=[^\S\r\n]*/y);
        const q = text[pos];
        if (q === "'") value = read(/'((?:\\'|[^'])*)'/y)[0]!.replace(/\\[\\']/g, (e) => e[1]!);
        else if (q === '"') value = read(/"((?:\\"|[^"])*)"/y)[0]!.replace(/\\[\\'"abfnrtv]/g, (e) => PY_ESCAPES[e[1]!]!);
        else if (q === undefined || q === '\n' || q === '\r') value = '';
        else value = read(/([^\r\n]*)/y)[0]!.replace(/\s+#.*/, '').trimEnd();
      }
      read(/(?:[^\S\r\n]*#[^\r\n]*)?/y);
      read(/[^\S\r\n]*(?:\r\n|\n|\r|$)/y);
      if (key !== null) bindings.push([key, value]);
    } catch (err) {
      if (!(err instanceof PyParseError)) throw err;
      read(/[^\r\n]*(?:\r|\n|\r\n)?/y);
    }
  }
  const resolved = new Map<string, string | null>();
  for (const [key, value] of bindings) {
    resolved.set(
      key,
      value === null
        ? null
        : value.replace(/\$\{([^}:]*)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) =>
            resolved.has(name) ? (resolved.get(name) ?? '') : name === '' ? (fallback ?? '') : fallback === undefined ? `\${${name}}` : `\${${name}:-${fallback}}`,
          ),
    );
  }
  const out: LoadedEnv = Object.create(null) as LoadedEnv;
  // A bare `KEY` (no `=`) is None: python-dotenv does not set it.
  for (const [key, value] of resolved) if (value !== null) out[key] = value;
  return out;
}

const PY_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

const NEXT_FILE = /^\.env\.(local|development|production|test)(\.local)?$/;
const TS_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const FRONTEND_DIR = /^(frontend|web|client|www|ui|next|nextjs)$/i;
const BACKEND_DIR = /^(backend|api|server|fastapi|python)$/i;

/**
 * Which loader reads a .env file (path relative to the root; `files` every file of the run): the
 * folder holding a `next.config.*` is the Next.js app; a folder whose subtree holds only Python
 * (only TS/JS) sources is the backend (the frontend); `.env.local` and `.env.<mode>[.local]` are
 * Next.js names; then a folder named `frontend`, `web`, … or `backend`, `api`, …; null when
 * nothing tells.
 */
export function envLoaderOf(path: string, files: readonly string[]): EnvLoader | null {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash + 1);
  let python = false;
  let ts = false;
  for (const f of files) {
    if (!f.startsWith(dir)) continue;
    const rest = f.slice(dir.length);
    if (/^next\.config\.(js|mjs|cjs|ts|mts)$/.test(rest)) return 'next';
    if (f.endsWith('.py')) python = true;
    else if (TS_FILE.test(f)) ts = true;
  }
  if (python !== ts) return python ? 'python' : 'next';
  if (NEXT_FILE.test(path.slice(slash + 1))) return 'next';
  const segments = dir.split('/').filter(Boolean).reverse();
  for (const s of segments) {
    if (FRONTEND_DIR.test(s)) return 'next';
    if (BACKEND_DIR.test(s)) return 'python';
  }
  return null;
}
