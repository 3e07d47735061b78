/**
 * Running generated backend code for real: a tiny FastAPI app around the generated modules, in a temp
 * folder, under uvicorn with /usr/bin/python3 (AUTHSPEC_PYTHON overrides) on 127.0.0.1 and a free port.
 *
 *   const app = await startGeneratedBackend({ spec, files: plan.files, env: { API_JWT_SECRET: '…' } });
 *   try { await fetch(`${app.url}/api/alice/tasks`, …) } finally { await app.stop() }
 *
 * The hand-written parts are deliberately small: models.py (SQLModel models with the owner column),
 * db.py (in-memory SQLite shared through StaticPool, a session dependency) and main.py (includes the
 * generated routers, creates the tables on start-up, serves GET /healthz). Missing Python modules fail
 * with a clear message; they never skip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Resource, Spec } from '../model.js';

export const PYTHON = process.env.AUTHSPEC_PYTHON ?? '/usr/bin/python3';

export const REQUIRED_MODULES = ['fastapi', 'jwt', 'sqlmodel', 'uvicorn', 'httpx', 'cryptography'] as const;

/** Throws (never skips) when the Python interpreter or one of the modules the backend needs is missing. */
export function assertPythonModules(modules: readonly string[] = REQUIRED_MODULES): void {
  const script = `import importlib, sys\nmissing = []\nfor m in sys.argv[1:]:\n    try:\n        importlib.import_module(m)\n    except Exception:\n        missing.append(m)\nprint(",".join(missing))`;
  let missing: string;
  try {
    missing = execFileSync(PYTHON, ['-c', script, ...modules], { encoding: 'utf8' }).trim();
  } catch (err) {
    throw new Error(`cannot run ${PYTHON} (${(err as Error).message.split('\n')[0]}): install Python 3 or set AUTHSPEC_PYTHON`);
  }
  if (missing)
    throw new Error(
      `${PYTHON} lacks the Python modules ${missing}: run \`sudo apt-get install python3-fastapi python3-jwt python3-sqlmodel python3-httpx python3-uvicorn python3-cryptography\` (or bash scripts/setup.sh), or set AUTHSPEC_PYTHON`,
    );
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** The folder that is the Python import root: the one above the models' top package (as the generator assumes). */
export function pythonRootOf(spec: Spec, authPath: string): string {
  const segments = authPath.split('/');
  const top = spec.backend.modelsModule.split('.')[0]!;
  const at = segments.indexOf(top);
  return (at >= 0 ? segments.slice(0, at) : segments.slice(0, 1)).join('/');
}

function modulePath(module: string): string {
  return `${module.split('.').join('/')}.py`;
}

function pyType(t: string): { annotation: string; nullable: boolean } {
  const nullable = t.includes('None');
  const base = t.replace(/\|\s*None/, '').trim();
  return { annotation: nullable ? `Optional[${base}]` : base, nullable };
}

/** models.py: one SQLModel table per resource, `id` primary key, the owner column indexed. */
export function modelsSource(resources: readonly Resource[]): string {
  const lines = ['from datetime import datetime', 'from typing import Optional', '', 'from sqlmodel import Field, SQLModel', ''];
  for (const r of resources) {
    lines.push('', `class ${r.model}(SQLModel, table=True):`, '    id: Optional[int] = Field(default=None, primary_key=True)', `    ${r.ownerField}: str = Field(index=True)`);
    for (const f of r.fields) {
      const { annotation, nullable } = pyType(f.type);
      const defaultValue = nullable ? ' = None' : f.optional ? (annotation === 'bool' ? ' = False' : annotation === 'int' || annotation === 'float' ? ' = 0' : ' = ""') : '';
      lines.push(`    ${f.name}: ${annotation}${defaultValue}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** db.py: in-memory SQLite shared by every connection (StaticPool) and the session dependency. */
export function dbSource(sessionFn: string): string {
  return [
    'from sqlalchemy.pool import StaticPool',
    'from sqlmodel import Session, SQLModel, create_engine',
    '',
    'engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)',
    '',
    '',
    'def init_db() -> None:',
    '    SQLModel.metadata.create_all(engine)',
    '',
    '',
    `def ${sessionFn}():`,
    '    with Session(engine) as session:',
    '        yield session',
    '',
  ].join('\n');
}

/** main.py: the FastAPI app including every generated router module. */
export function mainSource(modelsModule: string, dbModule: string, routerModules: readonly string[]): string {
  return [
    'import importlib',
    '',
    'from fastapi import FastAPI',
    '',
    `import ${modelsModule}  # noqa: F401  (registers the tables)`,
    `from ${dbModule} import init_db`,
    '',
    `ROUTERS = ${JSON.stringify(routerModules)}`,
    '',
    'app = FastAPI()',
    'for name in ROUTERS:',
    '    app.include_router(importlib.import_module(name).router)',
    '',
    '',
    '@app.on_event("startup")',
    'def _startup() -> None:',
    '    init_db()',
    '',
    '',
    '@app.get("/healthz")',
    'def healthz() -> dict:',
    '    return {"ok": True}',
    '',
  ].join('\n');
}

export interface GeneratedFileLike {
  path: string;
  content: string;
  kind?: string;
}

export interface BackendLayout {
  /** Temp folder holding the files at their generated paths. */
  dir: string;
  /** Absolute Python import root (uvicorn's working directory). */
  pythonRoot: string;
}

/**
 * Writes the generated backend files (and only them: frontend files are skipped) plus models.py, db.py
 * and main.py into a new temp folder.
 */
export function writeBackendApp(spec: Spec, files: readonly GeneratedFileLike[], opts: { modelsSource?: string } = {}): BackendLayout {
  const dir = mkdtempSync(join(tmpdir(), 'authspec-backend-'));
  const rootRel = pythonRootOf(spec, spec.output.backendAuth);
  const pythonRoot = join(dir, rootRel);
  const write = (abs: string, text: string): void => {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  const routerModules: string[] = [];
  for (const f of files) {
    if (!f.path.endsWith('.py')) continue;
    write(join(dir, f.path), f.content);
    if (f.path.startsWith(`${spec.output.backendRouters}/`)) {
      const rel = rootRel ? f.path.slice(rootRel.length + 1) : f.path;
      routerModules.push(rel.replace(/\.py$/, '').split('/').join('.'));
    }
  }
  const [dbModule, sessionFn] = spec.backend.sessionDependency.split(':') as [string, string];
  write(join(pythonRoot, modulePath(spec.backend.modelsModule)), opts.modelsSource ?? modelsSource(spec.resources));
  write(join(pythonRoot, modulePath(dbModule)), dbSource(sessionFn));
  write(join(pythonRoot, 'main.py'), mainSource(spec.backend.modelsModule, dbModule, routerModules.sort()));
  return { dir, pythonRoot };
}

export interface RunningBackend {
  url: string;
  /** stdout + stderr so far (for failure messages and "never logs the token" checks). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `uvicorn main:app` in `pythonRoot` and waits until GET /healthz answers. */
export async function startUvicorn(pythonRoot: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<RunningBackend> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  const child: ChildProcess = spawn(PYTHON, ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'], {
    cwd: pythonRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  const exit = new Promise<void>((res) => child.once('exit', () => ((exited = true), res())));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`uvicorn exited before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`uvicorn did not answer on ${url} within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, output: () => out, stop };
}

export interface GeneratedBackend extends RunningBackend, BackendLayout {}

/** writeBackendApp + startUvicorn; `stop()` also removes the temp folder. */
export async function startGeneratedBackend(opts: {
  spec: Spec;
  files: readonly GeneratedFileLike[];
  env?: Record<string, string>;
  modelsSource?: string;
  /** Start-up allowance: uvicorn importing FastAPI and SQLModel can take many seconds on a busy machine. */
  timeoutMs?: number;
}): Promise<GeneratedBackend> {
  assertPythonModules();
  const layout = writeBackendApp(opts.spec, opts.files, opts.modelsSource === undefined ? {} : { modelsSource: opts.modelsSource });
  try {
    const running = await startUvicorn(layout.pythonRoot, opts.env ?? {}, opts.timeoutMs ?? 90_000);
    return {
      ...layout,
      ...running,
      stop: async () => {
        try {
          await running.stop();
        } finally {
          rmSync(layout.dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(layout.dir, { recursive: true, force: true });
    throw err;
  }
}
