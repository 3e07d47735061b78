import { describe, expect, it } from 'vitest';
import { envLoaderOf, loadNextEnv, loadPythonEnv } from './dotenv.js';

/**
 * [file text, what Next.js sets S to, what python-dotenv sets S to] (undefined: not set). Recorded
 * from the real loaders: @next/env 16.5.0 `processEnv` and python-dotenv 1.2.2 `dotenv_values`, with
 * an environment that defines none of these names.
 */
const REAL: Record<string, [string, string | undefined, string | undefined]> = {
  'unquoted, space #': ['S=abc #c\n', 'abc', 'abc'],
  'unquoted, # without space': ['S=abc#c\n', 'abc', 'abc#c'],
  'unquoted, starts with #': ['S=#abc\n', '', '#abc'],
  'empty value, then a comment': ['S= # c\n', '', '# c'],
  'tab #': ['S=abc\t#c\n', 'abc', 'abc'],
  'double-quoted #, then a comment': ['S="abc #c" # x\n', 'abc #c', 'abc #c'],
  'single-quoted #': ["S='abc#c'\n", 'abc#c', 'abc#c'],
  export: ['export S=abc\n', 'abc', 'abc'],
  'spaces around =': ['S = abc\n', 'abc', 'abc'],
  'trailing spaces': ['S=abc   \n', 'abc', 'abc'],
  'bare $VAR': ['A=xy\nS=$A-1\n', 'xy-1', '$A-1'],
  '${VAR}': ['A=xy\nS=${A}-1\n', 'xy-1', 'xy-1'],
  "'${VAR}'": ["A=xy\nS='${A}-1'\n", 'xy-1', 'xy-1'],
  '"${VAR}"': ['A=xy\nS="${A}-1"\n', 'xy-1', 'xy-1'],
  '${VAR:-default}, VAR set': ['A=xy\nS=${A:-z}\n', 'z', 'xy'],
  '${VAR:-default}, VAR empty': ['A=\nS=${A:-z}\n', 'z', ''],
  'escaped \\$': ['S=a\\$b\n', 'a$b', 'a\\$b'],
  'escaped \\${VAR}': ['A=xy\nS=\\${A}\n', '${A}', '\\xy'],
  'double-quoted escapes': ['S="a\\tb\\"c\\\\d\\ne"\n', 'a\\tb\\"c\\\\d\ne', 'a\tb"c\\d\ne'],
  'single-quoted escape': ["S='a\\'b'\n", "a\\'b", "a'b"],
  'double-quoted, two lines': ['S="a\nb #c"\n', 'a\nb #c', 'a\nb #c'],
  'single-quoted, two lines': ["S='a\nb'\n", 'a\nb', 'a\nb'],
  CRLF: ['A=xy\r\nS="${A}" # c\r\n', 'xy', 'xy'],
  empty: ['S=\n', '', ''],
  'empty quotes': ['S=""\n', '', ''],
  'last assignment wins': ['S=a\nS=b\n', 'b', 'b'],
  'KEY: value': ['S: abc\n', 'abc', undefined],
  "'KEY'=value": ["'S'=abc\n", undefined, 'abc'],
  'text after the closing quote': ['S="abc"x\n', '"abc"x', undefined],
  'bare KEY after KEY=value': ['S=abc\nS\n', 'abc', undefined],
};

/** Cases whose real answer depends on the process environment: the reference is kept, as `${NAME}`. */
const ENVIRONMENT: Record<string, [string, string | undefined, string | undefined]> = {
  '${VAR} not in the file': ['S=${NOPE_X}-1\n', '${NOPE_X}-1', '${NOPE_X}-1'],
  '$VAR not in the file': ['S=$NOPE_X-1\n', '${NOPE_X}-1', '$NOPE_X-1'],
  '${VAR:-default} not in the file': ['S=${NOPE_X:-z}\n', '${NOPE_X:-z}', '${NOPE_X:-z}'],
  // Next.js reads a later line too; python-dotenv only earlier ones (then the environment).
  'defined on a later line': ['S=${A}-1\nA=xy\n', 'xy-1', '${A}-1'],
  // dotenv-expand, right to left: `$B$A` → `$B1` → the variable `B1`.
  '$B$A': ['A=1\nB=${A}2\nS=$B$A\n', '${B1}', '$B$A'],
};

describe('dotenv loaders', () => {
  for (const [name, [text, next, python]] of Object.entries({ ...REAL, ...ENVIRONMENT })) {
    it(name, () => {
      expect(loadNextEnv(text).S, 'Next.js').toBe(next);
      expect(loadPythonEnv(text).S, 'python-dotenv').toBe(python);
    });
  }

  it('a self-reference ends', () => {
    expect(typeof loadNextEnv('S=$S\n').S).toBe('string');
    expect(loadPythonEnv('S=${S}\n').S).toBe('${S}');
  });
});

describe('envLoaderOf', () => {
  it('tells the frontend from the backend', () => {
    const files = ['web/next.config.mjs', 'web/.env', 'web/scripts/seed.py', 'svc/app/main.py', 'svc/.env', 'x/.env.local', 'mixed/a.py', 'mixed/b.ts', 'mixed/.env'];
    expect(envLoaderOf('web/.env', files)).toBe('next');
    expect(envLoaderOf('svc/.env', files)).toBe('python');
    expect(envLoaderOf('x/.env.local', files)).toBe('next');
    expect(envLoaderOf('mixed/.env', files)).toBe(null);
    expect(envLoaderOf('frontend/.env', [])).toBe('next');
    expect(envLoaderOf('backend/.env', [])).toBe('python');
    expect(envLoaderOf('.env', files)).toBe(null);
  });
});
