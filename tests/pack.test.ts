/**
 * Installed as a user installs it: `npm pack` this repository, `npm install -D` the tarball into a fresh
 * monorepo-style project (npm workspaces, a `frontend` workspace) in a temporary folder, and run the
 * commands from there, from the workspace folder and with --root from elsewhere.
 *
 * "Nothing is read from this repository" is enforced, not assumed: the installed CLI runs under Node's
 * permission model with file-system access limited to the temporary folder, so a read of a template,
 * the default spec or the tree-sitter wasm from the source tree fails the command.
 *
 * (`generate` is the exception: it fsyncs what it writes, which Node 20's permission model forbids, so it
 * runs through npx with the working directory outside the repository.)
 *
 * One pack and one install (slow) shared by every assertion. The tarball is packed with
 * --ignore-scripts from the current dist/ (`npm test` builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_IDS } from '../rules/ids.js';

const repo = realpathSync(join(import.meta.dirname, '..'));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; bin: { authspec: string } };

let base: string; // everything lives under here
let app: string; // the user's repository (npm workspaces root)
let web: string; // its frontend workspace
let elsewhere: string; // a folder outside the project, for --root
let installedCli: string;
let packed: string[];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command line with a clean environment (no colour, no debug). */
function sh(file: string, args: string[], cwd: string): Run {
  const r = spawnSync(file, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', AUTHSPEC_DEBUG: '', FORCE_COLOR: '', npm_config_update_notifier: 'false' },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `npx authspec …` from a folder of the project (the way a user types it). */
function npx(cwd: string, ...args: string[]): Run {
  return sh('npx', ['--no-install', 'authspec', ...args], cwd);
}

/**
 * The installed CLI under Node's permission model: it may read and write only inside `base` (and run
 * git / worker threads), so any read from the authspec repository fails.
 */
function sandboxed(cwd: string, ...args: string[]): Run {
  const r = sh(
    process.execPath,
    [
      '--experimental-permission',
      `--allow-fs-read=${base}/*`,
      `--allow-fs-write=${base}/*`,
      '--allow-child-process',
      '--allow-worker',
      '--no-warnings',
      installedCli,
      ...args,
    ],
    cwd,
  );
  expect(r.stderr, 'no access outside the project').not.toMatch(/ERR_ACCESS_DENIED|restricted/);
  return r;
}

function expectClean(r: Run, code: number): void {
  expect(r.code, `exit code; stderr: ${r.stderr}\nstdout: ${r.stdout.slice(0, 2000)}`).toBe(code);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'authspec-pack-')));
  expect(relative(repo, base).startsWith('..'), 'the temporary folder is outside the repository').toBe(true);
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', base], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  packed = info[0]!.files.map((f) => f.path);
  const tarball = join(base, info[0]!.filename);

  app = join(base, 'todo-app');
  web = join(app, 'frontend');
  elsewhere = join(base, 'elsewhere');
  mkdirSync(web, { recursive: true });
  mkdirSync(elsewhere);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'todo-app', version: '1.0.0', private: true, workspaces: ['frontend'] }, null, 2),
  );
  writeFileSync(join(web, 'package.json'), JSON.stringify({ name: 'web', version: '1.0.0', private: true }, null, 2));
  // one install for the whole file: authspec as a dev dependency of the workspace root
  const install = sh('npm', ['install', '--save-dev', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app);
  expect(install.code, install.stderr).toBe(0);
  // what `bin` points at (the esbuild bundle, dist/cli/authspec.js), the file npx runs
  installedCli = join(app, 'node_modules', 'authspec', pkg.bin.authspec);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: app });
  writeFileSync(join(app, '.gitignore'), 'node_modules/\n');
}, 300_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds what authspec needs at run time and nothing of the development tree', () => {
    const has = (p: string): boolean => packed.includes(p);
    for (const p of ['package.json', 'README.md', pkg.bin.authspec, 'dist/generator/cli.js', 'dist/generator/paths.js', 'dist/rules/index.js', 'dist/rules/docs.js']) {
      expect(has(p), p).toBe(true);
    }
    // the bundle's chunks, and the unbundled commands it imports
    const binDir = pkg.bin.authspec.slice(0, pkg.bin.authspec.lastIndexOf('/'));
    for (const f of readdirSync(join(repo, binDir))) expect(has(`${binDir}/${f}`), `${binDir}/${f}`).toBe(true);
    for (const c of ['check', 'trace', 'explain', 'probe']) expect(has(`dist/generator/commands/${c}.js`), c).toBe(true);
    expect(realpathSync(join(app, 'node_modules', '.bin', 'authspec')), 'npx runs the bin').toBe(realpathSync(installedCli));
    const templates = readdirSync(join(repo, 'templates'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(repo, join(d.parentPath, d.name)).split('\\').join('/'));
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(has(t), t).toBe(true);
    expect(has('specs/features/authentication.md')).toBe(true);
    for (const id of RULE_IDS) expect(has(`docs/rules/${id}.md`), `docs/rules/${id}.md`).toBe(true);
    expect(packed.filter((p) => /\.test\.js$|^fixtures\/|^tests\/|\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('resolves the tree-sitter wasm and every dependency from the installed copy', () => {
    const script = `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(installedCli)});
console.log(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
console.log(require.resolve('web-tree-sitter'));`;
    const r = sh(process.execPath, ['--input-type=module', '-e', script], elsewhere);
    expect(r.code, r.stderr).toBe(0);
    for (const line of r.stdout.trim().split('\n')) expect(line.startsWith(join(app, 'node_modules'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'authspec', 'templates'))).toBe(true);
  });
});

describe('installed: init, generate, check, trace from the project', () => {
  it('--version from the workspace root and from a workspace', () => {
    expect(npx(app, '--version').stdout.trim()).toBe(pkg.version);
    expect(npx(web, '--version').stdout.trim()).toBe(pkg.version);
  });

  it('init scaffolds the embedded spec and task list, and never overwrites', () => {
    const r = sandboxed(app, 'init');
    expectClean(r, 0);
    const spec = readFileSync(join(app, 'specs', 'features', 'authentication.md'), 'utf8');
    expect(spec).toBe(readFileSync(join(app, 'node_modules', 'authspec', 'specs', 'features', 'authentication.md'), 'utf8'));
    expect(existsSync(join(app, 'speckit.tasks'))).toBe(true);
    writeFileSync(join(app, 'speckit.tasks'), readFileSync(join(app, 'speckit.tasks'), 'utf8') + '\n<!-- mine -->\n');
    sandboxed(app, 'init');
    expect(readFileSync(join(app, 'speckit.tasks'), 'utf8')).toContain('<!-- mine -->');
    expectClean(npx(app, 'validate'), 0);
  });

  it('generate writes the backend and frontend files; generate --check passes', () => {
    // not sandboxed: the safe writer fsyncs, and Node 20's permission model disables fsync altogether
    const r = npx(app, 'generate');
    expectClean(r, 0);
    for (const f of ['backend/app/auth.py', 'frontend/lib/api.ts']) {
      expect(existsSync(join(app, f)), f).toBe(true);
      expect(readFileSync(join(app, f), 'utf8')).toMatch(/authspec/);
    }
    expectClean(npx(app, 'generate', '--check'), 0);
    execFileSync('git', ['add', '-A'], { cwd: app });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'generated'], { cwd: app });
  });

  it('check passes on the generated code and fails, in every format, on a flaw', () => {
    expectClean(sandboxed(app, 'check'), 0);
    writeFileSync(
      join(app, 'backend', 'app', 'legacy.py'),
      '# [Task]: T-001\nimport jwt\n\n\ndef decode(token: str) -> dict:\n    return jwt.decode(token, "change-me", algorithms=["HS256"])\n',
    );
    const json = sandboxed(app, 'check', '--format', 'json');
    expectClean(json, 1);
    expect(json.stdout).toContain('backend/app/legacy.py');
    expect(json.stdout).toContain('hardcoded-secret');

    const sarifFile = join(app, 'authspec.sarif');
    expectClean(sandboxed(app, 'check', '--format', 'sarif', '--output', sarifFile), 1);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('hardcoded-secret');
    const rule = sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'hardcoded-secret');
    expect(rule?.helpUri).toMatch(/docs\/rules\/hardcoded-secret\.md$/);

    // only what changed since the last commit: the new file
    const since = sandboxed(app, 'check', '--since', 'HEAD', '--format', 'json');
    expectClean(since, 1);
    expect(since.stdout).toContain('backend/app/legacy.py');
    rmSync(sarifFile);
  });

  it('trace reports the tasks in Markdown and JSON', () => {
    const md = sandboxed(app, 'trace');
    expectClean(md, 0);
    expect(md.stdout).toMatch(/T-?0\d\d/);
    const json = sandboxed(app, 'trace', '--format', 'json');
    expectClean(json, 0);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });

  it('explain prints the same page the package ships under docs/rules/', () => {
    const r = sandboxed(elsewhere, 'explain', 'hardcoded-secret');
    expectClean(r, 0);
    const page = readFileSync(join(app, 'node_modules', 'authspec', 'docs', 'rules', 'hardcoded-secret.md'), 'utf8');
    // the page carries a "generated, do not edit" comment that explain leaves out
    expect(r.stdout.trim()).toBe(page.replace(/^<!--.*-->\n/, '').trim());
  });
});

describe('installed: --root from anywhere', () => {
  it('runs from a workspace folder and from outside the project with --root', () => {
    for (const [cwd, root] of [
      [web, '..'],
      [elsewhere, app],
      [elsewhere, relative(elsewhere, app)],
    ] as const) {
      const check = sandboxed(cwd, 'check', '--root', root, '--format', 'json');
      expectClean(check, 1);
      expect(check.stdout).toContain('backend/app/legacy.py');
      expectClean(sandboxed(cwd, 'generate', '--check', '--root', root), 0);
      expectClean(sandboxed(cwd, 'trace', '--root', root, '--format', 'json'), 0);
    }
    // through npx from the workspace too
    const viaNpx = npx(web, 'check', '--root', '..', '--format', 'json');
    expectClean(viaNpx, 1);
    // nothing was written outside the project
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a bad --root is a one-line error with exit code 2', () => {
    const r = sandboxed(elsewhere, 'check', '--root', join(elsewhere, 'missing'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^authspec: .*does not exist/);
  });
});
