/**
 * The generated backend, run for real: FastAPI + PyJWT + SQLModel under uvicorn, tokens minted by jose.
 * jwks mode verifies Ed25519 tokens against a JWKS served by a Node http server; shared-secret mode
 * verifies HS256 tokens with the secret from the environment. Two uvicorn starts in all.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, defaultVerification, type Spec } from './model.js';
import { renderPlan } from './render.js';
import { freePort, PYTHON, startGeneratedBackend, writeBackendApp, type GeneratedBackend } from './test-support/python.js';

const ISSUER = 'http://localhost:3000';
const AUDIENCE = 'http://localhost:3000';
const noTasks = { file: null, tasks: [], byId: new Map() };

/** An unsigned token (`alg: none`), as an attacker would craft it. */
function noneToken(claims: Record<string, unknown>): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

interface Call {
  status: number;
  body: unknown;
  wwwAuthenticate: string | null;
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Call> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, wwwAuthenticate: res.headers.get('www-authenticate') };
}

/** The CRUD walk every mode must pass; returns alice's remaining task id. */
async function ownerCanUseEveryOperation(base: string, alice: string): Promise<number> {
  const created = await call(base, 'POST', '/api/alice/tasks', alice, { title: 'buy milk' });
  expect(created.status).toBe(201);
  const task = created.body as { id: number; user_id: string; title: string; completed: boolean };
  expect(task).toMatchObject({ user_id: 'alice', title: 'buy milk', completed: false });
  expect((await call(base, 'GET', '/api/alice/tasks', alice)).body).toEqual([task]);
  expect((await call(base, 'GET', `/api/alice/tasks/${task.id}`, alice)).body).toEqual(task);
  const updated = await call(base, 'PUT', `/api/alice/tasks/${task.id}`, alice, { title: 'buy oat milk' });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ id: task.id, title: 'buy oat milk', user_id: 'alice' });
  const toggled = await call(base, 'PATCH', `/api/alice/tasks/${task.id}/complete`, alice);
  expect(toggled.body).toMatchObject({ completed: true });
  expect((await call(base, 'PATCH', `/api/alice/tasks/${task.id}/complete`, alice)).body).toMatchObject({ completed: false });
  const doomed = (await call(base, 'POST', '/api/alice/tasks', alice, { title: 'temporary' })).body as { id: number };
  expect((await call(base, 'DELETE', `/api/alice/tasks/${doomed.id}`, alice)).status).toBe(204);
  expect((await call(base, 'GET', `/api/alice/tasks/${doomed.id}`, alice)).status).toBe(404);
  return task.id;
}

async function othersAreRefused(base: string, bob: string, aliceTask: number, foreign: number): Promise<void> {
  // Bob on his own path asking for Alice's task: the spec's foreignAccess status, for every operation.
  expect((await call(base, 'GET', '/api/bob/tasks', bob)).body).toEqual([]);
  expect((await call(base, 'GET', `/api/bob/tasks/${aliceTask}`, bob)).status).toBe(foreign);
  expect((await call(base, 'PUT', `/api/bob/tasks/${aliceTask}`, bob, { title: 'mine now' })).status).toBe(foreign);
  expect((await call(base, 'PATCH', `/api/bob/tasks/${aliceTask}/complete`, bob)).status).toBe(foreign);
  expect((await call(base, 'DELETE', `/api/bob/tasks/${aliceTask}`, bob)).status).toBe(foreign);
  // A task that does not exist is 404 either way.
  expect((await call(base, 'GET', '/api/bob/tasks/999999', bob)).status).toBe(404);
  // Bob's token on Alice's path: the {user_id} check refuses with 403.
  const mismatch = await call(base, 'GET', '/api/alice/tasks', bob);
  expect(mismatch.status).toBe(403);
  expect((await call(base, 'POST', '/api/alice/tasks', bob, { title: 'spam' })).status).toBe(403);
}

async function expect401(base: string, token: string | undefined, why: string): Promise<void> {
  const res = await call(base, 'GET', '/api/alice/tasks', token);
  expect(res.status, why).toBe(401);
  expect(res.wwwAuthenticate, why).toBe('Bearer');
}

describe('generated backend, jwks mode (Ed25519 JWKS over HTTP)', () => {
  let jwksServer: Server;
  let backend: GeneratedBackend;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  const kid = 'key-1';
  let served: JWK[] = [];
  let jwksFetches = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
    served = [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'EdDSA' }];
    let jwksPort = 0;
    jwksServer = createServer((req, res) => {
      if (req.url === '/api/auth/jwks') {
        jwksFetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
      } else res.writeHead(404).end();
    });
    jwksPort = await freePort();
    await new Promise<void>((r) => jwksServer.listen(jwksPort, '127.0.0.1', r));
    const spec: Spec = { ...defaultSpec(), verification: defaultVerification('jwks', ISSUER, AUDIENCE) };
    spec.verification.jwksUrl = `http://127.0.0.1:${jwksPort}/api/auth/jwks`;
    const plan = renderPlan(spec, noTasks, { root: process.cwd() });
    backend = await startGeneratedBackend({ spec, files: plan.files });
  });

  afterAll(async () => {
    await backend?.stop();
    await new Promise((r) => jwksServer?.close(r));
  });

  const mint = (sub: string, opts: { key?: CryptoKey; kid?: string; exp?: number; iss?: string; aud?: string; alg?: string } = {}) =>
    new SignJWT({ email: `${sub}@example.com` })
      .setProtectedHeader({ alg: opts.alg ?? 'EdDSA', kid: opts.kid ?? kid })
      .setSubject(sub)
      .setIssuer(opts.iss ?? ISSUER)
      .setAudience(opts.aud ?? AUDIENCE)
      .setIssuedAt(now() - 60)
      .setExpirationTime(opts.exp ?? now() + 900)
      .sign(opts.key ?? privateKey);

  it('serves the owner, scopes every query to the token user, refuses others with 404 and a foreign path with 403', async () => {
    const alice = await mint('alice');
    const bob = await mint('bob');
    const aliceTask = await ownerCanUseEveryOperation(backend.url, alice);
    await othersAreRefused(backend.url, bob, aliceTask, 404);
  });

  it('answers 401 with WWW-Authenticate: Bearer for missing, malformed, expired, forged, alg none, wrong iss/aud tokens', async () => {
    await expect401(backend.url, undefined, 'no Authorization header');
    await expect401(backend.url, 'not-a-jwt', 'malformed');
    await expect401(backend.url, await mint('alice', { exp: now() - 120 }), 'expired');
    await expect401(backend.url, await mint('alice', { key: otherKey }), 'signed with another key, same kid');
    await expect401(backend.url, await mint('alice', { key: otherKey, kid: 'unknown' }), 'unknown kid');
    await expect401(backend.url, noneToken({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 900 }), 'alg none');
    await expect401(backend.url, await mint('alice', { iss: 'https://evil.example' }), 'wrong issuer');
    await expect401(backend.url, await mint('alice', { aud: 'https://other.example' }), 'wrong audience');
    const basic = await fetch(`${backend.url}/api/alice/tasks`, { headers: { Authorization: 'Basic YWxpY2U6cHc=' } });
    expect(basic.status).toBe(401);
    // Nothing the backend printed contains a token.
    expect(backend.output()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });

  it('picks up a rotated key: an unknown kid makes PyJWKClient re-fetch the JWKS once', async () => {
    expect((await call(backend.url, 'GET', '/api/alice/tasks', await mint('alice'))).status).toBe(200);
    const rotated = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    served = [...served, { ...(await exportJWK(rotated.publicKey)), kid: 'key-2', alg: 'EdDSA' }];
    const before = jwksFetches;
    expect((await call(backend.url, 'GET', '/api/alice/tasks', await mint('alice', { key: rotated.privateKey, kid: 'key-2' }))).status).toBe(200);
    expect(jwksFetches - before).toBe(1);
    // Cached afterwards: no fetch for known keys.
    await call(backend.url, 'GET', '/api/alice/tasks', await mint('alice', { key: rotated.privateKey, kid: 'key-2' }));
    await call(backend.url, 'GET', '/api/alice/tasks', await mint('alice'));
    expect(jwksFetches - before).toBe(1);
  });
});

describe('generated backend, shared-secret mode (HS256, foreignAccess 403)', () => {
  let backend: GeneratedBackend;
  const secret = 'test-only-secret-0123456789-abcdefghijklmnop';
  const key = new TextEncoder().encode(secret);
  const spec: Spec = { ...defaultSpec(), verification: { ...defaultVerification('shared-secret', 'todo-web', 'todo-api'), secretEnv: 'API_JWT_SECRET' } };
  spec.resources = spec.resources.map((r) => ({ ...r, foreignAccess: 403 as const }));

  beforeAll(async () => {
    const plan = renderPlan(spec, noTasks, { root: process.cwd() });
    backend = await startGeneratedBackend({ spec, files: plan.files, env: { API_JWT_SECRET: secret } });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const mint = (sub: string, opts: { key?: Uint8Array; exp?: number; alg?: string; iss?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(opts.iss ?? 'todo-web')
      .setAudience('todo-api')
      .setIssuedAt(now() - 60)
      .setExpirationTime(opts.exp ?? now() + 900)
      .sign(opts.key ?? key);

  it('serves the owner and refuses another user\u2019s task with 403, a mismatched {user_id} with 403', async () => {
    const alice = await mint('alice');
    const bob = await mint('bob');
    const aliceTask = await ownerCanUseEveryOperation(backend.url, alice);
    await othersAreRefused(backend.url, bob, aliceTask, 403);
  });

  it('answers 401 for missing, malformed, expired, wrongly signed, alg none and off-list algorithm tokens', async () => {
    await expect401(backend.url, undefined, 'no Authorization header');
    await expect401(backend.url, 'a.b.c', 'malformed');
    await expect401(backend.url, await mint('alice', { exp: now() - 120 }), 'expired');
    await expect401(backend.url, await mint('alice', { key: new TextEncoder().encode('another-secret-of-sufficient-length-000') }), 'wrong secret');
    await expect401(backend.url, await mint('alice', { alg: 'HS512' }), 'HS512 is not on the allow-list');
    await expect401(backend.url, noneToken({ sub: 'alice', iss: 'todo-web', aud: 'todo-api', iat: now(), exp: now() + 900 }), 'alg none');
    await expect401(backend.url, await mint('alice', { iss: 'someone-else' }), 'wrong issuer');
    expect(backend.output()).not.toContain(secret);
  });

  it('without the secret in the environment: 500 and a log line naming the variable, never a 200', () => {
    // Straight through Python (no server): the dependency reads the variable on every call.
    const layout = writeBackendApp(spec, renderPlan(spec, noTasks, { root: process.cwd() }).files);
    try {
      const script = [
        'import logging, sys',
        'logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s")',
        'from fastapi import HTTPException',
        'from fastapi.security import HTTPAuthorizationCredentials',
        'from app.auth import get_current_user_id',
        'try:',
        '    get_current_user_id(HTTPAuthorizationCredentials(scheme="Bearer", credentials=sys.argv[1]))',
        '    print("ACCEPTED")',
        'except HTTPException as e:',
        '    print("STATUS", e.status_code)',
      ].join('\n');
      const env = { ...process.env };
      delete env.API_JWT_SECRET;
      const out = execFileSync(PYTHON, ['-c', script, 'header.payload.signature'], { cwd: layout.pythonRoot, env, encoding: 'utf8' });
      expect(out).toContain('ERROR API_JWT_SECRET is not set: cannot verify API tokens');
      expect(out).toContain('STATUS 500');
      expect(out).not.toContain('ACCEPTED');
    } finally {
      rmSync(layout.dir, { recursive: true, force: true });
    }
  });
});

describe('generated backend, several resources (a path without {user_id}, a custom owner column)', () => {
  let backend: GeneratedBackend;
  const secret = 'several-resources-secret-0123456789-abcdef';
  const key = new TextEncoder().encode(secret);
  const spec: Spec = { ...defaultSpec(), verification: defaultVerification('shared-secret', 'web', 'api') };
  spec.resources = [
    ...spec.resources,
    {
      name: 'notes',
      model: 'Note',
      ownerField: 'owner_id',
      path: '/api/notes',
      foreignAccess: 403,
      operations: ['list', 'read', 'create', 'delete'],
      fields: [
        { name: 'body', type: 'str', optional: false },
        { name: 'rating', type: 'int | None', optional: true },
      ],
      tasks: [],
    },
  ];
  const mint = (sub: string) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('web').setAudience('api').setIssuedAt().setExpirationTime('5m').sign(key);

  beforeAll(async () => {
    const plan = renderPlan(spec, noTasks, { root: process.cwd() });
    backend = await startGeneratedBackend({ spec, files: plan.files, env: { BETTER_AUTH_SECRET: secret } });
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it('scopes notes by owner_id from the token alone, refuses another user’s note with 403', async () => {
    const alice = await mint('alice');
    const bob = await mint('bob');
    const created = await call(backend.url, 'POST', '/api/notes', alice, { body: 'hello', owner_id: 'bob' });
    expect(created.status).toBe(201);
    const note = created.body as { id: number; owner_id: string; body: string; rating: number | null };
    // The owner comes from the token, never from the body.
    expect(note).toMatchObject({ owner_id: 'alice', body: 'hello', rating: null });
    expect((await call(backend.url, 'GET', '/api/notes', alice)).body).toEqual([note]);
    expect((await call(backend.url, 'GET', '/api/notes', bob)).body).toEqual([]);
    expect((await call(backend.url, 'GET', `/api/notes/${note.id}`, bob)).status).toBe(403);
    expect((await call(backend.url, 'DELETE', `/api/notes/${note.id}`, bob)).status).toBe(403);
    expect((await call(backend.url, 'GET', '/api/notes/424242', bob)).status).toBe(404);
    // Operations the spec does not list have no route.
    expect((await call(backend.url, 'PATCH', `/api/notes/${note.id}/complete`, alice)).status).toBe(404);
    await expect401(backend.url, undefined, 'tasks still need a token');
    const noToken = await call(backend.url, 'GET', '/api/notes');
    expect(noToken.status).toBe(401);
    expect(noToken.wwwAuthenticate).toBe('Bearer');
    expect((await call(backend.url, 'DELETE', `/api/notes/${note.id}`, alice)).status).toBe(204);
    expect((await call(backend.url, 'GET', '/api/notes', alice)).body).toEqual([]);
    // The tasks router in the same app is unaffected.
    expect((await call(backend.url, 'POST', '/api/alice/tasks', alice, { title: 't' })).status).toBe(201);
  });
});
