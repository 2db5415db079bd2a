import { generateKeyPairSync } from 'node:crypto';
import * as jose from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenOptions } from '../src/index';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

const OLD = 'old-api-token-secret-of-at-least-32-bytes';
const NEW = 'new-api-token-secret-of-at-least-32-bytes';

/** One deployment's app: the same database, `tokens` as that deployment configures them. */
const deploy = (tokens: TokenOptions) => h.app({ tokens }).app;
const kidOf = (token: string) => jose.decodeProtectedHeader(token).kid;
const guarded = (app: ReturnType<typeof deploy>, token: string) =>
  request(app).get('/api/revocable').set('Authorization', `Bearer ${token}`);

describe('rotating the API token keys', () => {
  it('keeps a session alive across the change: old tokens verify, new ones carry the new kid', async () => {
    // Before: the app signs with k1.
    const before = deploy({ keys: [{ kid: 'k1', secret: OLD }] });
    const signIn = await request(before)
      .post('/auth/facebook')
      .send({ accessToken: h.fakes.facebook.issueUserToken() })
      .expect(200);
    const first = signIn.body as { token: string; refreshToken: string; user: { id: string } };
    expect(kidOf(first.token)).toBe('k1');

    // During: k2 signs, k1 still verifies (every instance gets the list before k2 goes first).
    const during = deploy({
      keys: [
        { kid: 'k2', secret: NEW },
        { kid: 'k1', secret: OLD },
      ],
    });
    expect((await guarded(during, first.token).expect(200)).body).toEqual({ userId: first.user.id });
    const refreshed = await request(during)
      .post('/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    expect(kidOf(refreshed.body.token)).toBe('k2');
    expect(refreshed.body.user.id).toBe(first.user.id);
    await guarded(during, refreshed.body.token).expect(200);
    // An instance not yet updated refuses the new kid: hence "add first, sign later".
    await guarded(before, refreshed.body.token).expect(401);

    // After: k1 removed once its last token expired; its tokens are refused, the session goes on.
    const after = deploy({ keys: [{ kid: 'k2', secret: NEW }] });
    const refused = await guarded(after, first.token).expect(401);
    expect(refused.body.error.code).toBe('invalid_token');
    expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    await guarded(after, refreshed.body.token).expect(200);
    const again = await request(after)
      .post('/auth/refresh')
      .send({ refreshToken: refreshed.body.refreshToken })
      .expect(200);
    expect(kidOf(again.body.token)).toBe('k2');
  });

  it('moves from a single secret to keys without signing anyone out', async () => {
    const single = deploy({ secret: OLD });
    const signIn = await request(single)
      .post('/auth/facebook')
      .send({ accessToken: h.fakes.facebook.issueUserToken() })
      .expect(200);
    expect(kidOf(signIn.body.token)).toBeUndefined();
    const listed = deploy({
      keys: [
        { kid: '2026-12', secret: NEW },
        { kid: 'initial', secret: OLD },
      ],
    });
    await guarded(listed, signIn.body.token).expect(200);
    const refreshed = await request(listed)
      .post('/auth/refresh')
      .send({ refreshToken: signIn.body.refreshToken })
      .expect(200);
    expect(kidOf(refreshed.body.token)).toBe('2026-12');
  });

  it('publishes every public key on the JWKS route while rotating RS256 to ES256', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const before = deploy({ keys: [{ kid: 'rsa-1', privateKey: rsa.privateKey }] });
    const old = (
      await request(before)
        .post('/auth/facebook')
        .send({ accessToken: h.fakes.facebook.issueUserToken() })
        .expect(200)
    ).body.token as string;
    const during = deploy({
      keys: [
        { kid: 'ec-2', privateKey: ec.privateKey },
        { kid: 'rsa-1', publicKey: rsa.publicKey },
      ],
    });
    const jwks = (await request(during).get('/auth/.well-known/jwks.json').expect(200)).body;
    expect(jwks.keys.map((key: { kid: string; alg: string }) => [key.kid, key.alg])).toEqual([
      ['ec-2', 'ES256'],
      ['rsa-1', 'RS256'],
    ]);
    // A resource server verifying with the published set accepts both generations.
    const set = jose.createLocalJWKSet(jwks);
    const options = { issuer: 'socialkit', audience: 'socialkit-api', typ: 'at+jwt' };
    await expect(jose.jwtVerify(old, set, options)).resolves.toBeDefined();
    await guarded(during, old).expect(200);
  });
});
