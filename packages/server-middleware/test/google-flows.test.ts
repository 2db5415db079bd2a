import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

/** The implicit flow is opt-in (`flows`); these cases turn it on. */
const implicitFlowApp = () =>
  h.app({ google: { ...h.fakes.google.options, flows: ['idToken', 'code', 'accessToken'] } }).app;

describe('Google access token (implicit flow)', () => {
  it('checks tokeninfo then reads userinfo', async () => {
    const app = implicitFlowApp();
    const accessToken = h.fakes.google.issueAccessToken();
    const res = await request(app).post('/auth/google').send({ accessToken }).expect(200);
    expect(res.body.user).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      providers: ['google'],
    });
    expect(h.fakes.google.requests.map((r) => r.path)).toEqual(['/tokeninfo', '/v1/userinfo']);
  });

  it.each([
    [
      'issued to another client',
      () => h.fakes.google.issueAccessToken({}, { clientId: 'other.apps.googleusercontent.com' }),
    ],
    ['expired', () => h.fakes.google.issueAccessToken({}, { expiresIn: -10 })],
    [
      'revoked',
      () => {
        const token = h.fakes.google.issueAccessToken();
        h.fakes.google.revoke(token);
        return token;
      },
    ],
    ['unknown', () => 'ya29.made-up'],
  ])('refuses a token %s with 401', async (_name, make) => {
    const app = implicitFlowApp();
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ accessToken: make() }),
      401,
      'invalid_token',
    );
  });

  it('refuses an ID token posted as an access token', async () => {
    const app = implicitFlowApp();
    const before = await h.snapshot();
    const accessToken = await h.fakes.google.mintIdToken();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ accessToken }),
      401,
      'invalid_token',
    );
  });
});

describe('Google auth code (popup flow)', () => {
  it('exchanges the code with redirect_uri=postmessage and verifies the ID token', async () => {
    const { app } = h.app();
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: 'postmessage' });
    const res = await request(app).post('/auth/google').send({ code }).expect(200);
    expect(res.body.user.email).toBe('ada@example.com');
    expect(h.fakes.google.requests.map((r) => r.path)).toContain('/token');
  });

  it('refuses a used or unknown code with 401', async () => {
    const { app } = h.app();
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: 'postmessage' });
    await request(app).post('/auth/google').send({ code }).expect(200);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ code }),
      401,
      'invalid_token',
    );
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ code: '4/0nope' }),
      401,
      'invalid_token',
    );
  });

  it('is refused as a flow when no client secret is configured', async () => {
    const { clientSecret: _omit, ...google } = h.fakes.google.options;
    const { app } = h.app({ google });
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ code: 'x' }),
      400,
      'invalid_request',
    );
  });
});
