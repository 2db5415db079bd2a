import { startFakeProviders } from '@socialkit/testing';
import { startMongoTestServer } from '@socialkit/testing/mongo';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { facebook, google, socialAuth } from '../src/index';
import { SECRET } from './support/harness';

describe('MongoDB down', () => {
  it('answers 503 store_unavailable within seconds, with no token and no hang', async () => {
    const server = await startMongoTestServer();
    const fakes = await startFakeProviders();
    const connection = await mongoose
      .createConnection(`${server.uri}/faults`, { serverSelectionTimeoutMS: 1000, heartbeatFrequencyMS: 500 })
      .asPromise();
    const errors: unknown[] = [];
    const auth = socialAuth({
      connection,
      providers: [google({ ...fakes.google.options, nonce: 'optional' }), facebook(fakes.facebook.options)],
      tokens: { secret: SECRET },
      storeTimeoutMs: 2000,
      rateLimit: false,
      onError: (err) => errors.push(err),
    });
    afterAll(async () => {
      await auth.close();
      await fakes.close();
      await connection.close();
    });
    const app = express().use('/auth', auth.router);
    app.get('/api', auth.requireAuth({ loadUser: true }), (_req, res) => {
      res.json({ ok: true });
    });
    app.get('/api/revocable', auth.requireAuth({ checkRevoked: true }), (_req, res) => {
      res.json({ ok: true });
    });

    const session = (
      await request(app)
        .post('/auth/google')
        .send({ idToken: await fakes.google.mintIdToken() })
        .expect(200)
    ).body;
    await server.stop();

    const attempts = [
      () =>
        fakes.google
          .mintIdToken({ sub: 'new-user' })
          .then((idToken) => request(app).post('/auth/google').send({ idToken })),
      () => request(app).post('/auth/facebook').send({ accessToken: fakes.facebook.issueUserToken() }),
      () => request(app).post('/auth/refresh').send({ refreshToken: session.refreshToken }),
      () => request(app).post('/auth/nonce'),
      () => request(app).get('/api').set('Authorization', `Bearer ${session.token}`),
      () => request(app).get('/api/revocable').set('Authorization', `Bearer ${session.token}`),
    ];
    for (const attempt of attempts) {
      const started = Date.now();
      const res = await attempt();
      expect(Date.now() - started).toBeLessThan(3500);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: 'store_unavailable', message: expect.any(String) } });
      expect(res.text).not.toMatch(/eyJ|Mongo/);
    }
    expect(errors.length).toBeGreaterThanOrEqual(attempts.length);
    expect((errors[0] as Error).cause).toBeDefined();
  }, 30_000);
});
