/**
 * The token attack catalogue. Each entry breaks one thing about an otherwise valid request and must
 * get 401. Where the probe can sign legitimately (shared-secret mode), claim attacks carry a valid
 * signature, so only the claim check can refuse them; in jwks mode they are signed with an untrusted
 * key under Better Auth's kid, and the note says what a 401 then proves.
 */
import type { JWK, JWTPayload } from 'jose';
import type { VerificationMode } from '../model.js';
import {
  confusionSecrets,
  nowSeconds,
  secretBytes,
  signAsymmetric,
  signHs,
  tamperPayload,
  unsecured,
  untrustedKey,
  validClaims,
  type ClaimsSpec,
} from './forge.js';

export interface ProbeUser {
  id: string;
  /** Kept in memory only: never printed or reported. */
  token: string;
}

export interface AttackContext {
  mode: VerificationMode;
  claims: ClaimsSpec;
  /** User A: the subject of the forged tokens. */
  user: ProbeUser;
  /** Another real user, for the tampered payload. */
  other: ProbeUser;
  /** Signs claims as the backend's issuer would (shared-secret mode only). */
  signValid?: (claims: JWTPayload, header?: Record<string, unknown>) => Promise<string>;
  /** Public keys from Better Auth's JWKS, when it was fetched. */
  jwks: JWK[];
  /** alg and kid of user A's real token (jwks mode). */
  realAlg: string;
  realKid?: string;
}

export interface AttackRequest {
  /** Header lines; a string[] value sends several lines. */
  headers: Record<string, string | string[]>;
  /** `{user_id}` to put in the path. */
  pathUser: string;
  /** What a 401 does not prove, when relevant. */
  note?: string;
}

export interface Attack {
  id: string;
  title: string;
  build(ctx: AttackContext): Promise<AttackRequest | { skip: string }>;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Claims of a token for user A with `change` applied, signed legitimately when possible. */
async function signClaims(ctx: AttackContext, change: (c: JWTPayload) => JWTPayload): Promise<{ token: string; note?: string }> {
  const claims = change(validClaims(ctx.claims, ctx.user.id));
  if (ctx.signValid) return { token: await ctx.signValid(claims) };
  const key = await untrustedKey(ctx.realAlg, ctx.realKid ?? 'authspec-probe');
  return {
    token: await signAsymmetric(claims, key),
    note: 'jwks mode: signed with an untrusted key (only Better Auth can sign), so a 401 proves the signature check, not this claim check',
  };
}

function claimAttack(id: string, title: string, change: (c: JWTPayload) => JWTPayload, skipUnless?: (ctx: AttackContext) => string | null): Attack {
  return {
    id,
    title,
    async build(ctx) {
      const skip = skipUnless?.(ctx);
      if (skip) return { skip };
      const { token, note } = await signClaims(ctx, change);
      return { headers: bearer(token), pathUser: ctx.user.id, ...(note ? { note } : {}) };
    },
  };
}

export const ATTACKS: readonly Attack[] = [
  {
    id: 'no-authorization',
    title: 'no Authorization header',
    build: async (ctx) => ({ headers: {}, pathUser: ctx.user.id }),
  },
  {
    id: 'basic-scheme',
    title: 'a valid token under the Basic scheme',
    build: async (ctx) => ({ headers: { authorization: `Basic ${ctx.user.token}` }, pathUser: ctx.user.id }),
  },
  {
    id: 'bearer-without-token',
    title: '`Bearer` with no token',
    build: async (ctx) => ({ headers: { authorization: 'Bearer' }, pathUser: ctx.user.id }),
  },
  {
    id: 'two-tokens',
    title: 'two valid tokens in one Authorization header (as a proxy joins two header lines)',
    build: async (ctx) => ({ headers: { authorization: `Bearer ${ctx.user.token}, Bearer ${ctx.other.token}` }, pathUser: ctx.user.id }),
  },
  {
    id: 'token-with-spaces',
    title: 'a valid token with a space inside',
    build: async (ctx) => {
      const [h, p, s] = ctx.user.token.split('.');
      return { headers: { authorization: `Bearer ${h}.${p} .${s}` }, pathUser: ctx.user.id };
    },
  },
  {
    id: 'alg-none',
    title: 'an unsigned token (`alg: none`)',
    build: async (ctx) => ({
      headers: bearer(unsecured(validClaims(ctx.claims, ctx.user.id), ctx.realKid ? { kid: ctx.realKid } : {})),
      pathUser: ctx.user.id,
    }),
  },
  {
    id: 'alg-confusion',
    title: 'HS256 signed with the JWKS public key (algorithm confusion)',
    async build(ctx) {
      const key = ctx.jwks[0];
      if (!key) return { skip: 'no JWKS to take a public key from (pass --auth-url)' };
      const [secret] = await confusionSecrets(key);
      const header = key.kid ? { kid: key.kid } : {};
      return { headers: bearer(await signHs(validClaims(ctx.claims, ctx.user.id), secret!, header)), pathUser: ctx.user.id };
    },
  },
  {
    id: 'wrong-key',
    title: 'signed with the wrong key or secret',
    async build(ctx) {
      const claims = validClaims(ctx.claims, ctx.user.id);
      if (ctx.mode === 'shared-secret') {
        const wrong = secretBytes(`authspec-probe-wrong-secret-${crypto.randomUUID()}`);
        return { headers: bearer(await signHs(claims, wrong)), pathUser: ctx.user.id };
      }
      const key = await untrustedKey(ctx.realAlg, ctx.realKid ?? 'authspec-probe');
      return { headers: bearer(await signAsymmetric(claims, key)), pathUser: ctx.user.id };
    },
  },
  claimAttack('expired', 'an expired token', (c) => ({ ...c, iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 })),
  claimAttack('nbf-future', '`nbf` an hour in the future', (c) => ({ ...c, nbf: nowSeconds() + 3600 })),
  claimAttack(
    'wrong-issuer',
    'a wrong `iss`',
    (c) => ({ ...c, iss: 'https://attacker.example' }),
    (ctx) => (ctx.claims.issuer ? null : 'the spec sets no verification.issuer, so the backend is not required to check it'),
  ),
  claimAttack(
    'wrong-audience',
    'a wrong `aud`',
    (c) => ({ ...c, aud: 'https://attacker.example' }),
    (ctx) => (ctx.claims.audience ? null : 'the spec sets no verification.audience, so the backend is not required to check it'),
  ),
  claimAttack('no-subject', 'no `sub` (no user id claim)', (c) => {
    const { sub: _sub, ...rest } = c;
    return rest;
  }),
  {
    id: 'tampered-payload',
    title: "user A's token with the subject changed to user B, original signature",
    build: async (ctx) => ({
      headers: bearer(tamperPayload(ctx.user.token, (c) => ({ ...c, sub: ctx.other.id, id: ctx.other.id, [ctx.claims.userIdClaim]: ctx.other.id }))),
      pathUser: ctx.other.id,
    }),
  },
  {
    id: 'unknown-kid',
    title: 'a `kid` that is not in the JWKS',
    async build(ctx) {
      if (ctx.mode === 'shared-secret') return { skip: 'shared-secret mode has no key ids' };
      const key = await untrustedKey(ctx.realAlg, `authspec-probe-${crypto.randomUUID()}`);
      return { headers: bearer(await signAsymmetric(validClaims(ctx.claims, ctx.user.id), key)), pathUser: ctx.user.id };
    },
  },
  {
    id: 'oversized-token',
    title: 'an oversized token (about 8 KB)',
    async build(ctx) {
      const { token } = await signClaims(ctx, (c) => ({ ...c, pad: 'x'.repeat(8000) }));
      return {
        headers: bearer(tamperPayload(token, (c) => ({ ...c, pad: 'y'.repeat(8000) }))),
        pathUser: ctx.user.id,
      };
    },
  },
];
