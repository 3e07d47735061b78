import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../generator/errors.js';
import { emptyConfig } from '../generator/config.js';
import { loadProject, type Project } from '../generator/load.js';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../generator/paths.js';
import { FileSet, type EngineSettings } from './analyse.js';
import { checkProject, claimPhase1, didYouMean, PY_QUEUE, shard, TS_QUEUE, workQueues } from './engine.js';
import parseError from './parse-error.js';
import { runCheck, runCheckResult, writeFiles } from './test-support/rule-tester.js';
import type { Rule } from './types.js';
import { dangerRule } from './test-support/danger-rule.js';
import unusedSuppression from './unused-suppression.js';
import { discover, hasGeneratedHeader, parseDotenv } from './workspace.js';
import { GENERATED_MARKER } from '../generator/render.js';

const danger = dangerRule('token-logging', (file) => `danger in ${file}`);
const rules = [danger, parseError, unusedSuppression];
const summary = (fs: { file: string; line: number; ruleId: string }[]): string[] => fs.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-engine-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('workspace discovery', () => {
  it('skips node_modules, virtualenvs, build output and .git; keeps source', () => {
    writeFiles(root, {
      'backend/app/main.py': 'x = 1\n',
      'frontend/lib/api.ts': 'export const x = 1;\n',
      'frontend/app/page.tsx': 'export default function P() { return <div/>; }\n',
      'node_modules/pkg/index.js': 'x\n',
      'frontend/node_modules/pkg/index.ts': 'x\n',
      '.venv/lib/site.py': 'x\n',
      'venv/lib/site.py': 'x\n',
      'env/pyvenv.cfg': 'home = /usr\n',
      'env/lib/site.py': 'x\n',
      'myenv/pyvenv.cfg': 'home = /usr\n',
      'myenv/lib/x.py': 'x\n',
      'frontend/.next/server.js': 'x\n',
      'dist/a.js': 'x\n',
      'backend/build/a.py': 'x\n',
      'backend/app/__pycache__/m.py': 'x\n',
      'coverage/x.js': 'x\n',
      '.git/hooks/x.py': 'x\n',
      'frontend/types.d.ts': 'declare const x: number;\n',
      'README.md': '# hi\n',
    });
    const ws = discover(root);
    expect(ws.sources.map((s) => `${s.kind} ${s.path}`)).toEqual(['typescript frontend/app/page.tsx', 'typescript frontend/lib/api.ts', 'python backend/app/main.py'].sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!)));
  });

  it('honours nested .gitignore files, negations, .git/info/exclude and config ignore globs', () => {
    writeFiles(root, {
      '.gitignore': 'generated/\n*.gen.py\n!keep.gen.py\n',
      '.git/info/exclude': 'scratch.py\n',
      'a.py': '',
      'scratch.py': '',
      'x.gen.py': '',
      'keep.gen.py': '',
      'generated/b.py': '',
      'backend/.gitignore': 'local_*.py\n/only_here.py\n',
      'backend/local_settings.py': '',
      'backend/only_here.py': '',
      'backend/sub/only_here.py': '',
      'backend/sub/.gitignore': '!local_ok.py\n',
      'backend/sub/local_ok.py': '',
      'vendor/lib.py': '',
      'backend/migrations/0001.py': '',
    });
    const ws = discover(root, { ignore: ['vendor/**', '**/migrations/**'] });
    expect(ws.sources.map((s) => s.path)).toEqual(['a.py', 'backend/sub/local_ok.py', 'backend/sub/only_here.py', 'keep.gen.py']);
  });

  it('reads .env files even when git ignores them, with positions, and spec env files in skipped folders', () => {
    writeFiles(root, {
      '.gitignore': '.env\n.env.local\nsecrets/\n',
      'backend/.env': '# comment\nBETTER_AUTH_SECRET=abc123 # trailing\nexport  DATABASE_URL="postgres://x"\n',
      'frontend/.env.local': "  NEXT_PUBLIC_API_URL='http://localhost:8000'\nMULTI=\"a\nb\"\nEMPTY=\n",
      'frontend/.env.example': 'BETTER_AUTH_SECRET=\n',
      'secrets/.env': 'K=v\n',
      'node_modules/x/.env': 'K=v\n',
    });
    const ws = discover(root, { envFiles: ['secrets/.env', 'missing/.env'] });
    expect(ws.envFiles.map((e) => `${e.path} ignored=${e.ignored}`)).toEqual([
      'backend/.env ignored=true',
      'frontend/.env.example ignored=false',
      'frontend/.env.local ignored=true',
      'secrets/.env ignored=true',
    ]);
    expect(ws.envFiles[0]!.entries).toEqual([
      { key: 'BETTER_AUTH_SECRET', value: 'abc123', line: 2, column: 1 },
      { key: 'DATABASE_URL', value: 'postgres://x', line: 3, column: 9 },
    ]);
    expect(ws.envFiles[2]!.entries).toEqual([
      { key: 'NEXT_PUBLIC_API_URL', value: 'http://localhost:8000', line: 1, column: 3 },
      { key: 'MULTI', value: 'a\nb', line: 2, column: 1 },
      { key: 'EMPTY', value: '', line: 4, column: 1 },
    ]);
    expect(ws.files).toContain('backend/.env');
  });

  it('recognises the generator\'s header (and only near the top)', () => {
    expect(hasGeneratedHeader(`# ${GENERATED_MARKER} 1.2.3 from specs/x.md. DO NOT EDIT.\nx = 1\n`)).toBe(true);
    expect(hasGeneratedHeader(`// ${GENERATED_MARKER} 1.2.3\n`)).toBe(true);
    expect(hasGeneratedHeader(`${'x = 1\n'.repeat(100)}# ${GENERATED_MARKER}\n`)).toBe(false);
  });

  it('parses dotenv escapes and quotes', () => {
    expect(parseDotenv('A="x\\ny # not a comment"\nB=`q`\nC=\'#raw\'\n# D=1\n').map((e) => [e.key, e.value])).toEqual([
      ['A', 'x\ny # not a comment'],
      ['B', 'q'],
      ['C', '#raw'],
    ]);
  });

  it('survives symlink loops and follows a symlinked file once', () => {
    writeFiles(root, { 'app/a.py': 'danger()\n' });
    symlinkSync(join(root, 'app'), join(root, 'app', 'loop'));
    symlinkSync(join(root, 'app', 'a.py'), join(root, 'alias.py'));
    symlinkSync(join(root, 'nowhere'), join(root, 'broken.py'));
    const ws = discover(root);
    expect(ws.sources.map((s) => s.path)).toEqual(['alias.py']);
    expect(ws.notes.map((n) => n.file)).toEqual(expect.arrayContaining(['app/loop', 'broken.py']));
  });
});

describe('engine', () => {
  it('runs Python and TS rules over every file, sorted', async () => {
    const findings = await runCheck(
      { 'b/x.py': 'import os\n\ndanger()\n', 'a/y.ts': 'const a = 1;\ndanger();\n', 'a/z.tsx': 'export const C = () => <b>{danger()}</b>;\n' },
      { rules },
    );
    expect(summary(findings)).toEqual(['a/y.ts:2 token-logging', 'a/z.tsx:1 token-logging', 'b/x.py:3 token-logging']);
  });

  it('reports a syntax error as parse-error, still runs the rules on what parsed and on the other files', async () => {
    const findings = await runCheck(
      {
        'bad.py': 'danger()\n\ndef broken(:\n    pass\n',
        'bad.ts': 'danger();\nconst = ;\n',
        'good.py': 'danger()\n',
      },
      { rules },
    );
    expect(summary(findings)).toEqual(['bad.py:1 token-logging', 'bad.py:3 parse-error', 'bad.ts:1 token-logging', 'bad.ts:2 parse-error', 'good.py:1 token-logging']);
    const pe = findings.find((f) => f.file === 'bad.py' && f.ruleId === 'parse-error')!;
    expect(pe).toMatchObject({ severity: 'error', line: 3, column: 12 });
    expect(pe.message).toContain('syntax error');
  });

  it('skips binary and non-UTF-8 files with a note, and huge files with a warning', async () => {
    writeFiles(root, { 'ok.py': 'danger()\n', 'huge.py': `${'x = 1\n'.repeat(400_000)}danger()\n` });
    writeFileSync(join(root, 'bin.py'), Buffer.from([0x64, 0x61, 0x00, 0x01, 0x02]));
    writeFileSync(join(root, 'latin1.py'), Buffer.from('s = "caf\xe9"\ndanger()\n', 'latin1'));
    const project = await loadProject(root);
    const result = await checkProject(project, { rules, workers: 0 });
    expect(summary(result.findings)).toEqual(['huge.py:1 parse-error', 'ok.py:1 token-logging']);
    expect(result.findings[0]!.severity).toBe('warning');
    expect(result.notes).toEqual([
      { file: 'bin.py', message: 'binary file (NUL bytes); skipped' },
      { file: 'latin1.py', message: 'not valid UTF-8; skipped' },
    ]);
  });

  it('applies config severities and off', async () => {
    const files = { 'a.py': 'danger()\ndef f(:\n' };
    const warn = await runCheck(files, { rules, severities: { 'token-logging': 'warning', 'parse-error': 'off' } });
    expect(warn.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['token-logging warning']);
  });

  it('--rule runs only the named rules (even one the config turns off) and rejects unknown ids with a suggestion', async () => {
    writeFiles(root, { 'a.py': 'danger()\ndef f(:\n' });
    const project = await loadProject(root);
    const only = await checkProject(project, { rules, only: ['parse-error'], workers: 0 });
    expect(summary(only.findings)).toEqual(['a.py:2 parse-error']);
    const off: Project = { ...project, config: { ...emptyConfig(), rules: { 'parse-error': { severity: 'off' } } } };
    expect(summary((await checkProject(off, { rules, workers: 0 })).findings)).toEqual(['a.py:1 token-logging']);
    expect(summary((await checkProject(off, { rules, only: ['parse-error'], workers: 0 })).findings)).toEqual(['a.py:2 parse-error']);
    const err = await checkProject(project, { rules, only: ['parse-eror'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toContain('did you mean `parse-error`');
  });

  it('reports a rule that throws as an internal error and keeps going', async () => {
    const boom: Rule = { ...danger, meta: { ...danger.meta, id: 'hardcoded-secret' }, checkPython: () => { throw new Error('kaboom'); } };
    const result = await runCheckResult({ 'a.py': 'danger()\n' }, { rules: [boom, danger] });
    expect(summary(result.findings)).toEqual(['a.py:1 token-logging']);
    expect(result.errors).toEqual([{ file: 'a.py', message: 'rule hardcoded-secret threw: kaboom' }]);
  });

  it('gives rules the whole index and runs checkRepo once with env files and generated files', async () => {
    const seen: string[] = [];
    const repo: Rule = {
      meta: { ...danger.meta, id: 'secret-sync', languages: ['repo'] },
      checkRepo(ctx) {
        seen.push(`files=${ctx.index.files.join(',')}`, `env=${ctx.index.envFiles.map((e) => e.entries.map((x) => x.key).join('+')).join(',')}`, `generated=${ctx.index.generatedFiles.join(',')}`);
        ctx.report({ message: 'repo finding', file: 'backend/.env', line: 1 });
      },
    };
    const findings = await runCheck(
      { 'backend/.env': 'A=1\nB=2\n', 'backend/app/auth.py': '# Code generated by authspec 0.1.0 from specs/features/authentication.md. DO NOT EDIT.\nx = 1\n', 'frontend/lib/api.ts': 'x;\n' },
      { rules: [repo] },
    );
    expect(seen).toEqual(['files=backend/.env,backend/app/auth.py,frontend/lib/api.ts', 'env=A+B', 'generated=backend/app/auth.py']);
    expect(summary(findings)).toEqual(['backend/.env:1 secret-sync']);
  });

  it('honours suppressions in .env comments', async () => {
    const repo: Rule = {
      meta: { ...danger.meta, id: 'secret-sync', languages: ['repo'] },
      checkRepo(ctx) {
        for (const env of ctx.index.envFiles) for (const e of env.entries) ctx.report({ message: `env ${e.key}`, file: env.path, line: e.line, column: e.column });
      },
    };
    const findings = await runCheck(
      { 'backend/.env': '# authspec-ignore secret-sync: local only\nA=1\nB=2 # authspec-ignore secret-sync: also local\nC="3" # authspec-ignore secret-sync\n\nD=4\n' },
      { rules: [repo, unusedSuppression, (await import('./suppression-reason.js')).default] },
    );
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['4:7 suppression-reason', '4:7 unused-suppression', '6:1 secret-sync']);
  });

  it('memo() computes a per-file analysis once for all rules', async () => {
    const { memo } = await import('./analyse.js');
    let computed = 0;
    const make = (id: 'token-logging' | 'hardcoded-secret'): Rule => ({
      ...danger,
      meta: { ...danger.meta, id },
      checkPython(file, ctx) {
        const n = memo(file, 'count', () => (computed++, file.source.length));
        ctx.report({ message: `len ${n}`, line: 1 });
      },
    });
    const findings = await runCheck({ 'a.py': 'x = 1\n', 'b.py': 'yy = 22\n' }, { rules: [make('token-logging'), make('hardcoded-secret')] });
    expect(findings.map((f) => `${f.file} ${f.message}`)).toEqual(['a.py len 6', 'a.py len 6', 'b.py len 8', 'b.py len 8']);
    expect(computed).toBe(2);
  });

  it('shards by size across workers', () => {
    const s = shard(
      [10, 9, 8, 1, 1, 1].map((size, i) => ({ path: `f${i}.py`, kind: 'python' as const, size: size * 10_000 })),
      2,
    );
    expect(s.map((x) => x.map((e) => e.path))).toEqual([['f0.py', 'f3.py', 'f4.py', 'f5.py'], ['f1.py', 'f2.py']]);
  });

  it('suggests close rule ids only', () => {
    expect(didYouMean('user-scope-query', ['user-scoped-query', 'parse-error'])).toBe('user-scoped-query');
    expect(didYouMean('zzz', ['user-scoped-query', 'parse-error'])).toBeUndefined();
  });
});

describe('engine settings cross to workers', () => {
  it('the project (spec with Maps, task list) is structured-cloneable', async () => {
    mkdirSync(join(root, 'x'));
    const project = await loadProject(root);
    expect(() => structuredClone({ spec: project.spec, tasks: project.tasks })).not.toThrow();
  });
});

describe('work queues of a parallel run', () => {
  it('split Python and TS files, largest first, and a thread drains the queues in the order it is given', async () => {
    writeFiles(root, {
      'backend/a.py': 'def a():\n    return 1\n',
      'backend/big.py': `def big():\n    return ${'1 + '.repeat(200)}1\n`,
      'frontend/x.ts': 'export const x = 1;\n',
      'frontend/y.tsx': `export const y = ${'2 + '.repeat(100)}2;\n`,
    });
    const project = await loadProject(root);
    const ws = discover(root);
    const queues = workQueues(ws.sources);
    expect(queues.lists[PY_QUEUE]!.map((e) => e.path)).toEqual(['backend/big.py', 'backend/a.py']);
    expect(queues.lists[TS_QUEUE]!.map((e) => e.path)).toEqual(['frontend/y.tsx', 'frontend/x.ts']);
    const settings: EngineSettings = { root, spec: project.spec, specFound: project.specFound, tasks: project.tasks, severities: { 'token-logging': 'error' }, options: {}, prefilter: false };
    // a worker thread: Python only, the TS queue untouched
    const worker = new FileSet(settings, rules);
    const fromPy = await claimPhase1(worker, queues, [PY_QUEUE]);
    expect(fromPy.pyFacts.map((f) => f.path).sort()).toEqual(['backend/a.py', 'backend/big.py']);
    expect(fromPy.tsFacts).toEqual([]);
    expect(Atomics.load(queues.counters, TS_QUEUE)).toBe(0);
    // the main thread: TS first, then what is left of the Python queue (nothing)
    const main = new FileSet(settings, rules);
    const fromMain = await claimPhase1(main, queues, [TS_QUEUE, PY_QUEUE]);
    expect(fromMain.tsFacts.map((f) => f.path).sort()).toEqual(['frontend/x.ts', 'frontend/y.tsx']);
    expect(fromMain.pyFacts).toEqual([]);
    worker.dispose();
    main.dispose();
  });

  it('the TypeScript compiler loads on first use, not on import (a Python-only worker never pays for it)', () => {
    const script = `
      const { createRequire } = require('node:module');
      import(${JSON.stringify(pathToFileURL(join(packageRoot(), 'dist', 'rules', 'index.js')).href)}).then(async () => {
        const loaded = () => Object.keys(require.cache).concat(Object.keys(createRequire(${JSON.stringify(join(packageRoot(), 'package.json'))}).cache)).some((k) => k.endsWith('typescript.js'));
        const before = loaded();
        const { ts } = await import(${JSON.stringify(pathToFileURL(join(packageRoot(), 'dist', 'rules', 'ts', 'compiler.js')).href)});
        const kind = ts.SyntaxKind.CallExpression;
        process.stdout.write(JSON.stringify({ before, after: loaded(), kind: typeof kind, version: ts.version }));
      });`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { before: boolean; after: boolean; kind: string; version: string };
    expect(out).toMatchObject({ before: false, after: true, kind: 'number' });
    expect(out.version).toMatch(/^\d+\.\d+/);
  });
});
