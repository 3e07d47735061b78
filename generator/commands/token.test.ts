import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../errors.js';
import { run } from './token.js';

const SECRET = 'token-command-secret-0123456789abcdefghij';
let root = '';

function repo(mode: 'jwks' | 'shared-secret'): string {
  root = mkdtempSync(join(tmpdir(), 'authspec-token-'));
  mkdirSync(join(root, 'specs/features'), { recursive: true });
  mkdirSync(join(root, 'backend'));
  writeFileSync(
    join(root, 'specs/features/authentication.md'),
    `---\nverification:\n  mode: ${mode}\n  issuer: http://localhost:3000\n  audience: http://localhost:8000\nenvFiles: [backend/.env]\n---\n\n# Auth\n`,
  );
  writeFileSync(join(root, 'backend/.env'), `BETTER_AUTH_SECRET=${SECRET}\n`);
  return root;
}

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await fn(), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('authspec token', () => {
  it('prints only a token that verifies with the backend secret and carries the spec claims', async () => {
    const env = process.env.BETTER_AUTH_SECRET;
    delete process.env.BETTER_AUTH_SECRET;
    try {
      const { code, out } = await capture(() => run({ sub: 'user-42', root: repo('shared-secret'), ttl: '2m' }));
      expect(code).toBe(0);
      expect(out).not.toContain(SECRET);
      expect(out.trim().split('.')).toHaveLength(3);
      const { payload } = await jwtVerify(out.trim(), new TextEncoder().encode(SECRET), {
        issuer: 'http://localhost:3000',
        audience: 'http://localhost:8000',
        algorithms: ['HS256'],
      });
      expect(payload.sub).toBe('user-42');
      expect(payload.exp! - payload.iat!).toBe(120);
    } finally {
      if (env !== undefined) process.env.BETTER_AUTH_SECRET = env;
    }
  });

  it('reads --env-file when given', async () => {
    repo('shared-secret');
    writeFileSync(join(root, 'alt.env'), 'BETTER_AUTH_SECRET=another-secret-value-0123456789\n');
    const { out } = await capture(() => run({ sub: 'u', root, envFile: join(root, 'alt.env') }));
    await expect(jwtVerify(out.trim(), new TextEncoder().encode('another-secret-value-0123456789'))).resolves.toBeTruthy();
  });

  it('explains that jwks tokens come from Better Auth (exit 2)', async () => {
    await expect(run({ sub: 'u', root: repo('jwks') })).rejects.toSatisfy(
      (e: unknown) => e instanceof UserError && e.exitCode === 2 && /\/api\/auth\/token/.test(e.message) && /private key/.test(e.message),
    );
  });

  it('refuses a bad --ttl and an empty --sub (exit 2)', async () => {
    await expect(run({ sub: 'u', root: repo('shared-secret'), ttl: 'soon' })).rejects.toBeInstanceOf(UserError);
    await expect(run({ sub: ' ', root })).rejects.toBeInstanceOf(UserError);
  });
});
