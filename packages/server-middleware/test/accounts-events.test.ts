import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { facebook, google, type SocialAuthEvent } from '../src/index';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

type App = Parameters<typeof request>[0];
const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function makeApp(onEvent: (event: SocialAuthEvent) => void | Promise<void>) {
  return h.app({
    providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
    tokens: { secret: 'x'.repeat(32), reuseGraceSeconds: 0 },
    onEvent,
  });
}
async function googleSignIn(app: App) {
  const idToken = await h.fakes.google.mintIdToken();
  const res = await request(app).post('/auth/google').set('User-Agent', CHROME_LINUX).send({ idToken });
  expect(res.status).toBe(200);
  return res.body as { token: string; refreshToken: string; user: { id: string } };
}
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('onEvent', () => {
  it('reports each account event once its write is visible, with ids and labels but never a token', async () => {
    const events: SocialAuthEvent[] = [];
    const committed: boolean[] = [];
    const { app } = makeApp(async (event) => {
      events.push(event);
      if (event.type === 'signUp') {
        committed.push((await h.connection.collection('users').countDocuments()) === 1);
        committed.push((await h.connection.collection('socialauth_sessions').countDocuments()) === 1);
      }
    });
    const first = await googleSignIn(app);
    const second = await googleSignIn(app);
    const fbToken = h.fakes.facebook.issueUserToken({ id: '10000000099', email: 'ada.l@example.com' });
    await request(app)
      .post('/auth/link/facebook')
      .set(bearer(first.token))
      .send({ accessToken: fbToken })
      .expect(200);
    await request(app).delete('/auth/identities/facebook/10000000099').set(bearer(first.token)).expect(200);
    const [, secondSession] = (
      await request(app).get('/auth/sessions').set(bearer(first.token))
    ).body.sessions
      .slice()
      .sort((a: { current: boolean }, b: { current: boolean }) => Number(b.current) - Number(a.current));
    await request(app).delete(`/auth/sessions/${secondSession.id}`).set(bearer(first.token)).expect(204);
    const rotated = (await request(app).post('/auth/refresh').send({ refreshToken: first.refreshToken }))
      .body;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await request(app).post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    const third = await googleSignIn(app);
    await request(app).post('/auth/logout').send({ refreshToken: third.refreshToken }).expect(204);

    await vi.waitFor(() => expect(events).toHaveLength(8));
    const userId = first.user.id;
    const sessionOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sid;
    expect(events).toEqual([
      {
        type: 'signUp',
        userId,
        provider: 'google',
        sessionId: sessionOf(first.token),
        userAgent: 'Chrome on Linux',
        at: expect.any(Date),
      },
      {
        type: 'signIn',
        userId,
        provider: 'google',
        sessionId: sessionOf(second.token),
        userAgent: 'Chrome on Linux',
        at: expect.any(Date),
      },
      { type: 'link', userId, provider: 'facebook', subject: '10000000099', at: expect.any(Date) },
      { type: 'unlink', userId, provider: 'facebook', subject: '10000000099', at: expect.any(Date) },
      {
        type: 'sessionRevoked',
        userId,
        sessionId: secondSession.id,
        userAgent: 'Chrome on Linux',
        at: expect.any(Date),
      },
      {
        type: 'reuseDetected',
        userId,
        sessionId: sessionOf(first.token),
        userAgent: 'Chrome on Linux',
        at: expect.any(Date),
      },
      expect.objectContaining({ type: 'signIn', sessionId: sessionOf(third.token) }),
      {
        type: 'signOut',
        userId,
        sessionId: sessionOf(third.token),
        userAgent: 'Chrome on Linux',
        at: expect.any(Date),
      },
    ]);
    expect(secondSession.id).toBe(sessionOf(second.token));
    expect(committed).toEqual([true, true]);
    const serialized = JSON.stringify(events);
    for (const secret of [
      first.token,
      first.refreshToken,
      rotated.refreshToken,
      third.refreshToken,
      fbToken,
    ]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('audit log down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('audit log down'))],
  ])('never breaks the request when the listener %s; the error goes to onError', async (_name, listener) => {
    const { app, errors } = makeApp(listener);
    const session = await googleSignIn(app);
    await request(app).get('/auth/me').set(bearer(session.token)).expect(200);
    await request(app).post('/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors).toEqual([
      expect.objectContaining({ message: 'audit log down' }),
      expect.objectContaining({ message: 'audit log down' }),
    ]);
  });

  it('is refused at startup when it is not a function', () => {
    expect(() => makeApp('log' as never)).toThrow(/onEvent/);
  });
});
