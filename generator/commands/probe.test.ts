/** `authspec probe` usage errors: each is one line and exit 2, sent before (or instead of) any attack. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors.js';
import { reportError } from '../run-command.js';
import { freePort } from '../test-support/python.js';
import { run } from './probe.js';

let root = '';
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function emptyRepo(): string {
  root = mkdtempSync(join(tmpdir(), 'authspec-probe-cmd-'));
  return root;
}

async function failure(options: Record<string, unknown>): Promise<UserError> {
  try {
    await run(options);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('authspec probe: usage errors', () => {
  it('an unreachable URL is one clear line on stderr and exit 2', async () => {
    const port = await freePort();
    const envFile = join(emptyRepo(), 'backend.env');
    writeFileSync(envFile, 'BETTER_AUTH_SECRET=unreachable-test-secret-0123456789\n');
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    let code = 0;
    try {
      // What runCommand does with what run() throws.
      await run({ url: `http://127.0.0.1:${port}`, root, mode: 'shared-secret', envFile, format: 'pretty' }).catch((e: unknown) => {
        code = reportError(e);
      });
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(2);
    expect(err).toBe(`authspec: --url: cannot reach http://127.0.0.1:${port}: ECONNREFUSED (is the server running, and is the URL right?)\n`);
    expect(err).not.toContain('unreachable-test-secret');
  });

  it('jwks mode without --auth-url says what is needed', async () => {
    const e = await failure({ url: 'http://127.0.0.1:9', root: emptyRepo(), mode: 'jwks' });
    expect(e.exitCode).toBe(2);
    expect(e.format()).toMatch(/^--auth-url: jwks mode needs --auth-url/);
  });

  it.each(['not a url', 'ftp://127.0.0.1/', 'http://127.0.0.1:8000/?x=1'])('refuses --url %j', async (url) => {
    const e = await failure({ url, root: emptyRepo(), mode: 'shared-secret' });
    expect(e.format()).toMatch(/^--url: --url must be an http\(s\) base URL/);
  });

  it('shared-secret mode without a secret names the variable and the files, not a value', async () => {
    const saved = process.env.BETTER_AUTH_SECRET;
    delete process.env.BETTER_AUTH_SECRET;
    try {
      const e = await failure({ url: 'http://127.0.0.1:9', root: emptyRepo(), mode: 'shared-secret' });
      expect(e.format()).toMatch(/no shared secret: BETTER_AUTH_SECRET is not set/);
    } finally {
      if (saved !== undefined) process.env.BETTER_AUTH_SECRET = saved;
    }
  });
});
