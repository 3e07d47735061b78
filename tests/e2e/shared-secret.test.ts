/**
 * End to end, shared-secret mode: the generated Next.js token route (served with the real Better Auth
 * `auth` instance on a small Node adapter, same origin as /api/auth/*) checks the session and mints
 * HS256 tokens; the generated backend verifies them under uvicorn; the generated lib/api.ts fetches
 * its token from that route with the user's session cookie, as a browser would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as probe } from '../../generator/commands/probe.js';
import { run as token } from '../../generator/commands/token.js';
import { tokenRouteUrl } from '../../generator/render.js';
import { assertPythonModules, startUvicorn, type GeneratedBackend, type RunningBackend } from '../../generator/test-support/python.js';
import { randomSecret, startBetterAuth, type BetterAuthServer, type TestUser } from '../support/better-auth-server.js';
import { captureStdout, generate, importModule, makeRepo, packageUrl, rejection, runCli, startBackend, transpile, type Api, type Generated } from './harness.js';

const SECRET = randomSecret();
const AUDIENCE = 'authspec-e2e-api';

interface E2eGlobals {
  auth: unknown;
  cookies: Record<string, string>;
  current: string | null;
}
const g = globalThis as unknown as { __authspecE2e?: E2eGlobals };

let ba: BetterAuthServer | undefined;
let backend: GeneratedBackend | undefined;
let broken: RunningBackend | undefined;
let repo = '';
let clientDir = '';
let gen: Generated;
let tokenUrl = '';
let alice: TestUser;
let bob: TestUser;
let apiA: Api;
let apiB: Api;
const realFetch = globalThis.fetch;
const saved = { api: process.env.NEXT_PUBLIC_API_URL, secret: process.env.BETTER_AUTH_SECRET };

/**
 * The browser's part: a relative URL (the token route) goes to the frontend origin with the signed-in
 * user's session cookie. Absolute URLs (the API) pass through untouched.
 */
const browserFetch: typeof fetch = (input, init) => {
  if (typeof input === 'string' && input.startsWith('/')) {
    const who = g.__authspecE2e?.current;
    if (!who) throw new Error(`relative fetch ${input} outside a user's session`);
    const headers = new Headers(init?.headers);
    headers.set('cookie', g.__authspecE2e!.cookies[who]!);
    return realFetch(`${ba!.url}${input}`, { ...init, headers });
  }
  return realFetch(input, init);
};

/** Calls on `api` happen in `label`'s browser session. */
function inSession(label: string, api: Api): Api {
  return new Proxy(api, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || key === 'ApiError') return value;
      return async (...args: unknown[]) => {
        g.__authspecE2e!.current = label;
        try {
          return await (value as (...a: unknown[]) => unknown)(...args);
        } finally {
          g.__authspecE2e!.current = null;
        }
      };
    },
  });
}

async function clientFor(label: string, user: TestUser): Promise<Api> {
  g.__authspecE2e!.cookies[label] = user.cookie;
  const api = transpile(gen.read(gen.project.spec.output.apiClient), 'api.ts', {});
  return inSession(label, await importModule<Api>(join(clientDir, label), 'api.mjs', api));
}

beforeAll(async () => {
  assertPythonModules();
  ba = await startBetterAuth({ secret: SECRET });
  g.__authspecE2e = { auth: ba.auth, cookies: {}, current: null };
  repo = makeRepo({ mode: 'shared-secret', issuer: ba.url, audience: AUDIENCE }, SECRET);
  gen = await generate(repo);
  const started = await Promise.allSettled([
    startBackend(gen, { BETTER_AUTH_SECRET: SECRET }),
    startUvicorn(resolve(import.meta.dirname, '../../fixtures/probe'), { AUTH_MODE: 'shared-secret', BETTER_AUTH_SECRET: SECRET, ISSUER: ba.url, AUDIENCE }, 90_000),
  ]);
  if (started[0].status === 'fulfilled') backend = started[0].value;
  if (started[1].status === 'fulfilled') broken = started[1].value;
  for (const s of started) if (s.status === 'rejected') throw s.reason;

  // The generated route handler, with `@/lib/auth` mapped to the real Better Auth instance.
  clientDir = mkdtempSync(join(tmpdir(), 'authspec-e2e-client-'));
  await importModule(clientDir, 'route/auth.mjs', 'export const auth = globalThis.__authspecE2e.auth;\n');
  const routeSource = transpile(gen.read(gen.project.spec.output.tokenRoute), 'route.ts', { jose: packageUrl('jose'), '@/lib/auth': './auth.mjs' });
  const route = await importModule<{ GET(request: Request): Promise<Response> }>(clientDir, 'route/route.mjs', routeSource);
  tokenUrl = tokenRouteUrl(gen.project.spec);
  ba.addRoute(tokenUrl, route.GET);
  process.env.BETTER_AUTH_SECRET = SECRET;
  process.env[gen.project.spec.frontend.apiBaseUrlEnv] = backend!.url;
  globalThis.fetch = browserFetch;

  alice = await ba.signUp('Alice');
  bob = await ba.signUp('Bob');
  apiA = await clientFor('alice', alice);
  apiB = await clientFor('bob', bob);
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await Promise.allSettled([backend?.stop(), broken?.stop(), ba?.stop()]);
  for (const dir of [repo, clientDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [['NEXT_PUBLIC_API_URL', saved.api], ['BETTER_AUTH_SECRET', saved.secret]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete g.__authspecE2e;
});

describe('shared-secret mode: the generated token route, backend and client', () => {
  it('the token route refuses without a session and mints a spec-conformant HS256 token with one', async () => {
    expect((await realFetch(`${ba!.url}${tokenUrl}`)).status).toBe(401);
    const res = await realFetch(`${ba!.url}${tokenUrl}`, { headers: { cookie: alice.cookie } });
    expect(res.status).toBe(200);
    const { token: jwt } = (await res.json()) as { token: string };
    const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(SECRET), { issuer: ba!.url, audience: AUDIENCE, algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe(alice.id);
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('each user adds, views, updates, completes and deletes only their own tasks', async () => {
    const a1 = await apiA.createTask(alice.id, { title: 'alice one' });
    const b1 = await apiB.createTask(bob.id, { title: 'bob one' });
    expect((await apiA.listTasks(alice.id)).map((t) => t.id)).toEqual([a1.id]);
    expect((await apiB.listTasks(bob.id)).map((t) => t.id)).toEqual([b1.id]);
    expect(await apiA.updateTask(alice.id, a1.id, { description: 'details' })).toMatchObject({ title: 'alice one', description: 'details' });
    expect((await apiA.toggleTaskComplete(alice.id, a1.id)).completed).toBe(true);
    expect((await apiA.toggleTaskComplete(alice.id, a1.id)).completed).toBe(false);
    await apiB.deleteTask(bob.id, b1.id);
    expect(await apiB.listTasks(bob.id)).toEqual([]);
    expect((await apiA.getTask(alice.id, a1.id)).title).toBe('alice one');
  });

  it("another user's task is refused with 404 and a mismatched {user_id} with 403", async () => {
    const a = await apiA.createTask(alice.id, { title: 'private' });
    for (const attempt of [
      () => apiB.getTask(bob.id, a.id),
      () => apiB.updateTask(bob.id, a.id, { title: 'taken over' }),
      () => apiB.toggleTaskComplete(bob.id, a.id),
      () => apiB.deleteTask(bob.id, a.id),
    ]) {
      expect((await rejection(attempt())).status).toBe(404);
    }
    expect((await rejection(apiB.getTask(alice.id, a.id))).status).toBe(403);
    expect((await rejection(apiB.listTasks(alice.id))).status).toBe(403);
    expect(await apiA.getTask(alice.id, a.id)).toMatchObject({ title: 'private', completed: false });
  });

  it('`authspec token` mints a token the generated backend accepts, without printing the secret', async () => {
    const { code, out } = await captureStdout(() => token({ sub: alice.id, root: repo, ttl: '2m' }));
    expect(code).toBe(0);
    expect(out).not.toContain(SECRET);
    const res = await realFetch(`${backend!.url}/api/${alice.id}/tasks`, { headers: { authorization: `Bearer ${out.trim()}` } });
    expect(res.status).toBe(200);
  });

  it('`authspec probe` passes the generated backend, reading the secret from the backend .env', async () => {
    delete process.env.BETTER_AUTH_SECRET;
    try {
      const { code, out } = await captureStdout(() => probe({ url: backend!.url, root: repo, format: 'json' }));
      const report = JSON.parse(out) as { results: { id: string; outcome: string }[] };
      expect(report.results.filter((r) => r.outcome === 'fail')).toEqual([]);
      expect(report.results.filter((r) => r.outcome === 'skip').map((r) => r.id).sort()).toEqual(['alg-confusion', 'unknown-kid']);
      expect(code).toBe(0);
      expect(out).not.toContain(SECRET);
    } finally {
      process.env.BETTER_AUTH_SECRET = SECRET;
    }
  });

  it('the built CLI wires the flags: `authspec probe --mode shared-secret --env-file …` exits 0', async () => {
    const env = { ...process.env };
    delete env.BETTER_AUTH_SECRET;
    const cli = await runCli(['probe', '--url', backend!.url, '--root', repo, '--mode', 'shared-secret', '--env-file', join(repo, 'backend/.env')], env);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toMatch(/passed, 0 failed, 2 skipped/);
    expect(cli.code).toBe(0);
  });

  it('`authspec probe` exits 1 on a backend that accepts `alg: none`, naming the attack (junit)', async () => {
    const { code, out } = await captureStdout(() => probe({ url: `${broken!.url}/alg-none`, root: repo, format: 'junit' }));
    expect(code).toBe(1);
    expect(out).toContain('failures="1"');
    expect(out).toMatch(/<testcase classname="authspec.probe.token" name="alg-none: [^"]*">\s*<failure message="GET \/api\/[^"]*: expected 401, got 200/);
  });
});
