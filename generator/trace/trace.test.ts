/**
 * authspec trace: golden cases under fixtures/trace/<case>/ (repo/ is the input; expected.md,
 * expected.json and expected.html the exact output; AUTHSPEC_UPDATE_GOLDEN=1 rewrites them), the
 * model's gaps, the escaping of every format, the command, and the HTML filter in a real Chromium.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { defaultSpec, type Requirement, type Task, type TaskList } from '../model.js';
import { packageRoot } from '../paths.js';
import { renderTrace, run, traceProject } from '../commands/trace.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildTrace, type TraceReport } from './model.js';

const casesDir = join(packageRoot(), 'fixtures', 'trace');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'authspec-trace-'));
  temps.push(d);
  return d;
}

describe('golden cases (fixtures/trace)', () => {
  for (const name of readdirSync(casesDir).sort()) {
    it(name, async () => {
      // Links only: the verification checklist depends on every other rule's findings and is tested
      // in rules/checklist.test.ts and below; the golden files pin what this module owns.
      const { report } = await traceProject(join(casesDir, name, 'repo'), { linksOnly: true });
      for (const [format, file] of [['md', 'expected.md'], ['json', 'expected.json'], ['html', 'expected.html']] as const) {
        const got = renderTrace(report, format);
        const path = join(casesDir, name, file);
        if (process.env.AUTHSPEC_UPDATE_GOLDEN) writeFileSync(path, got);
        expect(existsSync(path), `${name}/${file} is missing: run with AUTHSPEC_UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(got, `${name}/${file}`).toBe(readFileSync(path, 'utf8'));
      }
    });
  }
});

function task(id: string, done: boolean, title = `title of ${id}`): Task {
  return { id, spelling: id, title, done, parallel: false, phase: 'Phase 1: Setup', story: null, dependsOn: [], pos: { file: 'speckit.tasks', line: 1, column: 1 } };
}
function list(tasks: Task[], file: string | null = 'speckit.tasks'): TaskList {
  return { file, tasks, byId: new Map(tasks.map((t) => [t.id, t])) };
}
const req = (id: string, tasks: string[]): Requirement => ({ id, text: '', tasks, taskSpellings: tasks, pos: { file: 'spec.md', line: 3, column: 1 } });

describe('buildTrace', () => {
  it('links tasks to requirements and references, and finds every gap', () => {
    const spec = { ...defaultSpec(), file: 'spec.md', requirements: [req('AUTH-001', ['T001', 'T404']), req('AUTH-009', [])] };
    spec.verification = { ...spec.verification, tasks: ['T001', 'T808'] };
    spec.positions = new Map([['verification.tasks.1', { file: 'spec.md', line: 2, column: 5 }]]);
    const r = buildTrace({
      spec,
      tasks: list([task('T001', true), task('T002', true), task('T003', false)]),
      refs: [
        { id: 'T001', spelling: 'T-001', file: 'b.py', line: 9 },
        { id: 'T001', spelling: 'T001', file: 'a.py', line: 2 },
        { id: 'T050', spelling: 'T-050', file: 'a.py', line: 4 },
      ],
      unlinked: [{ file: 'z.py', line: 1, symbol: 'f', reasons: ['route'] }],
    });
    expect(r.tasks.map((t) => [t.id, t.requirements, t.references.map((x) => `${x.file}:${x.line}`)])).toEqual([
      ['T001', ['AUTH-001'], ['a.py:2', 'b.py:9']],
      ['T002', [], []],
      ['T003', [], []],
    ]);
    expect(r.doneWithoutReferences).toEqual(['T002']);
    expect(r.unknownReferences).toEqual([
      { id: 'T050', spelling: 'T-050', file: 'a.py', line: 4 },
      { id: 'T404', spelling: 'T404', file: 'spec.md', line: 3, requirement: 'AUTH-001' },
      { id: 'T808', spelling: 'T808', file: 'spec.md', line: 2, requirement: 'verification.tasks' },
    ]);
    expect(r.requirementsWithoutTasks).toEqual(['AUTH-009']);
    expect(r.summary).toEqual({ tasks: 3, done: 2, referenced: 1, references: 3, requirements: 2 });
  });

  it('without a task list: a note, and every reference listed as unknown', () => {
    const r = buildTrace({ spec: defaultSpec(), tasks: list([], null), refs: [{ id: 'T1', spelling: 'T1', file: 'a.py', line: 1 }], unlinked: [] });
    expect(r.unknownReferences).toEqual([{ id: 'T1', spelling: 'T1', file: 'a.py', line: 1 }]);
    expect(r.notes.join(' ')).toContain('No task list was found');
  });
});

const hostile = (): TraceReport =>
  buildTrace({
    spec: { ...defaultSpec(), file: 'spec.md', requirements: [] },
    tasks: list([task('T001', true, 'Title with | pipe, <script>alert(1)</script>, `tick` and *stars*')]),
    refs: [{ id: 'T001', spelling: 'T001', file: 'odd|"<dir>"/a.py', line: 1 }],
    unlinked: [{ file: 'x.ts', line: 2, symbol: '<img src=x onerror=alert(1)>', reasons: ['API client'] }],
  });

describe('escaping', () => {
  it('md: table cells stay cells, markup stays text', () => {
    const md = renderMarkdown(hostile());
    const row = md.split('\n').find((l) => l.startsWith('| T001'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(9); // 7 cells + the two outer bars
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;script&gt;');
  });
  it('html: no markup from the data, no external asset, one inline script', () => {
    const html = renderHtml(hostile());
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<[^>]*\s(src|href)=|https?:\/\/|@import|url\(/);
  });
});

describe('authspec trace (command)', () => {
  it('writes the chosen format to --output and exits 0', async () => {
    const out = join(tempDir(), 'nested', 'trace.json');
    const code = await run({ root: join(casesDir, 'basic', 'repo'), format: 'json', output: out });
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as TraceReport;
    expect(json.tasks.find((t) => t.id === 'T010')?.references).toEqual([{ file: 'backend/app/auth.py', line: 1, spelling: 'T-010' }]);
    // The full run answers the verification checklist from every rule's findings.
    expect(json.checklist.items.map((i) => i.id)).toEqual(['user-id-cross-check', 'stateless-verification', 'five-features', 'client-token']);
    expect(json.checklist.features.find((f) => f.operation === 'delete')?.handler).toMatchObject({ file: 'backend/app/routers/tasks.py', symbol: 'delete_task' });
    const md = await (async () => {
      const mdOut = join(tempDir(), 'trace.md');
      await run({ root: join(casesDir, 'basic', 'repo'), format: 'md', output: mdOut });
      return readFileSync(mdOut, 'utf8');
    })();
    expect(md.indexOf('## Verification checklist')).toBeGreaterThan(0);
    expect(md.indexOf('## Verification checklist')).toBeLessThan(md.indexOf('## Tasks'));
  });
  it('an unknown format or a missing root is a UserError (exit 2)', async () => {
    await expect(run({ root: casesDir, format: 'pdf' })).rejects.toBeInstanceOf(UserError);
    await expect(run({ root: join(tempDir(), 'missing'), format: 'md' })).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('html filter (Chromium)', () => {
  it('hides rows by task ID, file and state, offline', async () => {
    const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(chromePath)) throw new Error(`Chromium not found at ${chromePath}: run scripts/setup.sh or set CHROMIUM_PATH`);
    const { report } = await traceProject(join(casesDir, 'basic', 'repo'));
    const file = join(tempDir(), 'trace.html');
    writeFileSync(file, renderHtml(report));
    const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      const visible = (): Promise<string[]> =>
        page.$$eval('#tasks tbody tr', (rows) => rows.filter((r) => !(r as unknown as { hidden: boolean }).hidden).map((r) => r.querySelector('code')!.textContent ?? ''));
      expect(await visible()).toEqual(['T-010', 'T-011', 'T-012', 'T-020', 'T-021', 'T-030', 'T-040']);
      await page.fill('#filter', 't-02');
      expect(await visible()).toEqual(['T-020', 'T-021']);
      await page.fill('#filter', 'routers/tasks.py');
      expect(await visible()).toEqual(['T-020']);
      await page.fill('#filter', '');
      await page.selectOption('#state', 'open');
      expect(await visible()).toEqual(['T-012', 'T-021', 'T-030']);
      await page.fill('#filter', 'unreferenced');
      expect(await visible()).toEqual(['T-012', 'T-021']);
      expect(await page.textContent('#shown')).toBe('2');
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
