/**
 * The HTML trace page as a person uses it: Debian's Chromium (never a downloaded browser) driven by
 * playwright-core opens the page from a file, the checklist and the task table render, typing into
 * the filter hides rows, and a screenshot is saved under test-results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const cli = join(repo, 'dist', 'generator', 'cli.js');
const CHROMIUM = process.env.AUTHSPEC_CHROMIUM ?? '/usr/bin/chromium';

function authspec(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('trace --format html in a real browser', () => {
  let dir: string;
  let browser: Browser | undefined;
  let page: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium)`);
    if (!existsSync(cli)) throw new Error('dist/ is missing: run npm run build');
    dir = mkdtempSync(join(tmpdir(), 'authspec-browser-'));
    expect(authspec(['init', dir], repo).status).toBe(0);
    expect(authspec(['generate', '--root', dir], repo).status).toBe(0);
    page = join(dir, 'trace.html');
    const r = authspec(['trace', '--root', dir, '--format', 'html', '--output', page], repo);
    expect(r.status, r.stderr).toBe(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders the checklist and the tasks, filters rows as the user types, and saves a screenshot', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    context.on('request', (req) => requests.push(req.url()));
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href);

    // the checklist sits on top, before the task table
    const checklist = tab.locator('#checklist');
    await expect.poll(() => checklist.count()).toBe(1);
    const questions = await tab.locator('#checklist .question').allTextContents();
    expect(questions.length).toBe(4);
    expect(questions[0]).toContain('{user_id}');
    const order = await tab.evaluate(() => {
      const c = document.getElementById('checklist')!;
      const t = document.getElementById('tasks')!;
      return c.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    expect(await tab.locator('#features tbody tr').count()).toBe(6);

    const rows = tab.locator('#tasks tbody tr');
    const total = await rows.count();
    expect(total).toBeGreaterThan(5);
    const visible = async (): Promise<number> => tab.locator('#tasks tbody tr:not([hidden])').count();
    expect(await visible()).toBe(total);

    // type a task ID: only that row stays
    const firstId = (await rows.first().locator('td').first().textContent())!.trim();
    await tab.locator('#filter').fill(firstId);
    expect(await visible()).toBe(1);
    expect(await tab.locator('#shown').textContent()).toBe('1');

    // filter by a file: only tasks that reference it stay
    await tab.locator('#filter').fill('routers/tasks.py');
    const byFile = await visible();
    expect(byFile).toBeGreaterThan(0);
    expect(byFile).toBeLessThan(total);
    for (const text of await tab.locator('#tasks tbody tr:not([hidden])').allTextContents()) expect(text).toContain('routers/tasks.py');

    // filter by state
    await tab.locator('#filter').fill('');
    await tab.locator('#state').selectOption('open');
    const open = await visible();
    expect(open).toBeLessThan(total);
    await tab.locator('#state').selectOption('all');
    expect(await visible()).toBe(total);

    mkdirSync(join(repo, 'test-results'), { recursive: true });
    const shot = join(repo, 'test-results', 'trace-page.png');
    await tab.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    // self-contained: the only request is the page itself
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await context.close();
  });
});

