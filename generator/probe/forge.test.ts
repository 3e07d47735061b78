import { generateKeyPair, exportJWK, jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { defaultVerification } from '../model.js';
import { claimsSpecOf, confusionSecrets, decodeClaims, secretBytes, signHs, tamperPayload, unsecured, validClaims } from './forge.js';
import { mintDevToken } from './token.js';

const SECRET = 'forge-test-secret-0123456789abcdefghij';

describe('forging', () => {
  it('valid claims follow the spec: iss/aud only when set, the user id claim', () => {
    const v = defaultVerification('shared-secret', 'https://iss', 'https://aud');
    v.userIdClaim = 'uid';
    const c = validClaims(claimsSpecOf(v), 'u1', 60, 1000);
    expect(c).toEqual({ sub: 'u1', uid: 'u1', iat: 1000, exp: 1060, iss: 'https://iss', aud: 'https://aud' });
    expect(validClaims(claimsSpecOf(defaultVerification('shared-secret')), 'u1', 60, 1000)).toEqual({ sub: 'u1', iat: 1000, exp: 1060 });
  });

  it('an unsecured token has alg none and an empty signature', () => {
    const t = unsecured({ sub: 'u1' }, { kid: 'k' });
    expect(t.endsWith('.')).toBe(true);
    expect(decodeProtectedHeader(t)).toMatchObject({ alg: 'none', kid: 'k' });
  });

  it('a tampered payload keeps header and signature and no longer verifies', async () => {
    const t = await signHs({ sub: 'a', exp: Math.floor(Date.now() / 1000) + 60 }, secretBytes(SECRET));
    const forged = tamperPayload(t, (c) => ({ ...c, sub: 'b' }));
    expect(forged.split('.')[0]).toBe(t.split('.')[0]);
    expect(forged.split('.')[2]).toBe(t.split('.')[2]);
    expect(decodeClaims(forged).sub).toBe('b');
    await expect(jwtVerify(forged, secretBytes(SECRET))).rejects.toThrow();
  });

  it('algorithm confusion secrets start with the public key PEM', async () => {
    const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), alg: 'EdDSA', kid: 'k1' };
    const [pem, json] = await confusionSecrets(jwk);
    expect(new TextDecoder().decode(pem)).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(new TextDecoder().decode(json)).toContain('"kid":"k1"');
  });
});

describe('mintDevToken', () => {
  it('mints an HS256 token per the spec that verifies with the secret', async () => {
    const v = defaultVerification('shared-secret', 'https://iss', 'https://aud');
    const token = await mintDevToken(v, SECRET, 'user-7', 600);
    const { payload, protectedHeader } = await jwtVerify(token, secretBytes(SECRET), { issuer: 'https://iss', audience: 'https://aud', algorithms: ['HS256'] });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.sub).toBe('user-7');
    expect(payload.exp! - payload.iat!).toBe(600);
  });
});
