/**
 * The probe against real servers: hand-written FastAPI apps (fixtures/probe/main.py, correct and with
 * one deliberate flaw each) under uvicorn, and a real Better Auth for jwks mode. Each flaw must be
 * named by exactly the probes that catch it, and the correct app must pass everything.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, defaultVerification } from '../model.js';
import { startBetterAuth, type BetterAuthServer } from '../../tests/support/better-auth-server.js';
import { assertPythonModules, startUvicorn, type RunningBackend } from '../test-support/python.js';
import { runProbe } from './run.js';
import type { ProbeReport } from './types.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/probe');
const SECRET = 'probe-test-secret-0123456789abcdefghijklmnop';
const ISS = 'http://issuer.test';
const AUD = 'http://audience.test';
const FLAWS = ['accept-any-token', 'alg-none', 'no-audience-check', 'expired-ok', 'no-owner-filter', 'ignore-path-user', 'basic-ok'] as const;

const apps = new Map<string, RunningBackend>();
let betterAuth: BetterAuthServer | undefined;

const failed = (r: ProbeReport): string[] => r.results.filter((x) => x.outcome === 'fail').map((x) => x.id).sort();

function sharedSecret(url: string): Promise<ProbeReport> {
  return runProbe({ url, mode: 'shared-secret', verification: defaultVerification('shared-secret', ISS, AUD), resources: defaultSpec().resources, secret: SECRET });
}

beforeAll(async () => {
  assertPythonModules(['fastapi', 'jwt', 'uvicorn', 'cryptography']);
  betterAuth = await startBetterAuth();
  // One uvicorn per mode: the correct app at the root, each flaw under /<flaw>. The machine may be busy: allow 60 s.
  const started = await Promise.allSettled([
    startUvicorn(FIXTURE, { AUTH_MODE: 'shared-secret', BETTER_AUTH_SECRET: SECRET, ISSUER: ISS, AUDIENCE: AUD }, 60_000),
    startUvicorn(FIXTURE, { AUTH_MODE: 'jwks', JWKS_URL: betterAuth.jwksUrl, ISSUER: betterAuth.issuer, AUDIENCE: betterAuth.audience }, 60_000),
  ]);
  started.forEach((s, i) => {
    if (s.status === 'fulfilled') apps.set(i === 0 ? 'shared-secret' : 'jwks', s.value);
  });
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
});

afterAll(async () => {
  await Promise.all([...apps.values()].map((a) => a.stop()));
  await betterAuth?.stop();
});

describe('shared-secret mode', () => {
  it('passes a correct backend: every attack refused with 401, every cross-user access refused', async () => {
    const report = await sharedSecret(apps.get('shared-secret')!.url);
    expect(failed(report)).toEqual([]);
    expect(report.summary.passed).toBeGreaterThanOrEqual(25);
    // Only what cannot apply without a JWKS is skipped.
    expect(report.results.filter((r) => r.outcome === 'skip').map((r) => r.id).sort()).toEqual(['alg-confusion', 'unknown-kid']);
    expect(report.requests).toBeLessThan(60);
  });

  const expected: Record<(typeof FLAWS)[number], { exactly?: string[]; includes?: string[] }> = {
    'alg-none': { exactly: ['alg-none'] },
    'no-audience-check': { exactly: ['wrong-audience'] },
    'expired-ok': { exactly: ['expired'] },
    'basic-ok': { exactly: ['basic-scheme'] },
    'accept-any-token': { includes: ['alg-none', 'oversized-token', 'tampered-payload', 'wrong-key'] },
    'no-owner-filter': {
      includes: ['tasks:complete-foreign', 'tasks:delete-foreign', 'tasks:list-foreign', 'tasks:read-foreign', 'tasks:update-foreign', 'tasks:owner-item-intact'],
    },
    'ignore-path-user': { exactly: ['tasks:user-id-mismatch-create', 'tasks:user-id-mismatch-list', 'tasks:user-id-mismatch-read'] },
  };
  for (const flaw of FLAWS) {
    it(`names the flaw '${flaw}'`, async () => {
      const report = await sharedSecret(`${apps.get('shared-secret')!.url}/${flaw}`);
      const want = expected[flaw];
      if (want.exactly) expect(failed(report)).toEqual([...want.exactly].sort());
      for (const id of want.includes ?? []) expect(failed(report)).toContain(id);
      for (const r of report.results.filter((x) => x.outcome === 'fail')) {
        expect(r.actual).not.toBe(401);
        expect(r.note).toBeTruthy();
      }
    });
  }
});

describe('jwks mode, users signed up on a real Better Auth', () => {
  const jwks = (url: string): Promise<ProbeReport> =>
    runProbe({
      url,
      mode: 'jwks',
      verification: defaultVerification('jwks'),
      resources: defaultSpec().resources,
      authUrl: betterAuth!.url,
    });

  it('passes a correct backend, including algorithm confusion and an unknown kid', async () => {
    const report = await jwks(apps.get('jwks')!.url);
    expect(failed(report)).toEqual([]);
    expect(report.results.filter((r) => r.outcome === 'skip')).toEqual([]);
    const confusion = report.results.find((r) => r.id === 'alg-confusion')!;
    expect(confusion).toMatchObject({ outcome: 'pass', actual: 401 });
    // Claim attacks cannot be signed as Better Auth: the report says so.
    expect(report.results.find((r) => r.id === 'expired')!.note).toMatch(/untrusted key/);
  });

  it('catches a backend that does not verify signatures', async () => {
    const report = await jwks(`${apps.get('jwks')!.url}/accept-any-token`);
    for (const id of ['alg-none', 'alg-confusion', 'wrong-key', 'unknown-kid', 'tampered-payload']) expect(failed(report)).toContain(id);
  });

  it('never puts a token in the report', async () => {
    const report = await jwks(`${apps.get('jwks')!.url}/accept-any-token`);
    expect(JSON.stringify(report)).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });
});
