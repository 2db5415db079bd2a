import express4 from 'express4';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('on Express 4', () => {
  it('signs in, guards, and turns async failures into error bodies', async () => {
    const { auth } = h.app({ google: { ...h.fakes.google.options, nonce: 'optional' } });
    const app = express4();
    app.use('/auth', auth.router as unknown as express4.Router);
    app.get('/api', auth.requireAuth() as unknown as express4.RequestHandler, (req, res) => {
      res.json({ userId: (req as unknown as { auth?: { userId: string } }).auth?.userId });
    });
    const idToken = await h.fakes.google.mintIdToken();
    const session = (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
    const me = await request(app).get('/api').set('Authorization', `Bearer ${session.token}`).expect(200);
    expect(me.body.userId).toBe(session.user.id);
    const replay = await request(app).post('/auth/refresh').send({ refreshToken: 'nope' });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_refresh_token');
    const bad = await request(app).post('/auth/google').set('content-type', 'application/json').send('{"x":');
    expect(bad.body.error.code).toBe('invalid_request');
    await request(app).post('/auth/__proto__').send({ idToken: 'x' }).expect(404);
  });
});
