import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeGoogle, GOOGLE_ISSUER } from '../../src/google/index';

const google = createFakeGoogle();
let jwks: ReturnType<typeof createRemoteJWKSet>;

beforeAll(async () => {
  await google.listen();
  jwks = createRemoteJWKSet(new URL(google.options.jwksUri));
});
afterAll(() => google.close());

const verify = (token: string) =>
  jwtVerify(token, jwks, {
    algorithms: ['RS256'],
    issuer: [GOOGLE_ISSUER, 'accounts.google.com'],
    audience: google.clientId,
    clockTolerance: 60,
  });

describe('fake Google ID tokens', () => {
  it('mints RS256 tokens with Google claims that verify against the served JWKS', async () => {
    const { payload, protectedHeader } = await verify(await google.mintIdToken({ nonce: 'n-1' }));
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: google.jwks().keys[0]?.kid });
    expect(payload).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: google.clientId,
      azp: google.clientId,
      sub: '1234567890',
      email: 'ada@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      nonce: 'n-1',
    });
    expect(payload.exp).toBe((payload.iat ?? 0) + 3600);
    expect(payload.picture).toMatch(/^https:\/\//);
  });

  it('lets claims be overridden or removed', async () => {
    const { payload } = await verify(
      await google.mintIdToken({ sub: '42', email: 'x@example.com', nonce: undefined }),
    );
    expect(payload).toMatchObject({ sub: '42', email: 'x@example.com' });
    expect(payload).not.toHaveProperty('nonce');
  });

  it('serves the JWKS with a Google-like Cache-Control', async () => {
    const res = await fetch(google.options.jwksUri);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const body = (await res.json()) as { keys: Array<Record<string, string>> };
    expect(body.keys).toHaveLength(1);
    expect(body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(body.keys[0]).not.toHaveProperty('d');
  });
});

describe('fake Google bad tokens are refused for the right reason', () => {
  const cases: Array<[string, () => Promise<string> | string, new (...args: never[]) => Error, string?]> = [
    ['wrongAudience', () => google.bad.wrongAudience(), errors.JWTClaimValidationFailed, 'aud'],
    ['expired', () => google.bad.expired(), errors.JWTExpired, 'exp'],
    ['notYetValid', () => google.bad.notYetValid(), errors.JWTClaimValidationFailed, 'nbf'],
    ['wrongIssuer', () => google.bad.wrongIssuer(), errors.JWTClaimValidationFailed, 'iss'],
    ['algNone', () => google.bad.algNone(), errors.JOSEAlgNotAllowed],
    ['hs256WithPublicKey', () => google.bad.hs256WithPublicKey(), errors.JOSEAlgNotAllowed],
    ['unexpectedAlg', () => google.bad.unexpectedAlg(), errors.JOSEAlgNotAllowed],
    ['unknownKid', () => google.bad.unknownKid(), errors.JWKSNoMatchingKey],
    ['wrongKey', () => google.bad.wrongKey(), errors.JWSSignatureVerificationFailed],
    ['tamperedSignature', () => google.bad.tamperedSignature(), errors.JWSSignatureVerificationFailed],
    ['tamperedPayload', () => google.bad.tamperedPayload(), errors.JWSSignatureVerificationFailed],
  ];

  it.each(cases)('%s', async (_name, make, errorClass, claim) => {
    const error = await verify(await make()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    if (claim) expect(error).toHaveProperty('claim', claim);
  });

  it('wrongAuthorizedParty keeps our audience but names another azp', async () => {
    const { payload } = await verify(await google.bad.wrongAuthorizedParty());
    expect(payload.aud).toBe(google.clientId);
    expect(payload.azp).not.toBe(google.clientId);
  });

  it('unverifiedEmail verifies but says the email is not verified', async () => {
    const { payload } = await verify(await google.bad.unverifiedEmail());
    expect(payload.email_verified).toBe(false);
  });

  it('jkuHeader carries a jku and noExpiry has no exp', async () => {
    expect(decodeProtectedHeader(await google.bad.jkuHeader())).toHaveProperty('jku');
    const { payload } = await verify(await google.bad.noExpiry());
    expect(payload).not.toHaveProperty('exp');
  });

  it('hs256WithPublicKey is a correct HMAC over the published public key', async () => {
    const token = await google.bad.hs256WithPublicKey();
    const jwk = google.jwks().keys[0] as JsonWebKey;
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(String(pem)), {
      algorithms: ['HS256'],
    });
    expect(payload.sub).toBe('1234567890');
  });
});

describe('fake Google key rotation', () => {
  it('publishes only the new key after rotateKeys()', async () => {
    const before = await google.mintIdToken();
    const oldKid = decodeProtectedHeader(before).kid;
    await google.rotateKeys();
    const fresh = createRemoteJWKSet(new URL(google.options.jwksUri));
    const after = await google.mintIdToken();
    expect(decodeProtectedHeader(after).kid).not.toBe(oldKid);
    await expect(jwtVerify(after, fresh)).resolves.toBeTruthy();
    await expect(jwtVerify(before, fresh)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });
});
