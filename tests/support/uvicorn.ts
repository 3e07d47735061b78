/**
 * Runs a FastAPI app under uvicorn with the Debian Python (AUTHSPEC_PYTHON, default /usr/bin/python3)
 * on 127.0.0.1 and a free port, for the probe tests' hand-written fixture apps. A missing Python
 * module FAILS with a clear message: the suite is never skipped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const PYTHON = process.env.AUTHSPEC_PYTHON ?? '/usr/bin/python3';

export function requirePythonModules(modules = ['fastapi', 'jwt', 'uvicorn', 'cryptography', 'sqlmodel', 'httpx']): void {
  try {
    execFileSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'pipe' });
  } catch (err) {
    const detail = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop() ?? String(err);
    throw new Error(
      `${PYTHON} cannot import ${modules.join(', ')} (${detail}). Install python3-fastapi python3-jwt python3-sqlmodel python3-httpx python3-uvicorn python3-cryptography (bash scripts/setup.sh), or set AUTHSPEC_PYTHON.`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
  /** What the server printed, for failure messages. */
  output(): string;
}

/** `module:attr` in `appDir`, e.g. `app:app` or `app.main:app`. */
export async function startUvicorn(appDir: string, target: string, env: Record<string, string>, timeoutMs = 20_000): Promise<RunningApp> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PYTHON,
    ['-m', 'uvicorn', target, '--host', '127.0.0.1', '--port', String(port), '--app-dir', appDir, '--log-level', 'warning'],
    { cwd: appDir, env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`uvicorn exited with ${child.exitCode}:\n${log}`);
    try {
      await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`uvicorn did not answer on ${url} within ${timeoutMs} ms:\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop, output: () => log };
}
