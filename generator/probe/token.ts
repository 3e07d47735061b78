import type { Verification } from '../model.js';
import { claimsSpecOf, secretBytes, signHs, validClaims } from './forge.js';

/** A development token per the spec: the first HS* algorithm of the allow-list (HS256 by default). */
export async function mintDevToken(v: Verification, secret: string, sub: string, ttlSeconds: number): Promise<string> {
  const alg = v.algorithms.find((a) => /^HS(256|384|512)$/.test(a)) ?? 'HS256';
  return signHs(validClaims(claimsSpecOf(v), sub, ttlSeconds), secretBytes(secret), {}, alg);
}
