/**
 * Bad input at the command line (the built dist, as users run it): exit code 2, exactly one line on
 * stderr naming the problem, no stack trace, nothing on stdout; and a check over garbage sources
 * completes with findings rather than crashing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', '..', 'dist', 'generator', 'cli.js');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'authspec-fuzz-cli-'));
  mkdirSync(join(root, 'specs', 'features'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function authspec(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  expect(existsSync(cli), 'dist/generator/cli.js exists (run `npm run build` first)').toBe(true);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AUTHSPEC_DEBUG: '' }, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: ReturnType<typeof authspec>, mentions: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(mentions);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('internal error');
}

describe('fuzz: the CLI on bad input', () => {
  it('a binary spec', () => {
    writeFileSync(join(root, 'specs/features/authentication.md'), Uint8Array.of(0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0xff, 0xfe));
    expectOneLineError(authspec('check', '--root', root), /^authspec: specs\/features\/authentication\.md:2:\d+: .*binary/);
    // validate reports every problem (one per line, then a summary), still exit 2 and no stack trace
    const v = authspec('validate', '--root', root);
    expect(v.code).toBe(2);
    expect(v.stderr + v.stdout).toMatch(/specs\/features\/authentication\.md:2:\d+: error: .*binary/);
    expect(v.stderr).not.toMatch(/^\s+at |internal error/m);
  });

  it('a spec that is not valid UTF-8', () => {
    writeFileSync(join(root, 'specs/features/authentication.md'), Uint8Array.of(0x23, 0x20, 0x41, 0x0a, 0xc3, 0x28, 0x0a));
    expectOneLineError(authspec('generate', '--root', root), /^authspec: specs\/features\/authentication\.md:2/);
  });

  it('broken YAML front matter', () => {
    writeFileSync(join(root, 'specs/features/authentication.md'), '---\nverification: {mode: [jwks\n---\n# Auth\n');
    expectOneLineError(authspec('check', '--root', root), /^authspec: specs\/features\/authentication\.md:\d+:\d+: /);
  });

  it('a task list with a duplicate ID', () => {
    writeFileSync(join(root, 'speckit.tasks'), '- [ ] T001 one\n- [ ] T-001 again\n');
    expectOneLineError(authspec('trace', '--root', root), /^authspec: speckit\.tasks:2/);
  });

  it('a root that does not exist, and an unknown format', () => {
    expectOneLineError(authspec('check', '--root', join(root, 'nope')), /does not exist/);
    expectOneLineError(authspec('check', '--format', 'xml'), /xml/);
  });

  it('garbage sources: check completes with findings, no crash', () => {
    mkdirSync(join(root, 'backend'));
    mkdirSync(join(root, 'frontend'));
    writeFileSync(join(root, 'backend', 'main.py'), `def f(:\n    return ${'('.repeat(3000)}\n${'x'.repeat(200_000)}\n`);
    writeFileSync(join(root, 'backend', 'blob.py'), Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    writeFileSync(join(root, 'backend', 'latin1.py'), Uint8Array.of(0x23, 0x20, 0xe9, 0x0a, 0x78, 0x3d, 0x31, 0x0a));
    writeFileSync(join(root, 'frontend', 'api.ts'), 'export const x = ' + '{a:'.repeat(800) + '\n' + 'a'.repeat(200_000));
    const r = authspec('check', '--root', root, '--format', 'json');
    expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'parse-error', file: 'backend/main.py' }));
  });
});
