/**
 * Reading the shared secret for `authspec token` and `authspec probe` (shared-secret mode).
 * `parseEnv` finds the lines (keys and line numbers, for messages); the value is the one the file's
 * reader gets (generator/dotenv.ts: python-dotenv for the backend, Next.js's loader for the frontend), so
 * the probe signs with what the backend verifies with and what secret-sync compares. The secret's
 * value is never printed: errors name the variable and the file only.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { envLoaderOf, loadNextEnv, loadPythonEnv } from '../dotenv.js';
import { UserError } from '../errors.js';
import type { Spec } from '../model.js';

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
}

export function parseEnv(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) return;
    const key = m[1]!;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      // An unquoted value ends at ` #` (an inline comment).
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash);
      value = value.trim();
    }
    entries.push({ key, value, line: i + 1 });
  });
  return entries;
}

export interface SecretSource {
  value: string;
  /** Where it came from, for messages: `environment variable X` or a file path. Never the value. */
  from: string;
}

/**
 * The shared secret, looked up in order: the file given with --env-file; the environment variable the
 * spec names (verification.secretEnv); the spec's envFiles, the backend's first (it is the backend
 * that verifies). Throws a UserError (exit 2) when none holds it.
 */
export function findSecret(root: string, spec: Spec, envFile?: string, env: NodeJS.ProcessEnv = process.env): SecretSource {
  const name = spec.verification.secretEnv;
  const where = (p: string): string => {
    const rel = relative(root, p);
    return rel.startsWith('..') || isAbsolute(rel) ? p : rel;
  };
  const fromFile = (path: string, explicit: boolean): SecretSource | null => {
    if (!existsSync(path) || !statSync(path).isFile()) {
      if (explicit) throw new UserError('env file not found (or not a regular file)', { file: envFile ?? path }, 'pass the path of the .env file that holds the secret');
      return null;
    }
    const text = readFileSync(path, 'utf8');
    const entry = parseEnv(text).filter((e) => e.key === name).pop();
    if (!entry) {
      if (explicit) throw new UserError(`${name} is not set in this file`, { file: where(path) }, `add ${name}=... or name another variable in verification.secretEnv`);
      return null;
    }
    // the value its reader gets (what secret-sync compares): python-dotenv for the backend, which
    // verifies the tokens, and for a file nothing places; Next.js's loader for the frontend's files
    const loader = envLoaderOf(where(path).split(sep).join('/'), []) ?? 'python';
    const loaded = (loader === 'next' ? loadNextEnv : loadPythonEnv)(text)[name] ?? entry.value;
    // a reference the file does not define comes from the process environment (or its default)
    const value = loaded.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (ref, v: string, dflt: string | undefined) => env[v] ?? dflt ?? ref);
    if (value === '') throw new UserError(`${name} is empty`, { file: where(path), line: entry.line, column: 1 }, 'set it to a long random value');
    return { value, from: where(path) };
  };

  if (envFile) return fromFile(resolve(envFile), true)!;
  const fromEnv = env[name];
  if (fromEnv) return { value: fromEnv, from: `environment variable ${name}` };
  const files = [...spec.envFiles].sort((a, b) => Number(b.includes('backend')) - Number(a.includes('backend')));
  for (const file of files) {
    const found = fromFile(resolve(root, file), false);
    if (found) return found;
  }
  throw new UserError(
    `no shared secret: ${name} is not set in the environment nor in ${files.join(', ') || 'any env file'}`,
    { file: spec.file ?? root },
    `export ${name}, or pass --env-file PATH`,
  );
}
