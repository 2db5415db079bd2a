import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, SECRET, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

const key = createSecretKey(Buffer.from(SECRET));
const claims = { issuer: 'socialkit', audience: 'socialkit-api', subject: '507f1f77bcf86cd799439011' };
const sign = (opts: jwt.SignOptions, k: jwt.Secret = key) =>
  jwt.sign({}, k, { expiresIn: 60, ...claims, header: { alg: 'HS256', typ: 'at+jwt' }, ...opts });

describe('requireAuth()', () => {
  it('sets req.auth for a valid token', async () => {
    const { app, auth } = h.app();
    const { token } = auth.accessTokens.sign('507f1f77bcf86cd799439011');
    const res = await request(app).get('/api/private').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({ userId: '507f1f77bcf86cd799439011' });
  });

  it('exposes the session id of the token as req.auth.sessionId', async () => {
    const { app, auth } = h.app();
    app.get('/api/whoami', auth.requireAuth(), (req, res) => {
      res.json(req.auth);
    });
    const { token } = auth.accessTokens.sign('507f1f77bcf86cd799439011', { sessionId: 'family-1' });
    const res = await request(app).get('/api/whoami').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({
      userId: '507f1f77bcf86cd799439011',
      sessionId: 'family-1',
      claims: { sub: '507f1f77bcf86cd799439011', sid: 'family-1' },
    });
  });

  it.each([
    [
      'alg none',
      () => jwt.sign({}, '', { ...claims, algorithm: 'none', header: { alg: 'none', typ: 'at+jwt' } }),
    ],
    ['another secret', () => sign({}, 'another-secret-of-at-least-32-bytes!!')],
    ['wrong aud', () => sign({ audience: 'other' })],
    ['wrong iss', () => sign({ issuer: 'other' })],
    ['wrong typ', () => sign({ header: { alg: 'HS256', typ: 'JWT' } })],
    ['no exp', () => jwt.sign({}, key, { ...claims, header: { alg: 'HS256', typ: 'at+jwt' } })],
    ['a Google ID token', () => h.fakes.google.mintIdToken()],
    ['a refresh token', () => 'k-0anzoO1zFOX1F8nd69hpnbLEI0kwtjvDiXSFJ_xD8'],
  ])('answers 401 invalid_token with WWW-Authenticate for %s', async (_name, make) => {
    const { app } = h.app();
    const res = await request(app)
      .get('/api/private')
      .set('Authorization', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'invalid_token', message: expect.any(String) } });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('answers 401 token_expired for an expired token', async () => {
    const { app } = h.app();
    const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 10 }, key, {
      ...claims,
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    const res = await request(app).get('/api/private').set('Authorization', `Bearer ${expired}`);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('token_expired');
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it.each([
    ['no header', undefined],
    ['empty Bearer', 'Bearer '],
    ['two spaces', 'Bearer  TOKEN'],
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['no scheme', 'TOKEN'],
  ])('answers 401 for %s', async (_name, header) => {
    const { app, auth } = h.app();
    const token = auth.accessTokens.sign('507f1f77bcf86cd799439011').token;
    const req = request(app).get('/api/private');
    if (header) req.set('Authorization', header.replace('TOKEN', token));
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('ignores a token in the query string', async () => {
    const { app, auth } = h.app();
    const token = auth.accessTokens.sign('507f1f77bcf86cd799439011').token;
    await request(app).get(`/api/private?access_token=${token}`).expect(401);
  });

  it('with loadUser refuses deleted and disabled users', async () => {
    const { app } = h.app({ google: { ...h.fakes.google.options, nonce: 'optional' } });
    const idToken = await h.fakes.google.mintIdToken();
    const { token } = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
    await request(app).get('/api/strict').set('Authorization', `Bearer ${token}`).expect(200);
    await h.connection.collection('users').updateMany({}, { $set: { disabled: true } });
    await request(app).get('/api/strict').set('Authorization', `Bearer ${token}`).expect(401);
    await request(app).get('/api/private').set('Authorization', `Bearer ${token}`).expect(200);
    await h.connection.collection('users').deleteMany({});
    await request(app).get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });
});
