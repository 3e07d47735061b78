/**
 * `secret-sync` (repository level): the secret (spec.verification.secretEnv) has the same value in
 * every .env file the spec names (spec.envFiles; defaults frontend/.env.local, frontend/.env,
 * backend/.env; those that exist), is at least 32 bytes long and is not a placeholder.
 *
 * The value compared is the one the file's reader ends up with (generator/dotenv.ts): Next.js for the
 * frontend's files, python-dotenv for the backend's; the same line can mean two values (`#`, `$VAR`,
 * escapes). A file whose reader cannot be told is compared as written (quotes removed, ` #` cut).
 *
 * The value is NEVER printed: findings compare fingerprints (first 8 hex digits of its SHA-256).
 * Files that exist but do not set the secret are left alone (in jwks mode the backend does not need
 * it, and a frontend may keep it in only one of .env / .env.local).
 */
import { createHash } from 'node:crypto';
import { envLoaderOf, type EnvLoader } from '../generator/dotenv.js';
import { secretEnvOf } from './ts/context.js';
import type { EnvFile, EnvFileEntry, Rule } from './types.js';

export const MIN_SECRET_BYTES = 32;

/** First 8 hex digits of the SHA-256 of the value: enough to tell values apart, useless to an attacker. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8);
}

const PLACEHOLDERS = new Set([
  'changeme',
  'changemeplease',
  'changethis',
  'changeit',
  'secret',
  'secretkey',
  'mysecret',
  'mysecretkey',
  'supersecret',
  'supersecretkey',
  'yoursecret',
  'yoursecrethere',
  'yoursecretkey',
  'yoursecretkeyhere',
  'yourbetterauthsecret',
  'yourbetterauthsecrethere',
  'betterauthsecret',
  'replaceme',
  'replacewithyoursecret',
  'placeholder',
  'todo',
  'fixme',
  'password',
  'test',
  'testsecret',
  'dev',
  'devsecret',
  'development',
  'example',
  'default',
  'none',
  'null',
  'xxx',
]);

/** `changeme`, `your-secret-here`, `<your secret>`, `xxxxxxxx`, `${SECRET}`, `generate-a-random-…` … */
export function isPlaceholderSecret(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (/^<.*>$|^\$\{.*\}$|^\[.*\]$/.test(v)) return true;
  const norm = v.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDERS.has(norm)) return true;
  if (/^(.)\1+$/.test(norm)) return true; // xxxxxxxx, 00000000
  if (/^(your|my|insert|replace|change|generate|put|enter|add)/.test(norm) && /secret|key|here|random|value|this|me/.test(norm)) return true;
  if (/changeme|replaceme|yoursecret|placeholder|notasecret|dummysecret|examplesecret/.test(norm)) return true;
  return false;
}

interface Found {
  file: EnvFile;
  /** The last assignment of the secret (its position). */
  entry: EnvFileEntry;
  loader: EnvLoader | null;
  /** What the file's reader sets (never printed). */
  value: string;
}

const LOADER_NAMES: Record<EnvLoader | 'null', string> = { next: 'Next.js', python: 'python-dotenv', null: 'a plain reading' };

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '');
}

export const rule: Rule = {
  meta: {
    id: 'secret-sync',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The secret has one strong, non-placeholder value across the .env files the spec names.',
    languages: ['repo'],
    docs: {
      checks:
        'Reads the secret (`verification.secretEnv`, default `BETTER_AUTH_SECRET`) in every .env file the spec names (`envFiles`; default `frontend/.env.local`, `frontend/.env`, `backend/.env`, those that exist) and reports a file whose value differs from the first one that sets it, an empty value (at its own line; the other files are compared with the first non-empty one), a value shorter than 32 bytes, and a placeholder (`changeme`, `secret`, `your-secret-here`, …). The value compared is the one the file\'s reader ends up with: Next.js (dotenv + dotenv-expand) for the frontend\'s files, where an unquoted value ends at the first `#` and `$VAR` / `${VAR}` are expanded, and python-dotenv for the backend\'s, where a `#` ends an unquoted value only after whitespace and only `${VAR}` is expanded (a bare `$VAR` stays as written); a variable the file does not define is left as a reference (the environment is not known). The reader is told by the folder (a `next.config.*`, only TS/JS or only Python sources, `.env.local`, a `frontend`/`backend`-like name); a file whose reader cannot be told is compared as written. Findings show a fingerprint (the first 8 hex digits of the SHA-256), never the value.',
      why: 'In shared-secret mode the Next.js server signs with one copy of the secret and FastAPI verifies with another: if they differ, every request is a 401. A short or placeholder secret can be guessed or brute-forced offline from any token, and then anyone can mint a JWT for any user; Better Auth also encrypts its private keys and signs cookies with it.',
      incorrect: [
        { lang: 'sh', code: '# frontend/.env.local\nBETTER_AUTH_SECRET=changeme\n# backend/.env\nBETTER_AUTH_SECRET=something-else' },
      ],
      correct: [
        { lang: 'sh', code: '# both files, same value, generated with `openssl rand -base64 32`\nBETTER_AUTH_SECRET=8pP0…(44 characters)' },
      ],
      fix: 'Generate one value (`openssl rand -base64 32`) and put the same line in every .env file the spec names; rotate it if a weak one was ever used in production.',
      options: {},
    },
  },
  checkRepo(ctx) {
    const secret = secretEnvOf(ctx);
    const byPath = new Map<string, EnvFile>(ctx.index.envFiles.map((f) => [normalise(f.path), f]));
    const named = (ctx.spec.envFiles.length ? ctx.spec.envFiles : ['frontend/.env.local', 'frontend/.env', 'backend/.env']).map(normalise);
    const found: Found[] = [];
    for (const p of named) {
      const f = byPath.get(p);
      if (!f) continue;
      // The last assignment wins, as in dotenv loaders.
      const entry = [...f.entries].reverse().find((e) => e.key === secret);
      if (!entry) continue;
      // What the file's reader sets; as written when the reader is unknown or skips the line.
      const loader = envLoaderOf(f.path, ctx.index.files);
      const loaded = loader ? f.loaded[loader] : undefined;
      const value = loaded && Object.hasOwn(loaded, secret) ? loaded[secret]! : entry.value;
      found.push({ file: f, entry, loader, value });
    }
    const at = (x: Found) => ({ file: x.file.path, line: x.entry.line, column: x.entry.column, endLine: x.entry.line, endColumn: x.entry.column + x.entry.key.length });
    // An empty value is its own finding, at its own line; the others are compared with the first that has a value.
    const first = found.find((x) => x.value.trim());
    for (const x of found) {
      const fp = fingerprint(x.value);
      if (!x.value.trim()) {
        ctx.report({
          ...at(x),
          message: `${secret} in ${x.file.path} is ${x.value ? 'blank (whitespace only)' : 'empty'}`,
          hint: first ? `set it to the same value as ${first.file.path}:${first.entry.line}` : 'generate a real secret: openssl rand -base64 32',
        });
        continue;
      }
      if (isPlaceholderSecret(x.value)) {
        ctx.report({ ...at(x), message: `${secret} in ${x.file.path} is a placeholder (fingerprint ${fp})`, hint: 'generate a real secret: openssl rand -base64 32' });
      } else if (Buffer.byteLength(x.value, 'utf8') < MIN_SECRET_BYTES) {
        ctx.report({ ...at(x), message: `${secret} in ${x.file.path} is ${Buffer.byteLength(x.value, 'utf8')} bytes long; at least ${MIN_SECRET_BYTES} are needed (fingerprint ${fp})`, hint: 'generate a real secret: openssl rand -base64 32' });
      }
      if (first && x !== first && x.value !== first.value) {
        // Same text, read two ways: say so, or the finding looks wrong.
        const readers = x.entry.value === first.entry.value && x.loader !== first.loader ? `; the lines read alike, but ${LOADER_NAMES[x.loader ?? 'null']} and ${LOADER_NAMES[first.loader ?? 'null']} read them differently` : '';
        ctx.report({
          ...at(x),
          message: `${secret} in ${x.file.path} differs from ${first.file.path}:${first.entry.line} (fingerprints ${fp} and ${fingerprint(first.value)})${readers}`,
          hint: `use the same value in every file of the spec's envFiles (${named.join(', ')})${readers ? ', quoted, without `#` or `$`' : ''}`,
        });
      }
    }
  },
};

export default rule;
