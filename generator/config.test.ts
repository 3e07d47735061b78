import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, readConfig } from './config.js';
import { formatDiagnosticLine } from './errors.js';

describe('parseConfig', () => {
  it('reads rules, ignore, paths and tasks', () => {
    const { config, diagnostics } = parseConfig(
      [
        'rules:',
        '  user-scoped-query: error',
        '  token-logging: off',
        '  task-link:',
        '    severity: warning',
        '    options: { include: ["backend/**"] }',
        'ignore: ["backend/migrations/**", "!backend/migrations/keep.py"]',
        'paths:',
        '  backend: ["api/**/*.py"]',
        '  frontend: ["web/**/*.ts", "web/**/*.tsx"]',
        'tasks: docs/tasks.md',
      ].join('\n'),
      'authspec.config.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.rules).toEqual({
      'user-scoped-query': { severity: 'error' },
      'token-logging': { severity: 'off' },
      'task-link': { severity: 'warning', options: { include: ['backend/**'] } },
    });
    expect(config.ignore).toEqual(['backend/migrations/**', '!backend/migrations/keep.py']);
    expect(config.paths).toEqual({ backend: ['api/**/*.py'], frontend: ['web/**/*.ts', 'web/**/*.tsx'] });
    expect(config.tasks).toEqual({ path: 'docs/tasks.md', pos: { file: 'authspec.config.yaml', line: 11, column: 8 } });
  });

  it('an unknown rule id is an error with did-you-mean at its line', () => {
    const { diagnostics } = parseConfig('rules:\n  user-scoped-qery: error\n  hardcoded-secrets: off\n', 'c.yaml');
    expect(diagnostics.map(formatDiagnosticLine)).toEqual([
      'c.yaml:2:3: error: unknown rule `user-scoped-qery` (did you mean `user-scoped-query`?)',
      'c.yaml:3:3: error: unknown rule `hardcoded-secrets` (did you mean `hardcoded-secret`?)',
    ]);
  });

  it('bad severities, unknown keys, wrong types and unsafe globs', () => {
    const { diagnostics } = parseConfig(
      'rules:\n  token-logging: warn\n  task-link: { severity: fatal }\nignores: [x]\npaths:\n  backend: api/**\nignore: [../x]\n',
      'c.yaml',
    );
    expect(diagnostics.map(formatDiagnosticLine)).toEqual([
      'c.yaml:2:18: error: `rules.token-logging` must be one of error, warning, off, got warn (did you mean `warning`?)',
      'c.yaml:3:26: error: `rules.task-link.severity` must be one of error, warning, off, got fatal',
      'c.yaml:4:1: error: unknown key `ignores` (did you mean `ignore`?)',
      'c.yaml:6:12: error: `paths.backend` must be a list, got the string "api/**" (write it as [a, b] or one "- item" per line)',
      'c.yaml:7:10: error: `ignore.0` leaves the repository root: ../x (globs are relative to the repository root)',
    ]);
  });

  it('broken YAML is an error at its line', () => {
    const { diagnostics } = parseConfig('rules:\n  a: b\n c: d\n', 'c.yaml');
    expect(diagnostics[0]).toMatchObject({ severity: 'error', file: 'c.yaml', line: 3 });
  });
});

describe('readConfig', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const repo = (): string => (dir = mkdtempSync(join(tmpdir(), 'authspec-config-')));

  it('finds authspec.config.yaml, else .authspec.yaml; none → empty config', () => {
    const root = repo();
    expect(readConfig(root)).toEqual({ config: { file: null, rules: {}, ignore: [], paths: { backend: [], frontend: [] } }, diagnostics: [] });
    writeFileSync(join(root, '.authspec.yaml'), 'ignore: [a]\n');
    expect(readConfig(root).config).toMatchObject({ file: '.authspec.yaml', ignore: ['a'] });
    writeFileSync(join(root, 'authspec.config.yaml'), 'ignore: [b]\n');
    const both = readConfig(root);
    expect(both.config).toMatchObject({ file: 'authspec.config.yaml', ignore: ['b'] });
    expect(both.diagnostics).toMatchObject([{ severity: 'warning', file: '.authspec.yaml' }]);
  });

  it('--config must exist; an empty config is fine; a binary one is not', () => {
    const root = repo();
    expect(readConfig(root, join(root, 'missing.yaml')).diagnostics[0]).toMatchObject({ severity: 'error', message: 'config file does not exist' });
    writeFileSync(join(root, 'empty.yaml'), '\n');
    expect(readConfig(root, join(root, 'empty.yaml'))).toMatchObject({ config: { file: 'empty.yaml' }, diagnostics: [] });
    writeFileSync(join(root, 'bin.yaml'), Buffer.from([0x61, 0x0a, 0x00]));
    expect(readConfig(root, join(root, 'bin.yaml')).diagnostics.map(formatDiagnosticLine)).toEqual([
      'bin.yaml:2:1: error: config is a binary file (NUL byte) (config must be UTF-8 text)',
    ]);
  });
});
