/**
 * Runs the probe against a backend: a control request with a valid token, the token attacks
 * (each must get 401), then the cross-user checks per resource (user B may not see or touch user A's
 * items, and a `{user_id}` that is not the token's subject is refused).
 */
import type { JWK } from 'jose';
import type { Resource, Verification, VerificationMode } from '../model.js';
import { ATTACKS, type AttackContext, type ProbeUser } from './attacks.js';
import { decodeClaims, decodeHeader, secretBytes, signHs, validClaims, type ClaimsSpec } from './forge.js';
import { ProbeHttp, ProbeSetupError, type HttpResponse } from './http.js';
import { routeOf, sampleBody } from './routes.js';
import { summarise, type ProbeGroup, type ProbeReport, type ProbeResult } from './types.js';

export interface ProbeOptions {
  url: string;
  mode: VerificationMode;
  verification: Verification;
  resources: Resource[];
  /** shared-secret mode: the secret the backend verifies with. */
  secret?: string;
  /** Better Auth base URL: signs up the probe users (jwks mode) and serves the JWKS. */
  authUrl?: string;
  /** Path of the JWKS on authUrl, default /api/auth/jwks. */
  jwksPath?: string;
  maxRequests?: number;
  timeoutMs?: number;
}

const MAX_RESOURCES = 5;

const is2xx = (s: number): boolean => s >= 200 && s < 300;

function randomId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 12);
}

export async function runProbe(opts: ProbeOptions): Promise<ProbeReport> {
  const base = opts.url.replace(/\/+$/, '');
  const authBase = opts.authUrl?.replace(/\/+$/, '');
  const http = new ProbeHttp(authBase ? [base, authBase] : [base], opts.maxRequests ?? 200, opts.timeoutMs ?? 5000);
  const results: ProbeResult[] = [];
  const resources = opts.resources.slice(0, MAX_RESOURCES);
  const first = resources[0];
  if (!first) throw new ProbeSetupError('the spec has no resources to probe');

  // Who the probe can act as.
  let users: [ProbeUser, ProbeUser];
  let claims: ClaimsSpec = {
    ...(opts.verification.issuer ? { issuer: opts.verification.issuer } : {}),
    ...(opts.verification.audience ? { audience: opts.verification.audience } : {}),
    userIdClaim: opts.verification.userIdClaim,
  };
  let signValid: AttackContext['signValid'];
  if (opts.mode === 'shared-secret') {
    if (!opts.secret) throw new ProbeSetupError('shared-secret mode needs the secret');
    const key = secretBytes(opts.secret);
    const alg = opts.verification.algorithms.find((a) => /^HS(256|384|512)$/.test(a)) ?? 'HS256';
    signValid = (c, header = {}) => signHs(c, key, header, alg);
    const mint = async (label: string): Promise<ProbeUser> => {
      const id = `authspec-probe-${label}-${randomId()}`;
      return { id, token: await signValid!(validClaims(claims, id)) };
    };
    users = [await mint('a'), await mint('b')];
  } else {
    if (!authBase) throw new ProbeSetupError('jwks mode needs the Better Auth URL');
    users = [await signUp(http, authBase, 'a'), await signUp(http, authBase, 'b')];
    // Forged tokens copy Better Auth's real iss/aud so each breaks only one thing.
    const real = decodeClaims(users[0].token);
    claims = {
      ...(typeof real.iss === 'string' ? { issuer: real.iss } : claims.issuer ? { issuer: claims.issuer } : {}),
      ...(typeof real.aud === 'string' ? { audience: real.aud } : claims.audience ? { audience: claims.audience } : {}),
      userIdClaim: claims.userIdClaim,
    };
  }
  const [a, b] = users;

  let jwks: JWK[] = [];
  if (authBase) {
    const res = await http.request(`${authBase}${opts.jwksPath ?? '/api/auth/jwks'}`);
    const keys = (res.json as { keys?: unknown } | undefined)?.keys;
    if (is2xx(res.status) && Array.isArray(keys)) jwks = keys as JWK[];
    else if (opts.mode === 'jwks') throw new ProbeSetupError(`no JWKS at ${authBase}${opts.jwksPath ?? '/api/auth/jwks'} (status ${res.status})`);
  }
  const realHeader = decodeHeader(a.token);

  const listA = routeOf(first, 'list');
  const control = await http.request(`${base}${listA.path(a.id)}`, { headers: { authorization: `Bearer ${a.token}` } });
  results.push(
    check('valid-token', 'control', 'a valid token for user A lists user A\'s items', `GET ${listA.path(a.id)}`, '2xx', control.status, is2xx(control.status), 
      'the backend refused a correctly signed token: check its secret, issuer, audience and algorithms; the attack results prove nothing until this passes'),
  );

  const ctx: AttackContext = {
    mode: opts.mode,
    claims,
    user: a,
    other: b,
    ...(signValid ? { signValid } : {}),
    jwks,
    realAlg: typeof realHeader.alg === 'string' ? realHeader.alg : opts.verification.algorithms[0] ?? 'EdDSA',
    ...(typeof realHeader.kid === 'string' ? { realKid: realHeader.kid } : {}),
  };
  for (const attack of ATTACKS) {
    const built = await attack.build(ctx);
    const path = listA.path('skip' in built ? a.id : built.pathUser);
    if ('skip' in built) {
      results.push({ id: attack.id, group: 'token', title: attack.title, request: `GET ${path}`, expected: '401', actual: null, outcome: 'skip', note: built.skip });
      continue;
    }
    const res = await http.request(`${base}${path}`, { headers: built.headers });
    const pass = res.status === 401;
    const note = pass ? built.note : is2xx(res.status) ? 'ACCEPTED: the backend served the request' : 'refused, but not with 401';
    results.push({ id: attack.id, group: 'token', title: attack.title, request: `GET ${path}`, expected: '401', actual: res.status, outcome: pass ? 'pass' : 'fail', ...(note ? { note } : {}) });
  }

  for (const resource of resources) results.push(...(await crossUser(http, base, resource, a, b)));

  return { url: base, mode: opts.mode, results, requests: http.count, summary: summarise(results) };
}

function check(id: string, group: ProbeGroup, title: string, request: string, expected: string, actual: number, pass: boolean, failNote?: string): ProbeResult {
  return { id, group, title, request, expected, actual, outcome: pass ? 'pass' : 'fail', ...(!pass && failNote ? { note: failNote } : {}) };
}

async function signUp(http: ProbeHttp, authBase: string, label: string): Promise<ProbeUser> {
  const email = `authspec-probe-${label}-${randomId()}@example.com`;
  const password = `authspec-${crypto.randomUUID()}`;
  const res = await http.request(`${authBase}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { origin: new URL(authBase).origin },
    body: { name: `authspec probe ${label.toUpperCase()}`, email, password },
  });
  const id = (res.json as { user?: { id?: unknown } } | undefined)?.user?.id;
  const setCookie = res.headers['set-cookie'] ?? [];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0]).join('; ');
  if (!is2xx(res.status) || typeof id !== 'string' || !cookie) {
    throw new ProbeSetupError(`could not sign up a probe user at ${authBase}/api/auth/sign-up/email (status ${res.status}); is email-and-password sign-up enabled?`);
  }
  const tok = await http.request(`${authBase}/api/auth/token`, { headers: { cookie } });
  const token = (tok.json as { token?: unknown } | undefined)?.token;
  if (!is2xx(tok.status) || typeof token !== 'string') {
    throw new ProbeSetupError(`could not get a JWT from ${authBase}/api/auth/token (status ${tok.status}); is the jwt() plugin enabled?`);
  }
  return { id, token };
}

function idsIn(json: unknown): string[] {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' ? Object.values(json).find(Array.isArray) : undefined;
  return Array.isArray(list) ? list.map((x) => String((x as { id?: unknown })?.id)) : [];
}

/** User A creates an item; user B tries everything on it; A checks it is untouched, then deletes it. */
async function crossUser(http: ProbeHttp, base: string, r: Resource, a: ProbeUser, b: ProbeUser): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  const has = (op: Resource['operations'][number]): boolean => r.operations.includes(op);
  const as = (u: ProbeUser): Record<string, string> => ({ authorization: `Bearer ${u.token}` });
  const id = (name: string): string => `${r.name}:${name}`;
  const foreign = String(r.foreignAccess);
  const send = async (method: string, path: string, user: ProbeUser, body?: unknown): Promise<HttpResponse> =>
    http.request(`${base}${path}`, { method, headers: as(user), ...(body !== undefined ? { body } : {}) });
  const refusedAs = (title: string, key: string, expected: string, status: number, request: string, accepted: string): void => {
    const ok = expected.split(' or ').includes(String(status));
    out.push({
      id: id(key),
      group: 'cross-user',
      title,
      request,
      expected,
      actual: status,
      outcome: ok ? 'pass' : 'fail',
      ...(ok ? {} : { note: is2xx(status) ? `ACCEPTED: ${accepted}` : `refused, but the spec says ${expected}` }),
    });
  };

  // {user_id} that is not the token's subject: B's token on A's collection.
  const list = routeOf(r, 'list');
  if (has('list')) {
    const res = await send('GET', list.path(a.id), b);
    refusedAs("user B's token on user A's {user_id} (list)", 'user-id-mismatch-list', '403 or 404', res.status, `GET ${list.path(a.id)}`, "user B listed user A's items");
  }
  const create = routeOf(r, 'create');
  if (has('create')) {
    const res = await send('POST', create.path(a.id), b, sampleBody(r, 'authspec probe: created by B under A'));
    refusedAs("user B's token on user A's {user_id} (create)", 'user-id-mismatch-create', '403 or 404', res.status, `POST ${create.path(a.id)}`, "user B created an item owned by user A");
  }
  if (!has('create')) {
    out.push({ id: id('create-own'), group: 'cross-user', title: 'user A creates an item', request: '-', expected: '2xx', actual: null, outcome: 'skip', note: 'the resource has no create operation' });
    return out;
  }

  const original = sampleBody(r, `authspec probe: owned by A ${randomId()}`);
  const created = await send('POST', create.path(a.id), a, original);
  const itemId = (created.json as { id?: unknown } | undefined)?.id;
  const made = is2xx(created.status) && (typeof itemId === 'string' || typeof itemId === 'number');
  out.push(check(id('create-own'), 'cross-user', 'user A creates an item', `POST ${create.path(a.id)}`, '2xx', created.status, made,
    is2xx(created.status) ? 'the response carries no `id`' : 'user A could not create an item; the item checks cannot run'));
  if (!made) return out;
  const item = itemId as string | number;

  if (has('list')) {
    const res = await send('GET', list.path(b.id), b);
    const leaked = idsIn(res.json).includes(String(item));
    out.push({
      id: id('list-foreign'),
      group: 'cross-user',
      title: "user B's list does not show user A's item",
      request: `GET ${list.path(b.id)}`,
      expected: '2xx without A\'s item',
      actual: res.status,
      outcome: is2xx(res.status) && !leaked ? 'pass' : 'fail',
      ...(leaked ? { note: "ACCEPTED: user B's list contains user A's item" } : is2xx(res.status) ? {} : { note: 'user B could not list their own items' }),
    });
  }
  const read = routeOf(r, 'read');
  if (has('read')) {
    const res = await send('GET', read.path(b.id, item), b);
    refusedAs("user B reads user A's item", 'read-foreign', foreign, res.status, `GET ${read.path(b.id, item)}`, "user B read user A's item");
    const mismatch = await send('GET', read.path(a.id, item), b);
    refusedAs("user B's token on user A's {user_id} (read)", 'user-id-mismatch-read', '403 or 404', mismatch.status, `GET ${read.path(a.id, item)}`, "user B read user A's item");
  }
  if (has('update')) {
    const upd = routeOf(r, 'update');
    const res = await send(upd.method, upd.path(b.id, item), b, sampleBody(r, 'authspec probe: changed by B'));
    refusedAs("user B updates user A's item", 'update-foreign', foreign, res.status, `${upd.method} ${upd.path(b.id, item)}`, "user B updated user A's item");
  }
  if (has('complete')) {
    const done = routeOf(r, 'complete');
    const res = await send(done.method, done.path(b.id, item), b);
    refusedAs("user B completes user A's item", 'complete-foreign', foreign, res.status, `${done.method} ${done.path(b.id, item)}`, "user B completed user A's item");
  }
  if (has('delete')) {
    const del = routeOf(r, 'delete');
    const res = await send(del.method, del.path(b.id, item), b);
    refusedAs("user B deletes user A's item", 'delete-foreign', foreign, res.status, `${del.method} ${del.path(b.id, item)}`, "user B deleted user A's item");
  }

  // Refused is not enough: the item must also be unchanged.
  if (has('read')) {
    const res = await send('GET', read.path(a.id, item), a);
    const now = (res.json ?? {}) as Record<string, unknown>;
    const changed = Object.keys(original).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(original[k]));
    const completedNow = now.completed === true;
    const intact = res.status === 200 && changed.length === 0 && !completedNow;
    out.push({
      id: id('owner-item-intact'),
      group: 'cross-user',
      title: "user A's item is still there and unchanged",
      request: `GET ${read.path(a.id, item)}`,
      expected: '200, unchanged',
      actual: res.status,
      outcome: intact ? 'pass' : 'fail',
      ...(intact
        ? {}
        : { note: res.status !== 200 ? "ACCEPTED: user A's item is gone" : `ACCEPTED: user B changed ${[...changed, ...(completedNow ? ['completed'] : [])].join(', ')}` }),
    });
  }
  if (has('delete')) {
    const del = routeOf(r, 'delete');
    const res = await send(del.method, del.path(a.id, item), a);
    out.push(check(id('cleanup'), 'cross-user', 'user A deletes their own item', `${del.method} ${del.path(a.id, item)}`, '2xx', res.status, is2xx(res.status), 'user A could not delete their own item'));
  }
  return out;
}
