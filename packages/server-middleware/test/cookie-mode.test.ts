import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { google, socialAuth } from '../src/index';
import { type Harness, SECRET, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

const COOKIE_MODE = { 'SocialKit-Refresh': 'cookie' };
type App = Parameters<typeof request>[0];

/** The `socialkit_rt` Set-Cookie of a response, split into its value and attributes. */
function refreshCookie(res: request.Response) {
  const header = ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('socialkit_rt='));
  if (!header) return undefined;
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  return {
    value: pair.slice('socialkit_rt='.length),
    attributes: attributes.map((a) => a.toLowerCase()),
    header,
  };
}

async function cookieSignIn(app: App) {
  const idToken = await h.fakes.google.mintIdToken({
    nonce: (await request(app).post('/auth/nonce')).body.nonce,
  });
  const res = await request(app).post('/auth/google').set(COOKIE_MODE).send({ idToken }).expect(200);
  const cookie = refreshCookie(res);
  if (!cookie) throw new Error('no refresh cookie');
  return { res, cookie };
}

describe('cookie mode', () => {
  it('puts the refresh token only in an HttpOnly, SameSite=Strict cookie scoped to the mount path', async () => {
    const { app } = h.app();
    const { res, cookie } = await cookieSignIn(app);
    expect(res.body).not.toHaveProperty('refreshToken');
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { email: 'ada@example.com' } });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining([
        'httponly',
        'samesite=strict',
        'path=/auth',
        expect.stringMatching(/^max-age=\d+$/),
      ]),
    );
    // supertest speaks plain http to 127.0.0.1: the one case where Secure may be left out.
    expect(cookie.attributes).not.toContain('secure');
    expect(res.text).not.toContain(cookie.value);
  });

  it('marks the cookie Secure for any other host', async () => {
    const { app } = h.app();
    const idToken = await h.fakes.google.mintIdToken({
      nonce: (await request(app).post('/auth/nonce')).body.nonce,
    });
    const res = await request(app)
      .post('/auth/google')
      .set({ ...COOKIE_MODE, Host: 'api.example.com' })
      .send({ idToken })
      .expect(200);
    expect(refreshCookie(res)?.attributes).toContain('secure');
  });

  it('scopes the cookie to wherever the router is mounted', async () => {
    const auth = socialAuth({
      connection: h.connection,
      providers: [google({ ...h.fakes.google.options, nonce: 'optional' })],
      tokens: { secret: SECRET },
      rateLimit: false,
    });
    const app = express().use('/api/v1/auth', auth.router);
    try {
      const idToken = await h.fakes.google.mintIdToken();
      const res = await request(app)
        .post('/api/v1/auth/google')
        .set(COOKIE_MODE)
        .send({ idToken })
        .expect(200);
      expect(refreshCookie(res)?.attributes).toContain('path=/api/v1/auth');
    } finally {
      await auth.close();
    }
  });

  it('refreshes from the cookie with the header, rotating it, and never puts the token in the body', async () => {
    const { app } = h.app();
    const { cookie } = await cookieSignIn(app);
    const res = await request(app)
      .post('/auth/refresh')
      .set({ ...COOKIE_MODE, Cookie: `socialkit_rt=${cookie.value}` })
      .expect(200);
    expect(res.body).not.toHaveProperty('refreshToken');
    const next = refreshCookie(res);
    expect(next?.value).toBeDefined();
    expect(next?.value).not.toBe(cookie.value);
    await request(app).get('/auth/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
  });

  it('refuses the cookie without the header and leaves the session untouched', async () => {
    const { app } = h.app();
    const { cookie } = await cookieSignIn(app);
    const before = await h.snapshot();
    for (const path of ['/auth/refresh', '/auth/logout']) {
      const res = await request(app).post(path).set('Cookie', `socialkit_rt=${cookie.value}`).send({});
      await expectRefusal(h, before, res, 400, 'invalid_request');
    }
    await request(app)
      .post('/auth/refresh')
      .set({ ...COOKIE_MODE, Cookie: `socialkit_rt=${cookie.value}` })
      .expect(200);
  });

  it('answers 401 for a cookie-mode refresh without a cookie', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app).post('/auth/refresh').set(COOKIE_MODE);
    await expectRefusal(h, before, res, 401, 'invalid_refresh_token');
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['an opaque origin', 'null'],
    ['another port of the same host', 'http://127.0.0.1:1'],
  ])(
    'refuses %s as Origin with 403 forbidden_origin, before any provider call or write',
    async (_name, origin) => {
      const { app } = h.app();
      const { cookie } = await cookieSignIn(app);
      const idToken = await h.fakes.google.mintIdToken();
      h.fakes.reset();
      const before = await h.snapshot();
      const withCookie = { ...COOKIE_MODE, Origin: origin, Cookie: `socialkit_rt=${cookie.value}` };
      await expectRefusal(
        h,
        before,
        await request(app).post('/auth/refresh').set(withCookie),
        403,
        'forbidden_origin',
      );
      await expectRefusal(
        h,
        before,
        await request(app).post('/auth/logout').set(withCookie),
        403,
        'forbidden_origin',
      );
      const signIn = await request(app).post('/auth/google').set(withCookie).send({ idToken });
      await expectRefusal(h, before, signIn, 403, 'forbidden_origin');
      expect(h.fakes.google.requests).toEqual([]);
    },
  );

  it("accepts the API's own origin and the allowed ones", async () => {
    const { app } = h.app({ allowedOrigins: ['https://app.example.com'] });
    const { cookie } = await cookieSignIn(app);
    const own = await request(app)
      .post('/auth/refresh')
      .set({
        ...COOKIE_MODE,
        Host: 'api.example.com',
        Origin: 'http://api.example.com',
        Cookie: `socialkit_rt=${cookie.value}`,
      })
      .expect(200);
    const rotated = refreshCookie(own)?.value;
    await request(app)
      .post('/auth/refresh')
      .set({ ...COOKIE_MODE, Origin: 'https://app.example.com', Cookie: `socialkit_rt=${rotated}` })
      .expect(200);
  });

  it('logs out from the cookie, clears it with the same Path, and ends the session', async () => {
    const { app } = h.app();
    const { cookie } = await cookieSignIn(app);
    const res = await request(app)
      .post('/auth/logout')
      .set({ ...COOKIE_MODE, Cookie: `socialkit_rt=${cookie.value}` })
      .expect(204);
    const cleared = refreshCookie(res);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toEqual(expect.arrayContaining(['path=/auth', 'max-age=0', 'httponly']));
    const after = await request(app)
      .post('/auth/refresh')
      .set({ ...COOKIE_MODE, Cookie: `socialkit_rt=${cookie.value}` });
    expect({ status: after.status, code: after.body.error?.code }).toEqual({
      status: 401,
      code: 'invalid_refresh_token',
    });
  });

  it('keeps body mode for clients that do not ask for the cookie', async () => {
    const { app } = h.app();
    const idToken = await h.fakes.google.mintIdToken({
      nonce: (await request(app).post('/auth/nonce')).body.nonce,
    });
    const res = await request(app).post('/auth/google').send({ idToken }).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(typeof res.body.refreshToken).toBe('string');
  });
});
