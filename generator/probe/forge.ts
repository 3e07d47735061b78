/**
 * Token minting and forging with jose. Legitimate tokens (shared-secret mode) follow the spec's
 * claims; forged ones break exactly one thing each so a 2xx answer names the missing check.
 */
import { SignJWT, base64url, exportSPKI, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import type { Verification } from '../model.js';

export interface ClaimsSpec {
  issuer?: string;
  audience?: string;
  userIdClaim: string;
}

export function claimsSpecOf(v: Verification): ClaimsSpec {
  return { ...(v.issuer ? { issuer: v.issuer } : {}), ...(v.audience ? { audience: v.audience } : {}), userIdClaim: v.userIdClaim };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims of a valid token for `sub`, per the spec. */
export function validClaims(spec: ClaimsSpec, sub: string, ttlSeconds = 900, now = nowSeconds()): JWTPayload {
  const claims: JWTPayload = { sub, iat: now, exp: now + ttlSeconds };
  if (spec.userIdClaim !== 'sub') claims[spec.userIdClaim] = sub;
  if (spec.issuer) claims.iss = spec.issuer;
  if (spec.audience) claims.aud = spec.audience;
  return claims;
}

export function secretBytes(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** HS-family signature over the given claims and header (alg defaults to HS256). */
export async function signHs(claims: JWTPayload, secret: Uint8Array, header: Record<string, unknown> = {}, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...header, alg }).sign(secret);
}

/** An unsecured JWT (`alg: none`, empty signature): jose refuses to make one, so it is assembled here. */
export function unsecured(claims: JWTPayload, header: Record<string, unknown> = {}): string {
  const enc = (o: unknown): string => base64url.encode(JSON.stringify(o));
  return `${enc({ ...header, alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}

export interface ProbeKey {
  alg: string;
  kid: string;
  privateKey: Parameters<SignJWT["sign"]>[0];
}

/** A fresh key pair nobody trusts, to sign tokens that look like Better Auth's (same alg, chosen kid). */
export async function untrustedKey(alg: string, kid: string): Promise<ProbeKey> {
  const supported = ['EdDSA', 'ES256', 'ES512', 'PS256', 'RS256'];
  const useAlg = supported.includes(alg) ? alg : 'EdDSA';
  const { privateKey } = await generateKeyPair(useAlg, useAlg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { alg: useAlg, kid, privateKey };
}

export async function signAsymmetric(claims: JWTPayload, key: ProbeKey, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: key.alg, kid: key.kid }).sign(key.privateKey);
}

/**
 * The secrets an algorithm-confusion attacker would try for a public key: its PEM (what a naive
 * `jwt.decode(token, public_pem, algorithms=[...,"HS256"])` would verify HS256 with) and its JSON.
 */
export async function confusionSecrets(jwk: JWK): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [secretBytes(JSON.stringify(jwk))];
  try {
    const key = await importJWK({ ...jwk }, jwk.alg ?? 'EdDSA', { extractable: true });
    if (!(key instanceof Uint8Array)) out.unshift(secretBytes(await exportSPKI(key)));
  } catch {
    // A key jose cannot import still yields the JSON variant.
  }
  return out;
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function tamperPayload(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as Record<string, unknown>;
  return `${header}.${base64url.encode(JSON.stringify(change(claims)))}.${signature}`;
}

export function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
}

export function decodeHeader(token: string): Record<string, unknown> {
  const header = token.split('.')[0] ?? '';
  return JSON.parse(new TextDecoder().decode(base64url.decode(header))) as Record<string, unknown>;
}
