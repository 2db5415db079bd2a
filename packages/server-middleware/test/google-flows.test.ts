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
    expect(h.fakes.google.requests).toEqual([]);
  });

  it("exchanges a code sent back to this router's callback page with that redirect_uri", async () => {
    const { app } = h.app();
    const callbackUrl = `http://api.example.com/auth/callback/google`;
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: callbackUrl });
    await request(app)
      .post('/auth/google')
      .set('Host', 'api.example.com')
      .send({ code, redirectUri: callbackUrl })
      .expect(200);
    // The fake's token endpoint refuses a redirect_uri other than the one the code was issued for.
    expect(h.fakes.google.requests.map((r) => r.path)).toContain('/token');
    const again = h.fakes.google.issueAuthCode({}, { redirectUri: callbackUrl });
    await request(app).post('/auth/google').set('Host', 'api.example.com').send({ code: again }).expect(401);
  });

  it('accepts a redirect URI listed in redirectUris, exactly as written', async () => {
    const listed = 'https://app.example.com/oauth/done/';
    const { app } = h.app({ google: { ...h.fakes.google.options, redirectUris: [listed] } });
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: listed });
    await request(app).post('/auth/google').send({ code, redirectUri: listed }).expect(200);
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/google')
      .send({ code, redirectUri: listed.slice(0, -1) });
    await expectRefusal(h, before, res, 400, 'invalid_request');
  });

  it('refuses a redirectUri that is not one of this app, before any provider call', async () => {
    const { app } = h.app();
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: 'https://evil.example/callback' });
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/google')
      .send({ code, redirectUri: 'https://evil.example/callback' });
    await expectRefusal(h, before, res, 400, 'invalid_request');
    expect(h.fakes.google.requests).toEqual([]);
  });
});

describe('Google flows option', () => {
  it('leaves the implicit access-token flow off by default: 400 with no provider call', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/google')
      .send({ accessToken: h.fakes.google.issueAccessToken() });
    await expectRefusal(h, before, res, 400, 'invalid_request');
    expect(res.body.error.message).toContain('accessToken');
    expect(h.fakes.google.requests).toEqual([]);
  });

  it('refuses the code flow when flows leaves it out, even with a client secret', async () => {
    const { app } = h.app({ google: { ...h.fakes.google.options, flows: ['idToken'] } });
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: 'postmessage' });
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await request(app).post('/auth/google').send({ code }),
      400,
      'invalid_request',
    );
    expect(h.fakes.google.requests).toEqual([]);
    const providers = await request(app).get('/auth/providers').expect(200);
    expect(providers.body.providers[0]).toEqual({
      id: 'google',
      clientId: h.fakes.google.clientId,
      flows: ['idToken'],
    });
  });

  it('refuses a disabled flow sent together with an enabled one', async () => {
    const { app } = h.app();
    const idToken = await h.fakes.google.mintIdToken();
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/google')
      .send({ idToken, accessToken: h.fakes.google.issueAccessToken() });
    await expectRefusal(h, before, res, 400, 'invalid_request');
    expect(h.fakes.google.requests).toEqual([]);
  });

  it('refuses to start with the code flow asked for and no client secret', () => {
    const { clientSecret: _omit, ...options } = h.fakes.google.options;
    expect(() => h.app({ google: { ...options, flows: ['code'] } })).toThrow(/`google.clientSecret`/);
  });
});
