/**
 * Deeply nested input: a parser, extractor or rule that runs out of stack on one file makes that
 * file a `parse-error` warning ("too deeply nested to check"); the other files and rules go on,
 * nothing is an internal error, in-process and over worker threads alike.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyConfig } from '../generator/config.js';
import { loadProject, type Project } from '../generator/load.js';
import type { ts } from 'ts-morph';
import { DEEP_NESTING, firstPythonError } from './analyse.js';
import { builtWorkerScript, checkProject } from './engine.js';
import parseError from './parse-error.js';
import { writeFiles } from './test-support/rule-tester.js';
import type { Finding, PyFile, Rule } from './types.js';

type PyNode = PyFile['tree']['rootNode'];

/** Test double: reports `danger()` calls, walking both trees recursively (so deep input overflows). */
const recursiveDanger: Rule = {
  meta: {
    id: 'token-logging',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'test double',
    languages: ['python', 'typescript'],
    docs: { checks: '', why: '', incorrect: [], correct: [], fix: '' },
  },
  checkPython(file, ctx) {
    const visit = (n: PyNode): void => {
      if (n.type === 'call' && n.childForFieldName('function')?.text === 'danger') ctx.report({ message: 'danger', line: n.startPosition.row + 1 });
      for (const c of n.children) if (c) visit(c);
    };
    visit(file.tree.rootNode);
  },
  checkTs(file, ctx) {
    const visit = (n: ts.Node): void => {
      if (n.getText(file.sourceFile).startsWith('danger(') && n.kind === 214 /* CallExpression */) {
        ctx.report({ message: 'danger', line: file.sourceFile.getLineAndCharacterOfPosition(n.getStart(file.sourceFile)).line + 1 });
      }
      n.forEachChild(visit);
    };
    visit(file.sourceFile);
  },
};

const summary = (fs: Finding[]): string[] => fs.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);
const tooDeep = (fs: Finding[], file: string): Finding | undefined => fs.find((f) => f.file === file && f.ruleId === 'parse-error' && f.message.startsWith('too deeply nested to check'));

/** 100k unary minus signs: a tree 100k levels deep (valid Python). */
const DEEP_PY = `x = ${'-'.repeat(100_000)}1\n`;
/** 50k additions: a binary-expression tree 50k levels deep (valid TS the parser handles, the walks do not). */
const DEEP_TS = `const x = 1${' + 1'.repeat(50_000)};\n`;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-deep-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('deeply nested input, in-process', () => {
  it('a rule that overflows on a deep Python or TS file gives that file a parse-error warning; the other files keep their findings', async () => {
    writeFiles(root, {
      'ok.py': 'danger()\n',
      'ok.ts': 'danger();\n',
      'deep.py': `danger()\n${DEEP_PY}`,
      'deep.ts': `danger();\n${DEEP_TS}`,
    });
    const result = await checkProject(await loadProject(root), { rules: [recursiveDanger, parseError], workers: 0 });
    expect(result.errors).toEqual([]);
    expect(summary(result.findings)).toEqual([
      // what the rule reported before it ran out of stack is kept
      'deep.py:1 token-logging error',
      'deep.py:2 parse-error warning',
      'deep.ts:1 token-logging error',
      'deep.ts:2 parse-error warning',
      'ok.py:1 token-logging error',
      'ok.ts:1 token-logging error',
    ]);
    const py = tooDeep(result.findings, 'deep.py')!;
    expect(py.message).toMatch(/^too deeply nested to check: rule token-logging ran out of stack \(nesting depth \d+\)/);
    expect(Number(/depth (\d+)/.exec(py.message)![1])).toBeGreaterThan(DEEP_NESTING);
    // at the deepest point: the innermost unary operator (the last minus sign)
    expect(py).toMatchObject({ line: 2, column: 4 + 100_000 });
    const tsf = tooDeep(result.findings, 'deep.ts')!;
    // the TS extractor (phase 1) overflows first: one report per file
    expect(tsf.message).toMatch(/^too deeply nested to check: extractTsFacts ran out of stack/);
    expect(tsf).toMatchObject({ line: 2, column: 11 });
  });

  it('is a note, not a finding or an error, when parse-error is off', async () => {
    writeFiles(root, { 'ok.py': 'danger()\n', 'deep.py': DEEP_PY });
    const project = await loadProject(root);
    const off: Project = { ...project, config: { ...emptyConfig(), rules: { 'parse-error': { severity: 'off' } } } };
    const result = await checkProject(off, { rules: [recursiveDanger, parseError], workers: 0 });
    expect(result.errors).toEqual([]);
    expect(summary(result.findings)).toEqual(['ok.py:1 token-logging error']);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatchObject({ file: 'deep.py' });
    expect(result.notes[0]!.message).toMatch(/^too deeply nested to check: rule token-logging/);
  });

  it('finds the first syntax error of a very deep Python tree without recursion', async () => {
    const { parsePython } = await import('./python/parser.js');
    // the missing operand after the minus signs sits 100k levels down
    const tree = await parsePython(`def f(a):\n    return g(a${'-'.repeat(100_000)})\n`);
    try {
      expect(firstPythonError(tree.rootNode)).toMatchObject({ line: 2, column: 15 + 100_000, message: 'syntax error: missing `identifier`' });
    } finally {
      tree.delete();
    }
  });
});

describe('deeply nested input with the registered rules, in-process and over worker threads', () => {
  const NORMAL = {
    'backend/app/ok.py': 'import jwt\n\n\ndef read(token):\n    return jwt.decode(token, "change-me", options={"verify_signature": False})\n',
    'frontend/lib/ok.ts': "export async function load(): Promise<void> {\n  const token = 'x';\n  localStorage.setItem('token', token);\n  await fetch('/api/tasks');\n}\n",
  };
  const DEEP = {
    // the fuzzing regression: a 100k unary chain that does not parse (a syntax error in a very deep tree)
    'backend/app/deep.py': `import jwt\n\n\ndef f(a):\n    return g(a${'-'.repeat(100_000)})\n`,
    // the TypeScript parser itself runs out of stack
    'frontend/lib/parens.ts': `await fetch('/api');\nconst x = ${'('.repeat(100_000)}\n`,
    // parses, but the extractors and rules run out of stack
    'frontend/lib/sum.ts': `await fetch('/api');\n${DEEP_TS}`,
    'frontend/app/page.tsx': `await fetch('/api');\nconst x = ${'`'.repeat(100_000)}\n`,
  };

  it('reports each deep file as parse-error, keeps the findings of the normal files, and both paths agree', async () => {
    const script = builtWorkerScript();
    if (!existsSync(fileURLToPath(script))) throw new Error(`${fileURLToPath(script)} is missing: run \`npm run build\` first`);

    writeFiles(root, NORMAL);
    const baseline = await checkProject(await loadProject(root), { workers: 0 });
    expect(baseline.errors).toEqual([]);
    const normalFindings = baseline.findings.filter((f) => f.file in NORMAL);
    expect(normalFindings.length).toBeGreaterThan(0);

    writeFiles(root, DEEP);
    const project = await loadProject(root);
    const inProcess = await checkProject(project, { workers: 0 });
    const workers = await checkProject(project, { workers: 2, workerThreshold: 1, workerScript: script });
    expect(workers.mode).toBe('workers');
    for (const result of [inProcess, workers]) {
      expect(result.errors).toEqual([]);
      expect(result.findings.filter((f) => f.file in NORMAL)).toEqual(normalFindings);
      const py = result.findings.find((f) => f.file === 'backend/app/deep.py' && f.ruleId === 'parse-error');
      expect(py).toMatchObject({ line: 5, message: 'syntax error: missing `identifier`' });
      for (const file of ['frontend/lib/parens.ts', 'frontend/lib/sum.ts', 'frontend/app/page.tsx']) {
        expect(tooDeep(result.findings, file), file).toMatchObject({ severity: 'warning' });
      }
    }
    expect(tooDeep(inProcess.findings, 'frontend/lib/parens.ts')).toMatchObject({ line: 1, column: 1, message: expect.stringContaining('the TypeScript parser ran out of stack') });
  }, 60_000);

  it('gives a worker thread the main thread\'s stack, so a file is too deep on either', async () => {
    // the largest file stays on the main thread, the 1,500 parentheses (the fuzzing regression) go to the worker
    writeFiles(root, {
      'frontend/lib/ok.ts': `${NORMAL['frontend/lib/ok.ts']}${'// padding\n'.repeat(2_000)}`,
      'frontend/lib/nest.ts': `await fetch('/api');\nconst x = ${'('.repeat(1_500)}1${')'.repeat(1_500)};\n`,
    });
    const project = await loadProject(root);
    const workers = await checkProject(project, { workers: 2, workerThreshold: 1, workerScript: builtWorkerScript() });
    expect(workers.mode).toBe('workers');
    expect(workers.errors).toEqual([]);
    const inProcess = await checkProject(project, { workers: 0 });
    expect(tooDeep(inProcess.findings, 'frontend/lib/nest.ts')).toBeDefined();
    expect(workers.findings).toEqual(inProcess.findings);
  }, 60_000);
});
