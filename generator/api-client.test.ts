/**
 * The generated frontend: lib/api.ts (both modes) and the shared-secret token route.
 * - Type-checks in strict mode against better-auth's real types (TypeScript compiler API).
 * - Behaves: transpiled and imported, talking to a real Node HTTP server (bearer header on every request,
 *   token cached until shortly before exp, typed 401 error).
 * - The token route, run with a real Better Auth instance (memory adapter), mints a token the spec accepts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jwtVerify, SignJWT } from 'jose';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, defaultVerification, type Spec } from './model.js';
import { packageRoot } from './paths.js';
import { renderPlan, type PlannedFile } from './render.js';

const noTasks = { file: null, tasks: [], byId: new Map() };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function jwksSpec(): Spec {
  return { ...defaultSpec(), verification: defaultVerification('jwks', 'http://localhost:3000', 'http://localhost:3000') };
}
function sharedSpec(): Spec {
  return { ...defaultSpec(), verification: defaultVerification('shared-secret', 'todo-web', 'todo-api') };
}
function plan(spec: Spec): PlannedFile[] {
  return renderPlan(spec, noTasks, { root: packageRoot() }).files;
}
function file(files: PlannedFile[], kind: PlannedFile['kind']): PlannedFile {
  const f = files.find((x) => x.kind === kind);
  if (!f) throw new Error(`no ${kind} planned`);
  return f;
}

/** A temp frontend with node_modules linked to authspec's own (better-auth, jose). */
function tempFrontend(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'authspec-frontend-'));
  dirs.push(dir);
  symlinkSync(join(packageRoot(), 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

function typeCheck(dir: string, rootFiles: string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    noImplicitReturns: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.dom.d.ts', 'lib.es2022.d.ts'],
    types: ['node'],
    skipLibCheck: true,
    paths: { '@/lib/*': ['./lib/*'] },
    baseUrl: dir,
  };
  const program = ts.createProgram(
    rootFiles.map((f) => join(dir, f)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('generated lib/api.ts type-checks against better-auth', () => {
  it('jwks mode: authClient.token() from createAuthClient({ plugins: [jwtClient()] })', () => {
    const files = plan(jwksSpec());
    const dir = tempFrontend({
      'lib/api.ts': file(files, 'api-client').content,
      'lib/auth-client.ts': `import { createAuthClient } from "better-auth/client";\nimport { jwtClient } from "better-auth/client/plugins";\nexport const authClient = createAuthClient({ baseURL: "http://localhost:3000", plugins: [jwtClient()] });\n`,
      'app/use.ts': `import { listTasks, createTask, ApiError } from "@/lib/api";\nexport async function f(): Promise<number> { const t = await createTask("u", { title: "x" }); const all = await listTasks("u"); return t.id + all.length + (new ApiError(500, "m").isUnauthorized ? 1 : 0); }\n`,
    });
    expect(typeCheck(dir, ['lib/api.ts', 'app/use.ts'])).toEqual([]);
  }, 60_000);

  it('shared-secret mode: the token route against betterAuth(...).api.getSession, and the client', () => {
    const files = plan(sharedSpec());
    const dir = tempFrontend({
      'lib/api.ts': file(files, 'api-client').content,
      'app/api/token/route.ts': file(files, 'token-route').content,
      'lib/auth.ts': `import { betterAuth } from "better-auth";\nexport const auth = betterAuth({ emailAndPassword: { enabled: true } });\n`,
    });
    expect(typeCheck(dir, ['lib/api.ts', 'app/api/token/route.ts'])).toEqual([]);
  }, 60_000);

  it('a type error in the client would be reported (the check is live)', () => {
    const dir = tempFrontend({ 'lib/api.ts': `${file(plan(jwksSpec()), 'api-client').content}\nexport const broken: number = "x";\n`, 'lib/auth-client.ts': 'export const authClient = { token: async () => ({ data: { token: "" }, error: null }) };\n' });
    const diagnostics = typeCheck(dir, ['lib/api.ts']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/'string' is not assignable to type 'number'/);
  }, 60_000);
});

/** Transpiles a generated module to JS in a temp folder, rewriting the given import specifiers. */
async function importGenerated<T>(source: string, replace: Record<string, string>): Promise<T> {
  let js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  for (const [from, to] of Object.entries(replace)) js = js.split(JSON.stringify(from)).join(JSON.stringify(to));
  const dir = mkdtempSync(join(tmpdir(), 'authspec-import-'));
  dirs.push(dir);
  const path = join(dir, 'module.mjs');
  writeFileSync(path, js);
  return (await import(pathToFileURL(path).href)) as T;
}

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s;
}

interface ApiModule {
  listTasks(userId: string): Promise<unknown[]>;
  createTask(userId: string, input: { title: string }): Promise<{ id: number }>;
  deleteTask(userId: string, id: number): Promise<void>;
  getTask(userId: string, id: number): Promise<unknown>;
  clearToken(): void;
  ApiError: new (...args: never[]) => Error;
  UnauthorizedError: new (...args: never[]) => Error;
}

describe('generated lib/api.ts behaviour against a real HTTP server', () => {
  let server: Server;
  let base = '';
  const seen: Seen[] = [];
  let tokenRouteCalls = 0;
  const key = new TextEncoder().encode('client-test-secret-0123456789abcdef');
  const mint = (ttlSeconds: number) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds).sign(key);
  let routeTtl = 900;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const text = await body(req);
      if (req.url === '/api/token') {
        tokenRouteCalls++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: await mint(routeTtl) }));
        return;
      }
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: text });
      const json = (status: number, data: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
      if (req.url === '/api/alice/tasks' && req.method === 'GET') return json(200, [{ id: 1, user_id: 'alice', title: 't', description: null, completed: false }]);
      if (req.url === '/api/alice/tasks' && req.method === 'POST') return json(201, { id: 2, user_id: 'alice', ...(JSON.parse(text) as object) });
      if (req.url === '/api/alice/tasks/2' && req.method === 'DELETE') return res.writeHead(204).end();
      if (req.url === '/api/alice/tasks/401') return res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Token expired' }));
      if (req.url === '/api/alice/tasks/403') return json(403, { detail: 'Forbidden' });
      if (req.url?.startsWith('/api/a%2Fb')) return json(200, []);
      return json(404, { detail: 'Not found' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    process.env.NEXT_PUBLIC_API_URL = `${base}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('jwks mode: bearer header on every request, token cached until shortly before exp, typed 401 and other errors', async () => {
    const tokens: { ttl: number; calls: number; fail: boolean } = { ttl: 900, calls: 0, fail: false };
    (globalThis as Record<string, unknown>).__authspecTestTokens = async () => {
      tokens.calls++;
      if (tokens.fail) return { data: null, error: { status: 401, statusText: 'Unauthorized' } };
      return { data: { token: await mint(tokens.ttl) }, error: null };
    };
    const stubDir = mkdtempSync(join(tmpdir(), 'authspec-stub-'));
    dirs.push(stubDir);
    writeFileSync(join(stubDir, 'auth-client.mjs'), 'export const authClient = { token: () => globalThis.__authspecTestTokens() };\n');
    const api = await importGenerated<ApiModule>(file(plan(jwksSpec()), 'api-client').content, {
      '@/lib/auth-client': pathToFileURL(join(stubDir, 'auth-client.mjs')).href,
    });
    seen.length = 0;

    expect(await api.listTasks('alice')).toHaveLength(1);
    const created = await api.createTask('alice', { title: 'new' });
    expect(created).toMatchObject({ id: 2, title: 'new' });
    expect(await api.deleteTask('alice', 2)).toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /api/alice/tasks', 'POST /api/alice/tasks', 'DELETE /api/alice/tasks/2']);
    expect(seen.every((s) => /^Bearer eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(s.authorization ?? ''))).toBe(true);
    expect(seen[1]).toMatchObject({ contentType: 'application/json', body: '{"title":"new"}' });
    expect(tokens.calls).toBe(1); // cached across the three requests

    // Path segments are encoded.
    await api.listTasks('a/b');

    // 401: a typed error, distinguishable, and the cached token is dropped.
    const err401 = await api.getTask('alice', 401).catch((e: unknown) => e);
    expect(err401).toBeInstanceOf(api.UnauthorizedError);
    expect(err401).toBeInstanceOf(api.ApiError);
    expect(err401).toMatchObject({ status: 401, isUnauthorized: true, message: 'Token expired' });
    await api.listTasks('alice');
    expect(tokens.calls).toBe(2);

    // 403 and 404 are ApiErrors but not UnauthorizedErrors.
    const err403 = await api.getTask('alice', 403).catch((e: unknown) => e);
    expect(err403).toBeInstanceOf(api.ApiError);
    expect(err403).not.toBeInstanceOf(api.UnauthorizedError);
    expect(err403).toMatchObject({ status: 403, isUnauthorized: false });
    expect(await api.getTask('alice', 7).catch((e: unknown) => e)).toMatchObject({ status: 404 });

    // A token that expires within the refresh margin is not reused.
    api.clearToken();
    tokens.ttl = 10;
    await api.listTasks('alice');
    await api.listTasks('alice');
    expect(tokens.calls).toBe(4);

    // Concurrent requests share one token fetch.
    api.clearToken();
    tokens.ttl = 900;
    await Promise.all([api.listTasks('alice'), api.listTasks('alice'), api.listTasks('alice')]);
    expect(tokens.calls).toBe(5);

    // Not signed in: UnauthorizedError before any request is sent.
    api.clearToken();
    tokens.fail = true;
    const before = seen.length;
    expect(await api.listTasks('alice').catch((e: unknown) => e)).toBeInstanceOf(api.UnauthorizedError);
    expect(seen.length).toBe(before);
  });

  it('shared-secret mode: the token comes from the token route, and is cached', async () => {
    const api = await importGenerated<ApiModule>(file(plan(sharedSpec()), 'api-client').content, {});
    const realFetch = globalThis.fetch;
    // The browser resolves the relative token URL against the page's origin; here, against the test server.
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
      realFetch(typeof input === 'string' && input.startsWith('/') ? base + input : input, init)) as typeof fetch;
    try {
      tokenRouteCalls = 0;
      routeTtl = 900;
      seen.length = 0;
      await api.listTasks('alice');
      await api.listTasks('alice');
      expect(tokenRouteCalls).toBe(1);
      expect(seen.every((s) => s.authorization?.startsWith('Bearer eyJ'))).toBe(true);
      expect(seen).toHaveLength(2);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe('generated token route with a real Better Auth (shared-secret mode)', () => {
  it('mints an HS256 token for the session user that verifies with the spec issuer and audience; 401 without a session', async () => {
    const spec = sharedSpec();
    spec.verification.secretEnv = 'AUTHSPEC_TEST_API_SECRET';
    const secret = 'route-test-secret-0123456789-abcdefghij';
    const dir = tempFrontend({
      'auth.mjs': [
        'import { betterAuth } from "better-auth";',
        'import { memoryAdapter } from "better-auth/adapters/memory";',
        'export const auth = betterAuth({ baseURL: "http://localhost:3000", secret: "better-auth-secret-for-tests-0123456789",',
        '  database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),',
        '  emailAndPassword: { enabled: true }, telemetry: { enabled: false } });',
        '',
      ].join('\n'),
    });
    const { auth } = (await import(pathToFileURL(join(dir, 'auth.mjs')).href)) as {
      auth: { api: { signUpEmail(a: unknown): Promise<{ headers: Headers; response: { user: { id: string } } }> } };
    };
    const signUp = await auth.api.signUpEmail({ body: { email: 'alice@example.com', password: 'correct horse battery', name: 'Alice' }, returnHeaders: true });
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const route = await importGenerated<{ GET(r: Request): Promise<Response> }>(file(plan(spec), 'token-route').content, {
      '@/lib/auth': pathToFileURL(join(dir, 'auth.mjs')).href,
      jose: import.meta.resolve('jose'),
    });
    process.env.AUTHSPEC_TEST_API_SECRET = secret;
    try {
      const ok = await route.GET(new Request('http://localhost:3000/api/token', { headers: { cookie } }));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      const { token } = (await ok.json()) as { token: string };
      const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        issuer: 'todo-web',
        audience: 'todo-api',
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      expect(protectedHeader.alg).toBe('HS256');
      expect(payload.sub).toBe(signUp.response.user.id);
      expect(payload.exp! - payload.iat!).toBe(900);

      const anonymous = await route.GET(new Request('http://localhost:3000/api/token'));
      expect(anonymous.status).toBe(401);

      delete process.env.AUTHSPEC_TEST_API_SECRET;
      const misconfigured = await route.GET(new Request('http://localhost:3000/api/token', { headers: { cookie } }));
      expect(misconfigured.status).toBe(500);
      expect(await misconfigured.text()).not.toContain('eyJ');
    } finally {
      delete process.env.AUTHSPEC_TEST_API_SECRET;
    }
  }, 60_000);
});
