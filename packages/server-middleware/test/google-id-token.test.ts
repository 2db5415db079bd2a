import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, serverNonce, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

describe('POST /auth/google with an ID token', () => {
  it('creates the user once and answers a session', async () => {
    const { app } = h.app();
    const idToken = await h.fakes.google.mintIdToken({ nonce: await serverNonce(app) });
    const res = await request(app).post('/auth/google').send({ idToken }).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      isNewUser: true,
      user: { email: 'ada@example.com', emailVerified: true, name: 'Ada Lovelace', providers: ['google'] },
    });
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers['cache-control']).toBe('no-store');

    const me = await request(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(200);
    expect(me.body.user).toEqual(res.body.user);

    const again = await h.fakes.google.mintIdToken({ nonce: await serverNonce(app) });
    const second = await request(app).post('/auth/google').send({ idToken: again }).expect(200);
    expect(second.body.isNewUser).toBe(false);
    expect(second.body.user.id).toBe(res.body.user.id);
    expect(await h.connection.collection('users').countDocuments()).toBe(1);
  });

  it('refuses a replayed ID token: the nonce is consumed exactly once', async () => {
    const { app } = h.app();
    const idToken = await h.fakes.google.mintIdToken({ nonce: await serverNonce(app) });
    const results = await Promise.all(
      [1, 2, 3].map(() => request(app).post('/auth/google').send({ idToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    const before = await h.snapshot();
    const replay = await request(app).post('/auth/google').send({ idToken });
    await expectRefusal(h, before, replay, 401, 'invalid_token');
  });

  it.each([
    ['no nonce', async () => h.fakes.google.mintIdToken()],
    ['an unknown nonce', async () => h.fakes.google.mintIdToken({ nonce: 'made-up-by-the-client' })],
  ])('refuses %s', async (_name, mint) => {
    const { app } = h.app();
    const idToken = await mint();
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ idToken }),
      401,
      'invalid_token',
    );
  });

  it('accepts a token without nonce when nonce is optional', async () => {
    const { app } = h.app({ google: { ...h.fakes.google.options, nonce: 'optional' } });
    const idToken = await h.fakes.google.mintIdToken();
    await request(app).post('/auth/google').send({ idToken }).expect(200);
  });

  const bad = () => h.fakes.google.bad;
  it.each([
    ['aud of another app', (nonce: string) => bad().wrongAudience({ nonce })],
    ['azp of another app', (nonce: string) => bad().wrongAuthorizedParty({ nonce })],
    ['an expired token', (nonce: string) => bad().expired({ nonce })],
    ['iat/nbf in the future', (nonce: string) => bad().notYetValid({ nonce })],
    [
      'iat in the future without nbf',
      (nonce: string) => h.fakes.google.mintIdToken({ nonce, iat: Math.floor(Date.now() / 1000) + 600 }),
    ],
    ['iss https://evil.example', (nonce: string) => bad().wrongIssuer({ nonce })],
    [
      'iss http://accounts.google.com',
      (nonce: string) => bad().wrongIssuer({ nonce, iss: 'http://accounts.google.com' }),
    ],
    [
      'iss look-alike',
      (nonce: string) => bad().wrongIssuer({ nonce, iss: 'https://accounts.google.com.evil.example' }),
    ],
    ['alg none', async (nonce: string) => bad().algNone({ nonce })],
    ['HS256 signed with the public key', (nonce: string) => bad().hs256WithPublicKey({ nonce })],
    ['RS512', (nonce: string) => bad().unexpectedAlg({ nonce })],
    ['an unknown kid', (nonce: string) => bad().unknownKid({ nonce })],
    ['a wrong key under the right kid', (nonce: string) => bad().wrongKey({ nonce })],
    ['a tampered signature', (nonce: string) => bad().tamperedSignature({ nonce })],
    ['a tampered payload', (nonce: string) => bad().tamperedPayload({ nonce })],
    ['a jku header', (nonce: string) => bad().jkuHeader({ nonce })],
    ['no exp', (nonce: string) => bad().noExpiry({ nonce })],
  ])('refuses %s with 401 and writes nothing', async (_name, mint) => {
    const { app } = h.app();
    const idToken = await mint(await serverNonce(app));
    const before = await h.snapshot();
    const res = await request(app).post('/auth/google').send({ idToken });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });

  it('accepts the bare accounts.google.com issuer and a token within 60 s of skew', async () => {
    const { app } = h.app();
    const now = Math.floor(Date.now() / 1000);
    const idToken = await h.fakes.google.mintIdToken({
      nonce: await serverNonce(app),
      iss: 'accounts.google.com',
      iat: now - 3600,
      exp: now - 30,
    });
    await request(app).post('/auth/google').send({ idToken }).expect(200);
  });

  it('never follows a jku header, wherever it points', async () => {
    const { app } = h.app();
    const hits: string[] = [];
    const keyServer = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    try {
      const jku = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/jwks.json`;
      const local = await h.fakes.google.mintIdToken({ nonce: await serverNonce(app) }, { header: { jku } });
      const remote = await h.fakes.google.bad.jkuHeader({ nonce: await serverNonce(app) });
      for (const idToken of [local, remote]) {
        const res = await request(app).post('/auth/google').send({ idToken });
        expect({ status: res.status, code: res.body.error?.code }).toEqual({
          status: 401,
          code: 'invalid_token',
        });
      }
      expect(hits).toEqual([]);
      expect(h.refusedHosts).toEqual([]);
    } finally {
      await new Promise((resolve) => keyServer.close(resolve));
    }
  });

  it('refuses our own API token and a Facebook token posted as a Google ID token', async () => {
    const { app, auth } = h.app();
    const before = await h.snapshot();
    const ours = auth.accessTokens.sign('507f1f77bcf86cd799439011').token;
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ idToken: ours }),
      401,
      'invalid_token',
    );
    const fb = h.fakes.facebook.issueUserToken();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ idToken: fb }),
      401,
      'invalid_token',
    );
  });

  it('refuses outside the hd allowlist, trusting only the claim', async () => {
    const { app } = h.app({ google: { ...h.fakes.google.options, hostedDomains: ['example.com'] } });
    const noClaim = await h.fakes.google.mintIdToken({
      nonce: await serverNonce(app),
      email: 'ada@example.com',
    });
    const before = await h.snapshot();
    const res = await request(app).post('/auth/google').send({ idToken: noClaim });
    await expectRefusal(h, before, res, 403, 'signup_not_allowed');
    const otherDomain = await h.fakes.google.mintIdToken({
      nonce: await serverNonce(app),
      hd: 'evil.example',
    });
    const afterOther = await h.snapshot();
    await expectRefusal(
      h,
      afterOther,
      await request(app).post('/auth/google').send({ idToken: otherDomain }),
      403,
      'signup_not_allowed',
    );
    const withClaim = await h.fakes.google.mintIdToken({ nonce: await serverNonce(app), hd: 'example.com' });
    await request(app).post('/auth/google').send({ idToken: withClaim }).expect(200);
  });
});
