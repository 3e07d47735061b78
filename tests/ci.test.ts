/**
 * The CI workflow (docs/ci/github-actions.yml) and the pre-commit hooks (.pre-commit-hooks.yaml) that
 * users copy: parsed with the yaml package, their structure checked, and every authspec command they
 * run checked against the real CLI's flags (built dist), so a renamed flag breaks this test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';

const repo = join(import.meta.dirname, '..');
const cli = join(repo, 'dist', 'generator', 'cli.js');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

function loadYaml(rel: string): unknown {
  const text = readFileSync(join(repo, rel), 'utf8');
  const doc = parseDocument(text);
  expect(doc.errors.map((e) => e.message), `${rel} is valid YAML`).toEqual([]);
  return parse(text);
}

/** `npx authspec <cmd> <flags…>` → [cmd, flags…] (GitHub expressions replaced by a sample value). */
function authspecArgv(run: string): string[] {
  const line = run.split('>>')[0]!.replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, 'main').trim();
  const words = line.split(/\s+/);
  const at = words.indexOf('authspec');
  expect(at, `"${run}" runs authspec`).toBeGreaterThanOrEqual(0);
  return words.slice(at + 1);
}

/** Every `--flag` in argv is one the built CLI's `<cmd> --help` lists. */
function expectKnownFlags(argv: string[]): void {
  expect(existsSync(cli), 'dist/generator/cli.js exists (run `npm run build` first)').toBe(true);
  const [cmd, ...rest] = argv;
  const help = execFileSync(process.execPath, [cli, cmd!, '--help'], { encoding: 'utf8' });
  for (const flag of rest.filter((w) => w.startsWith('--'))) {
    expect(help, `authspec ${cmd} has ${flag}`).toContain(flag);
  }
}

describe('docs/ci/github-actions.yml', () => {
  const wf = loadYaml('docs/ci/github-actions.yml') as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
  };
  const jobs = Object.values(wf.jobs);
  const steps = jobs[0]!.steps;
  const runs = (needle: string): Step[] => steps.filter((s) => s.run?.includes(needle));

  it('runs on pull requests and may write code-scanning alerts', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions['security-events']).toBe('write');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!['runs-on']).toMatch(/ubuntu/);
  });

  it('checks out the full history and sets up Node 20', () => {
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toBe('20');
    expect(steps.indexOf(checkout!)).toBeLessThan(steps.indexOf(node!));
    expect(runs('npm ci')).toHaveLength(1);
  });

  it('runs generate --check, check --since … --format sarif, and trace into the job summary', () => {
    const gen = runs('authspec generate');
    expect(gen).toHaveLength(1);
    expect(authspecArgv(gen[0]!.run!)).toEqual(['generate', '--check']);

    const check = runs('authspec check');
    expect(check).toHaveLength(1);
    expect(check[0]!.run).toContain('--since origin/${{ github.base_ref }}');
    const argv = authspecArgv(check[0]!.run!);
    expect(argv.slice(argv.indexOf('--format'), argv.indexOf('--format') + 2)).toEqual(['--format', 'sarif']);
    expect(argv.slice(argv.indexOf('--output'), argv.indexOf('--output') + 2)).toEqual(['--output', 'authspec.sarif']);

    const trace = runs('authspec trace');
    expect(trace).toHaveLength(1);
    expect(authspecArgv(trace[0]!.run!)).toEqual(['trace', '--format', 'md']);
    expect(trace[0]!.run).toMatch(/>>\s*"?\$GITHUB_STEP_SUMMARY"?/);

    const order = [runs('npm ci')[0]!, gen[0]!, check[0]!, trace[0]!].map((s) => steps.indexOf(s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('uploads the SARIF file after the check, even when the check fails', () => {
    const check = runs('authspec check')[0]!;
    const upload = steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload).toHaveLength(1);
    expect(upload[0]!.with?.['sarif_file']).toBe('authspec.sarif');
    expect(steps.indexOf(upload[0]!)).toBeGreaterThan(steps.indexOf(check));
    // without an `if` (or with success()), a failing check (exit 1) would skip the upload
    expect(upload[0]!.if ?? '').toMatch(/always\(\)|!cancelled\(\)|failure\(\)/);
    // the check itself must also run when generate --check failed
    expect(check.if ?? '').toMatch(/always\(\)|!cancelled\(\)|failure\(\)/);
  });

  it('uses only flags the CLI has', () => {
    for (const s of steps.filter((st) => st.run?.includes('authspec '))) expectKnownFlags(authspecArgv(s.run!));
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = loadYaml('.pre-commit-hooks.yaml') as Record<string, unknown>[];

  it('defines authspec-check as a node hook that checks the whole repository', () => {
    expect(Array.isArray(hooks)).toBe(true);
    const hook = hooks.find((h) => h.id === 'authspec-check');
    expect(hook).toBeDefined();
    expect(hook!.entry).toBe('authspec check');
    expect(hook!.language).toBe('node');
    expect(hook!.pass_filenames).toBe(false);
    expect(hook!.always_run === true || typeof hook!.files === 'string').toBe(true);
    expect(typeof hook!.name).toBe('string');
  });

  it('every hook has the keys pre-commit requires and runs a real authspec command', () => {
    for (const h of hooks) {
      for (const key of ['id', 'name', 'entry', 'language']) expect(typeof h[key], `${String(h.id)}.${key}`).toBe('string');
      expect(String(h.entry)).toMatch(/^authspec /);
      expectKnownFlags(String(h.entry).split(/\s+/).slice(1));
    }
    expect(new Set(hooks.map((h) => h.id)).size).toBe(hooks.length);
  });

  it('the bin the hooks call is the package bin', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain('authspec');
  });
});
