import { createFakeGoogle, type FakeGoogle } from '@socialkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdTokenVerifier, type IdTokenVerifierOptions } from '../src/providers/id-token';

let google: FakeGoogle;
beforeAll(async () => {
  google = createFakeGoogle();
  await google.listen();
});
afterAll(() => google.close());

/** A verifier against the fake Google, with a short timeout and the given (else default) refetch cooldown. */
const verifierFor = ({
  cooldownMs,
  algorithms,
}: {
  cooldownMs?: number;
  algorithms?: IdTokenVerifierOptions['algorithms'];
} = {}) =>
  createIdTokenVerifier({
    jwksUri: google.options.jwksUri,
    issuers: ['https://accounts.google.com'],
    audiences: [google.clientId],
    fetch,
    timeoutMs: 1000,
    cooldownMs,
    algorithms,
  });

const certFetches = () => google.requests.filter((r) => r.path.endsWith('/certs')).length;

describe('createIdTokenVerifier', () => {
  it('refetches once for an unknown kid after the cooldown, however many arrive at once', async () => {
    const verify = verifierFor({ cooldownMs: 100 });
    await verify(await google.mintIdToken());
    expect(certFetches()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const unknown = await google.bad.unknownKid();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => verify(unknown)));
    expect(
      results.every(
        (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'invalid_token',
      ),
    ).toBe(true);
    expect(certFetches()).toBe(2);
  });

  it('picks up rotated keys through the unknown-kid refetch', async () => {
    const verify = verifierFor({ cooldownMs: 0 });
    await verify(await google.mintIdToken());
    await google.rotateKeys();
    await expect(verify(await google.mintIdToken())).resolves.toMatchObject({ aud: google.clientId });
  });

  it('stops accepting a key as soon as a refetched JWKS no longer lists it', async () => {
    const verify = verifierFor({ cooldownMs: 0 });
    const signedWithOldKey = await google.mintIdToken();
    await verify(signedWithOldKey);
    await google.rotateKeys();
    await verify(await google.mintIdToken());
    await expect(verify(signedWithOldKey)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it.each([
    ['jwk', { jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }],
    ['x5c', { x5c: ['MIIB'] }],
    ['x5u', { x5u: 'https://evil.example/cert.pem' }],
    ['crit', { crit: ['b64'], b64: true }],
  ])('refuses a validly signed token with a %s header', async (_name, header) => {
    const verify = verifierFor();
    await verify(await google.mintIdToken());
    const token = await google.mintIdToken({}, { header });
    await expect(verify(token)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('accepts only the configured algorithms', async () => {
    const ps256 = await google.mintIdToken({}, { alg: 'PS256' });
    await expect(verifierFor()(ps256)).rejects.toMatchObject({ code: 'invalid_token' });
    const onlyPs = verifierFor({ algorithms: ['PS256', 'ES256'] });
    await expect(onlyPs(await google.mintIdToken())).rejects.toMatchObject({ code: 'invalid_token' });
    const both = verifierFor({ algorithms: ['PS256', 'RS256'] });
    await expect(both(await google.mintIdToken())).resolves.toMatchObject({ aud: google.clientId });
  });

  it.each([
    ['none', ['none']],
    ['HS256', ['RS256', 'HS256']],
    ['an empty list', []],
    ['an unknown name', ['RSA256']],
  ])('refuses %s as algorithms at construction', (_name, algorithms) => {
    expect(() => verifierFor({ algorithms: algorithms as IdTokenVerifierOptions['algorithms'] })).toThrow(
      /algorithm/,
    );
  });
});
