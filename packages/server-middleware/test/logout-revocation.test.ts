import jwt from 'jsonwebtoken';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { facebook, google } from '../src/index';
import { type Harness, SECRET, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

type App = Parameters<typeof request>[0];
const revoked = () => h.connection.collection('socialauth_revoked_tokens');

const options = (tokens: { reuseGraceSeconds?: number } = {}) => ({
  providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
  tokens: { secret: SECRET, ...tokens },
});
async function signIn(tokens: { reuseGraceSeconds?: number } = {}) {
  const { app } = h.app(options(tokens));
  const idToken = await h.fakes.google.mintIdToken();
  const session = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
  return { app, token: session.token as string, refreshToken: session.refreshToken as string };
}
const logout = (app: App, refreshToken: string, bearer?: string) => {
  const req = request(app).post('/auth/logout').send({ refreshToken });
  return bearer ? req.set('Authorization', `Bearer ${bearer}`) : req;
};
const get = (app: App, path: string, token: string) =>
  request(app).get(path).set('Authorization', `Bearer ${token}`);
const refusedWithChallenge = (res: request.Response) => {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
  expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
};

describe('POST /logout with the access token', () => {
  it('revokes it until its exp: checkRevoked, loadUser and /me refuse it, the stateless guard does not', async () => {
    const { app, token, refreshToken } = await signIn();
    await get(app, '/api/revocable', token).expect(200);
    await logout(app, refreshToken, token).expect(204);

    refusedWithChallenge(await get(app, '/api/revocable', token));
    refusedWithChallenge(await get(app, '/api/strict', token));
    refusedWithChallenge(await get(app, '/auth/me', token));
    await get(app, '/api/private', token).expect(200);
    await request(app).post('/auth/refresh').send({ refreshToken }).expect(401);

    const { exp, jti } = jwt.decode(token) as { exp: number; jti: string };
    expect(await revoked().find({}).toArray()).toEqual([
      expect.objectContaining({ jti, expiresAt: new Date(exp * 1000) }),
    ]);
    expect(await revoked().indexes()).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
  });

  it('leaves other sessions of the same user working', async () => {
    const first = await signIn();
    const idToken = await h.fakes.google.mintIdToken();
    const second = (await request(first.app).post('/auth/google').send({ idToken }).expect(200)).body;
    await logout(first.app, first.refreshToken, first.token).expect(204);
    await get(first.app, '/api/revocable', second.token).expect(200);
  });

  it('is idempotent', async () => {
    const { app, token, refreshToken } = await signIn();
    await Promise.all([logout(app, refreshToken, token), logout(app, refreshToken, token)]);
    await logout(app, refreshToken, token).expect(204);
    expect(await revoked().countDocuments()).toBe(1);
    refusedWithChallenge(await get(app, '/api/revocable', token));
  });

  it('ignores a forged bearer, even one naming a real jti, and still ends the refresh token', async () => {
    const { app, refreshToken } = await signIn();
    // The forged bearer names the jti of another session of the same user, which must keep working.
    const idToken = await h.fakes.google.mintIdToken();
    const { token } = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
    const { jti, sub } = jwt.decode(token) as { jti: string; sub: string };
    const forged = jwt.sign({}, 'another-secret-of-at-least-32-bytes!!', {
      issuer: 'socialkit',
      audience: 'socialkit-api',
      subject: sub,
      jwtid: jti,
      expiresIn: 60,
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    await logout(app, refreshToken, forged).expect(204);
    expect(await revoked().countDocuments()).toBe(0);
    await get(app, '/api/revocable', token).expect(200);
    await request(app).post('/auth/refresh').send({ refreshToken }).expect(401);
  });

  it('accepts an expired access token: 204, nothing left to deny', async () => {
    const { app, refreshToken } = await signIn();
    const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 30 }, SECRET, {
      issuer: 'socialkit',
      audience: 'socialkit-api',
      subject: '507f1f77bcf86cd799439011',
      jwtid: 'expired-jti',
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    await logout(app, refreshToken, expired).expect(204);
    expect(await revoked().countDocuments()).toBe(0);
    await request(app).post('/auth/refresh').send({ refreshToken }).expect(401);
  });
});

describe('revocation by session (sid)', () => {
  it('a body-only logout refuses the session’s access tokens at revocation-checking guards', async () => {
    const { app, token, refreshToken } = await signIn();
    const rotated = (await request(app).post('/auth/refresh').send({ refreshToken }).expect(200)).body;
    await logout(app, rotated.refreshToken).expect(204);
    for (const access of [token, rotated.token]) {
      refusedWithChallenge(await get(app, '/api/revocable', access));
      refusedWithChallenge(await get(app, '/auth/me', access));
    }
    // Nothing per token was recorded: the session itself is revoked.
    expect(await revoked().countDocuments()).toBe(0);
    const sid = (jwt.decode(token) as { sid: string }).sid;
    expect(await h.connection.collection('socialauth_sessions').findOne({ _id: sid as never })).toMatchObject(
      {
        revokedAt: expect.any(Date),
      },
    );
  });

  it('reuse detection refuses the access tokens of the whole session, old and new', async () => {
    const { app, token, refreshToken } = await signIn({ reuseGraceSeconds: 0 });
    const rotated = (await request(app).post('/auth/refresh').send({ refreshToken }).expect(200)).body;
    await get(app, '/api/revocable', rotated.token).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await request(app).post('/auth/refresh').send({ refreshToken }).expect(401);
    refusedWithChallenge(await get(app, '/api/revocable', token));
    refusedWithChallenge(await get(app, '/api/revocable', rotated.token));
    await request(app).post('/auth/refresh').send({ refreshToken: rotated.refreshToken }).expect(401);
  });

  it('a disabled user met on refresh loses every session, access tokens included', async () => {
    const { app, token, refreshToken } = await signIn();
    const idToken = await h.fakes.google.mintIdToken();
    const other = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
    await h.connection.collection('users').updateMany({}, { $set: { disabled: true } });
    await request(app).post('/auth/refresh').send({ refreshToken }).expect(401);
    await h.connection.collection('users').updateMany({}, { $unset: { disabled: 1 } });
    refusedWithChallenge(await get(app, '/api/revocable', token));
    refusedWithChallenge(await get(app, '/api/revocable', other.token));
  });

  it('auth.revokeSessions(userId) ends every session of a user from the app, access tokens included', async () => {
    const { app, auth } = h.app(options());
    const idToken = await h.fakes.google.mintIdToken();
    const session = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
    await h.connection.collection('users').updateMany({}, { $set: { disabled: true } });
    await auth.revokeSessions(session.user.id);
    refusedWithChallenge(await get(app, '/api/revocable', session.token));
    await h.connection.collection('users').updateMany({}, { $unset: { disabled: 1 } });
    refusedWithChallenge(await get(app, '/api/revocable', session.token));
    await request(app).post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('is seen by every instance sharing the database', async () => {
    const { app, token, refreshToken } = await signIn();
    const other = h.app(options()).app;
    await get(other, '/api/revocable', token).expect(200);
    await logout(app, refreshToken).expect(204);
    refusedWithChallenge(await get(other, '/api/revocable', token));
  });

  it('leaves the stateless guard stateless: it still accepts the token until exp', async () => {
    const { app, token, refreshToken } = await signIn();
    await logout(app, refreshToken).expect(204);
    await get(app, '/api/private', token).expect(200);
  });
});
