/**
 * CLI behaviour, through the built CLI (`npm run build` first; `npm test` does it) run as a child process:
 * the help, the version, exit codes, NO_COLOR, and the one-line errors of validate and init. It runs what
 * package.json's `bin` names (the esbuild bundle, dist/cli/authspec.js); other tests spawn tsc's
 * dist/generator/cli.js, so both layouts stay exercised.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { authspec: string } }).bin.authspec;
const CLI = join(ROOT, BIN);
const SPEC = 'specs/features/authentication.md';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function authspec(args: string[], opts: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[] } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  if (!opts.env || !('FORCE_COLOR' in opts.env)) delete env.FORCE_COLOR;
  if (!opts.env || !('NO_COLOR' in opts.env)) delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], { cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ANSI = /\u001b\[/;
const noStack = (r: Run): void => {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
};

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const tmp = (): string => (dir = mkdtempSync(join(tmpdir(), 'authspec-cli-')));

describe('authspec', () => {
  it('--help lists every command and exits 0', () => {
    const r = authspec(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['init', 'validate', 'generate', 'check', 'trace', 'explain', 'token', 'probe']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = authspec([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('an unknown command or option is a usage error: exit 2', () => {
    const r = authspec(['valdate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'valdate'/);
    expect(r.stderr).toMatch(/validate/); // the suggestion
    expect(authspec(['validate', '--bogus']).code).toBe(2);
  });
});

describe('authspec init', () => {
  it('scaffolds the embedded spec and task list, creating the folder', () => {
    const repo = join(tmp(), 'new', 'repo');
    const r = authspec(['init', repo]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo, SPEC), 'utf8')).toBe(readFileSync(join(ROOT, 'specs/features/authentication.md'), 'utf8'));
    expect(readFileSync(join(repo, 'speckit.tasks'), 'utf8')).toBe(readFileSync(join(ROOT, 'specs/speckit.tasks'), 'utf8'));
    expect(r.stdout).toContain('speckit.tasks');
  });

  it('refuses to overwrite, names the file and writes nothing', () => {
    const repo = tmp();
    writeFileSync(join(repo, 'speckit.tasks'), 'mine\n');
    const r = authspec(['init', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('speckit.tasks: already exists');
    expect(existsSync(join(repo, SPEC))).toBe(false);
    expect(readFileSync(join(repo, 'speckit.tasks'), 'utf8')).toBe('mine\n');
    noStack(r);
  });

  it('a DIR that is a file: one line, exit 2, nothing written', () => {
    const file = join(tmp(), 'plain.txt');
    writeFileSync(file, 'x');
    const r = authspec(['init', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^authspec: .*plain\.txt: not a directory \(name a folder to scaffold into\)\n$/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const v = authspec(['validate', '--root', file]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/^authspec: .*plain\.txt: root is not a directory\n$/);
  });

  it('takes --root as the other commands do; --root and DIR naming two folders is a usage error', () => {
    const repo = tmp();
    const r = authspec(['init', '--root', repo]);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo, SPEC))).toBe(true);
    const other = tmp();
    const both = authspec(['init', other, '--root', tmp()]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^authspec: --root .* and DIR .* name two folders \(give one of them\)\n$/);
    expect(existsSync(join(other, SPEC))).toBe(false);
    noStack(both);
  });

  it('defaults to the current directory', () => {
    const repo = tmp();
    expect(authspec(['init'], { cwd: repo }).code).toBe(0);
    expect(existsSync(join(repo, SPEC))).toBe(true);
  });
});

describe('authspec validate', () => {
  const scaffold = (): string => {
    const repo = tmp();
    expect(authspec(['init', repo]).code).toBe(0);
    return repo;
  };

  it('the scaffolded default is OK: exit 0, one summary line, no warnings', () => {
    const r = authspec(['validate', '--root', scaffold()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OK specs\/features\/authentication\.md: jwks mode \(EdDSA\), 1 resource \(Task\), \d+ requirements, \d+ tasks in speckit\.tasks\n$/);
  });

  it('prints every problem as path:line:column: severity: message (hint) and exits 2', () => {
    const repo = scaffold();
    const spec = readFileSync(join(repo, SPEC), 'utf8')
      .replace('verification:', 'verificaton:')
      .replace('foreignAccess: 404', 'foreignAccess: 402');
    writeFileSync(join(repo, SPEC), spec);
    const r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    const keyLine = spec.split('\n').findIndex((l) => l.startsWith('verificaton:')) + 1;
    expect(lines).toContain(`${SPEC}:${keyLine}:1: error: unknown key \`verificaton\` (did you mean \`verification\`?)`);
    expect(lines.some((l) => /^specs\/features\/authentication\.md:\d+:\d+: error: `resources\.0\.foreignAccess` must be one of 404, 403, got 402$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('2 errors, 0 warnings');
    expect(r.stdout).toBe('');
    noStack(r);
  });

  it('warnings alone exit 0; a spec without front matter names the mode in force', () => {
    const repo = scaffold();
    writeFileSync(join(repo, SPEC), '# Auth\n\n- **AUTH-001** Bearer token on every request (T010)\n');
    const r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^specs\/features\/authentication\.md:1:1: warning: no front matter: defaults in force, verification mode jwks/m);
    expect(r.stdout).toMatch(/^OK .*\(1 warning\)$/m);
  });

  it('empty and binary files: one line with file:line, exit 2', () => {
    const repo = scaffold();
    writeFileSync(join(repo, SPEC), '');
    let r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${SPEC}:1:1: error: spec is empty`);
    writeFileSync(join(repo, SPEC), '# ok\n');
    writeFileSync(join(repo, 'speckit.tasks'), Buffer.from('- [ ] T001 a\n\u0000\n', 'utf8'));
    r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('speckit.tasks:2:1: error: task list is a binary file (NUL byte)');
    noStack(r);
  });

  it('a duplicate task ID names both lines', () => {
    const repo = scaffold();
    writeFileSync(join(repo, 'speckit.tasks'), '## Phase 1\n\n- [ ] T001 a\n- [ ] T-001 b\n');
    const r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('speckit.tasks:4:1: error: duplicate task ID T-001 (first at speckit.tasks:3 as T001)');
  });

  it('a root or config that does not exist: one line, exit 2', () => {
    const missing = join(tmp(), 'nope');
    let r = authspec(['validate', '--root', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^authspec: .*nope: root does not exist/);
    const repo = scaffold();
    r = authspec(['validate', '--root', repo, '--config', join(repo, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.yaml: error: config file does not exist/);
  });

  it('reads the config and reports unknown rule ids', () => {
    const repo = scaffold();
    writeFileSync(join(repo, 'authspec.config.yaml'), 'rules:\n  user-scoped-qury: error\n');
    const r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('authspec.config.yaml:2:3: error: unknown rule `user-scoped-qury` (did you mean `user-scoped-query`?)');
  });

  it('the spec tasks key pointing nowhere is an error at that line', () => {
    const repo = scaffold();
    const spec = readFileSync(join(repo, SPEC), 'utf8').replace('tasks: speckit.tasks', 'tasks: plan/tasks.md');
    writeFileSync(join(repo, SPEC), spec);
    const line = spec.split('\n').indexOf('tasks: plan/tasks.md') + 1;
    const r = authspec(['validate', '--root', repo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${SPEC}:${line}:8: error: task list plan/tasks.md does not exist`);
  });

  it('colour: never when piped, on with FORCE_COLOR, never with NO_COLOR', () => {
    const repo = scaffold();
    mkdirSync(join(repo, 'x'));
    writeFileSync(join(repo, SPEC), '# Auth\n');
    expect(authspec(['validate', '--root', repo]).stderr).not.toMatch(ANSI);
    expect(authspec(['validate', '--root', repo], { env: { FORCE_COLOR: '1' } }).stderr).toMatch(ANSI);
    const r = authspec(['validate', '--root', repo], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(r.stderr).not.toMatch(ANSI);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toContain('warning:');
  });
});

describe('the bundled CLI', () => {
  /**
   * Every module a run resolves: an ES module resolve hook (module.register) plus, at exit, the CommonJS
   * cache (require() inside CommonJS bypasses the hook on Node 20).
   */
  const loaded = (d: string, args: string[]): { run: Run; modules: string[] } => {
    const log = join(d, 'modules.log');
    rmSync(log, { force: true });
    writeFileSync(
      join(d, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}
`,
    );
    writeFileSync(
      join(d, 'register.mjs'),
      `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register('./hooks.mjs', import.meta.url);
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(log)}, Object.keys(cache).join('\\n') + '\\n'));
`,
    );
    const repo = join(d, 'repo');
    const run = authspec(args.map((a) => (a === '$REPO' ? repo : a)), { nodeArgs: ['--import', pathToFileURL(join(d, 'register.mjs')).href] });
    return { run, modules: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [] };
  };
  const HEAVY = /[\\/]node_modules[\\/](ts-morph|@ts-morph|typescript|web-tree-sitter|tree-sitter-python)[\\/]/;

  it('init, validate, generate, generate --check and --version never load ts-morph, typescript or tree-sitter', () => {
    const d = tmp();
    const init = loaded(d, ['init', '$REPO']);
    expect(init.run.code, init.run.stderr).toBe(0);
    expect(init.modules.some((m) => m.endsWith(BIN)), 'the resolve hook sees the CLI').toBe(true);
    expect(init.modules.filter((m) => HEAVY.test(m))).toEqual([]);
    for (const args of [['--version'], ['validate', '--root', '$REPO'], ['generate', '--root', '$REPO'], ['generate', '--check', '--root', '$REPO']]) {
      const { run, modules } = loaded(d, args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(modules.filter((m) => HEAVY.test(m)), args.join(' ')).toEqual([]);
    }
    // the control: check (outside the bundle) parses the generated Python with tree-sitter, and the log shows it
    const check = loaded(d, ['check', '--root', '$REPO']);
    expect(check.run.code, check.run.stderr).toBe(0);
    expect(check.modules.some((m) => HEAVY.test(m))).toBe(true);
  });

  it('a user error thrown by a command outside the bundle is one line and exit 2, not an internal error', () => {
    const missing = join(tmp(), 'nope');
    for (const command of ['check', 'trace']) {
      const r = authspec([command, '--root', missing]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^authspec: .*nope: root does not exist \(pass an existing directory with --root\)\n$/);
      noStack(r);
    }
  });
});
