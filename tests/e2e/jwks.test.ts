/**
 * End to end, jwks mode: a real Better Auth (jwt plugin, EdDSA, memory adapter) issues the tokens,
 * the backend that `authspec generate` wrote verifies them under uvicorn, and the generated
 * lib/api.ts drives the five features with a real better-auth client (jwtClient) per user.
 * A missing Python module or package fails the suite; nothing is skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as probe } from '../../generator/commands/probe.js';
import { assertPythonModules, startUvicorn, type GeneratedBackend, type RunningBackend } from '../../generator/test-support/python.js';
import { startBetterAuth, type BetterAuthServer, type TestUser } from '../support/better-auth-server.js';
import { captureStdout, generate, importModule, makeRepo, packageUrl, rejection, runCli, startBackend, transpile, type Api, type Generated } from './harness.js';

interface E2eGlobals {
  authUrl: string;
  cookies: Record<string, string>;
}
const g = globalThis as unknown as { __authspecE2e?: E2eGlobals };

let ba: BetterAuthServer | undefined;
let backend: GeneratedBackend | undefined;
let broken: RunningBackend | undefined;
let repo = '';
let clientDir = '';
let gen: Generated;
let alice: TestUser;
let bob: TestUser;
let apiA: Api;
let apiB: Api;
const savedApiUrl = process.env.NEXT_PUBLIC_API_URL;

/** The generated lib/api.ts, transpiled, with `@/lib/auth-client` mapped to a real better-auth client holding `user`'s session. */
async function clientFor(label: string, user: TestUser): Promise<Api> {
  g.__authspecE2e!.cookies[label] = user.cookie;
  const dir = join(clientDir, label);
  const authClient = [
    `import { createAuthClient } from ${JSON.stringify(packageUrl('better-auth/client'))};`,
    `import { jwtClient } from ${JSON.stringify(packageUrl('better-auth/client/plugins'))};`,
    'const e2e = globalThis.__authspecE2e;',
    `export const authClient = createAuthClient({ baseURL: e2e.authUrl, plugins: [jwtClient()], fetchOptions: { headers: { cookie: e2e.cookies[${JSON.stringify(label)}] } } });`,
    '',
  ].join('\n');
  await importModule(dir, 'auth-client.mjs', authClient);
  const api = transpile(gen.read(gen.project.spec.output.apiClient), 'api.ts', { '@/lib/auth-client': './auth-client.mjs' });
  return importModule<Api>(dir, 'api.mjs', api);
}

beforeAll(async () => {
  assertPythonModules();
  ba = await startBetterAuth();
  g.__authspecE2e = { authUrl: ba.url, cookies: {} };
  repo = makeRepo({ mode: 'jwks', issuer: ba.url, audience: ba.url });
  gen = await generate(repo);
  expect(gen.project.spec.verification.jwksUrl).toBe(ba.jwksUrl);
  const started = await Promise.allSettled([
    startBackend(gen),
    startUvicorn(resolve(import.meta.dirname, '../../fixtures/probe'), { AUTH_MODE: 'jwks', JWKS_URL: ba.jwksUrl, ISSUER: ba.url, AUDIENCE: ba.url }, 90_000),
  ]);
  if (started[0].status === 'fulfilled') backend = started[0].value;
  if (started[1].status === 'fulfilled') broken = started[1].value;
  for (const s of started) if (s.status === 'rejected') throw s.reason;
  process.env[gen.project.spec.frontend.apiBaseUrlEnv] = backend!.url;
  alice = await ba.signUp('Alice');
  bob = await ba.signUp('Bob');
  clientDir = mkdtempSync(join(tmpdir(), 'authspec-e2e-client-'));
  apiA = await clientFor('alice', alice);
  apiB = await clientFor('bob', bob);
});

afterAll(async () => {
  await Promise.allSettled([backend?.stop(), broken?.stop(), ba?.stop()]);
  for (const dir of [repo, clientDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  if (savedApiUrl === undefined) delete process.env.NEXT_PUBLIC_API_URL;
  else process.env.NEXT_PUBLIC_API_URL = savedApiUrl;
  delete g.__authspecE2e;
});

describe('jwks mode: Better Auth tokens, the generated backend and the generated client', () => {
  it('the tokens come from Better Auth: EdDSA with a kid from its JWKS', async () => {
    const header = decodeProtectedHeader(await apiA.getToken());
    expect(header.alg).toBe('EdDSA');
    const jwks = (await (await fetch(ba!.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
  });

  it('each user adds, views, updates, completes and deletes only their own tasks', async () => {
    const a1 = await apiA.createTask(alice.id, { title: 'alice one' });
    const a2 = await apiA.createTask(alice.id, { title: 'alice two', description: 'second' });
    const b1 = await apiB.createTask(bob.id, { title: 'bob one' });
    expect(a1).toMatchObject({ title: 'alice one', user_id: alice.id, completed: false });
    expect((await apiA.listTasks(alice.id)).map((t) => t.id).sort()).toEqual([a1.id, a2.id].sort());
    expect((await apiB.listTasks(bob.id)).map((t) => t.id)).toEqual([b1.id]);

    expect(await apiA.updateTask(alice.id, a1.id, { title: 'alice one, renamed' })).toMatchObject({ id: a1.id, title: 'alice one, renamed' });
    expect((await apiA.toggleTaskComplete(alice.id, a1.id)).completed).toBe(true);
    expect(await apiA.getTask(alice.id, a1.id)).toMatchObject({ title: 'alice one, renamed', completed: true });
    await apiA.deleteTask(alice.id, a2.id);
    expect((await apiA.listTasks(alice.id)).map((t) => t.id)).toEqual([a1.id]);
    expect((await rejection(apiA.getTask(alice.id, a2.id))).status).toBe(404);
  });

  it("another user's task is refused with the spec's status (404) and stays unchanged", async () => {
    const a = await apiA.createTask(alice.id, { title: 'private' });
    for (const attempt of [
      () => apiB.getTask(bob.id, a.id),
      () => apiB.updateTask(bob.id, a.id, { title: 'taken over' }),
      () => apiB.toggleTaskComplete(bob.id, a.id),
      () => apiB.deleteTask(bob.id, a.id),
    ]) {
      const err = await rejection(attempt());
      expect(err).toBeInstanceOf(apiB.ApiError);
      expect(err.status).toBe(404);
    }
    expect((await apiB.listTasks(bob.id)).map((t) => t.id)).not.toContain(a.id);
    expect(await apiA.getTask(alice.id, a.id)).toMatchObject({ title: 'private', completed: false });
  });

  it('a {user_id} that is not the token subject is refused with 403', async () => {
    expect((await rejection(apiB.listTasks(alice.id))).status).toBe(403);
    expect((await rejection(apiB.createTask(alice.id, { title: 'planted' }))).status).toBe(403);
    expect((await apiA.listTasks(alice.id)).map((t) => t.title)).not.toContain('planted');
  });

  it('no token gets 401 with WWW-Authenticate: Bearer', async () => {
    const res = await fetch(`${backend!.url}/api/${alice.id}/tasks`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a key rotation in Better Auth is picked up by the backend', async () => {
    const before = await apiA.getToken();
    const kid = await ba!.rotateKey();
    apiA.clearToken();
    const after = await apiA.getToken();
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(decodeProtectedHeader(before).kid).not.toBe(kid);
    // The backend has only the old key cached: the new kid makes it re-fetch the JWKS once.
    expect(Array.isArray(await apiA.listTasks(alice.id))).toBe(true);
    const old = await fetch(`${backend!.url}/api/${alice.id}/tasks`, { headers: { authorization: `Bearer ${before}` } });
    expect(old.status).toBe(200);
  });

  it('`authspec probe` refuses nothing it should accept and accepts no attack on the generated backend', async () => {
    const { code, out } = await captureStdout(() => probe({ url: backend!.url, root: repo, authUrl: ba!.url, format: 'json' }));
    const report = JSON.parse(out) as { results: { id: string; outcome: string; expected: string; actual: number | null }[] };
    expect(report.results.filter((r) => r.outcome !== 'pass')).toEqual([]);
    expect(code).toBe(0);
    expect(report.results.find((r) => r.id === 'alg-confusion')).toMatchObject({ outcome: 'pass', actual: 401 });
    expect(out).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  it('the built CLI wires the flags: `authspec probe --auth-url … --format junit` exits 0', async () => {
    const cli = await runCli(['probe', '--url', backend!.url, '--root', repo, '--auth-url', ba!.url, '--format', 'junit']);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/<testsuites name="authspec probe" tests="\d+" failures="0" skipped="0">/);
    expect(cli.code).toBe(0);
  });

  it('`authspec probe` exits 1 on a backend that skips the owner filter, naming the accepted accesses', async () => {
    const { code, out } = await captureStdout(() => probe({ url: `${broken!.url}/no-owner-filter`, root: repo, authUrl: ba!.url, format: 'pretty' }));
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL\s+tasks:read-foreign/);
    expect(out).toMatch(/ACCEPTED: user B read user A's item/);
  });
});
