import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGoogle } from '../../src/google/index';

const google = createFakeGoogle();
beforeAll(() => google.listen());
afterAll(() => google.close());
beforeEach(() => google.reset());

const getJson = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};
const tokenInfo = (token: string) => getJson(`${google.options.tokenInfoUrl}?access_token=${token}`);
const userInfo = (token: string) =>
  getJson(google.options.userInfoUrl, { headers: { authorization: `Bearer ${token}` } });
const exchange = (fields: Record<string, string>) =>
  getJson(google.options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
const goodExchange = (code: string) => ({
  code,
  client_id: google.clientId,
  client_secret: google.clientSecret,
  redirect_uri: 'postmessage',
  grant_type: 'authorization_code',
});

describe('fake Google tokeninfo and userinfo', () => {
  it('describes a live access token like Google does', async () => {
    const token = google.issueAccessToken({ email: 'grace@example.com' });
    const { status, body } = await tokenInfo(token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ aud: google.clientId, azp: google.clientId, sub: '1234567890' });
    expect(body).toMatchObject({ email: 'grace@example.com', email_verified: 'true' });
    expect(Number(body.expires_in)).toBeGreaterThan(3500);
    const info = await userInfo(token);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ sub: '1234567890', email: 'grace@example.com', email_verified: true });
  });

  it('accepts the token as a POST form field too', async () => {
    const res = await getJson(google.options.tokenInfoUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: google.issueAccessToken() }),
    });
    expect(res).toMatchObject({ status: 200, body: { aud: google.clientId } });
  });

  it('names the other client for a token issued to another app', async () => {
    const { body } = await tokenInfo(
      google.issueAccessToken({}, { clientId: 'other.apps.googleusercontent.com' }),
    );
    expect(body.aud).toBe('other.apps.googleusercontent.com');
  });

  it('refuses unknown, expired and revoked tokens', async () => {
    const revoked = google.issueAccessToken();
    google.revoke(revoked);
    for (const token of ['nope', google.issueAccessToken({}, { expiresIn: -1 }), revoked]) {
      expect(await tokenInfo(token)).toMatchObject({ status: 400, body: { error: 'invalid_token' } });
      const info = await userInfo(token);
      expect(info.status).toBe(401);
      expect(info.headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('verifies an ID token passed as id_token', async () => {
    const res = await getJson(`${google.options.tokenInfoUrl}?id_token=${await google.mintIdToken()}`);
    expect(res.body).toMatchObject({ aud: google.clientId, email_verified: 'true', alg: 'RS256' });
    const bad = await getJson(`${google.options.tokenInfoUrl}?id_token=${await google.bad.wrongKey()}`);
    expect(bad.status).toBe(400);
  });
});

describe('fake Google code exchange', () => {
  it('trades a code for an ID token (with the nonce) and an access token, once', async () => {
    const code = google.issueAuthCode({ sub: '77' }, { nonce: 'n-9' });
    const { status, body } = await exchange(goodExchange(code));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const jwks = createRemoteJWKSet(new URL(google.options.jwksUri));
    const { payload } = await jwtVerify(String(body.id_token), jwks, { audience: google.clientId });
    expect(payload).toMatchObject({ sub: '77', nonce: 'n-9' });
    expect((await userInfo(String(body.access_token))).body.sub).toBe('77');
    expect(await exchange(goodExchange(code))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it.each([
    ['wrong secret', { client_secret: 'wrong' }, 401, 'invalid_client'],
    ['unknown client', { client_id: 'other.apps.googleusercontent.com' }, 401, 'invalid_client'],
    ['missing client', { client_id: '' }, 400, 'invalid_request'],
    ['wrong redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 400, 'redirect_uri_mismatch'],
    ['wrong grant_type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['unknown code', { code: '4/0nope' }, 400, 'invalid_grant'],
  ])('refuses %s', async (_name, change, status, error) => {
    const code = google.issueAuthCode();
    expect(await exchange({ ...goodExchange(code), ...change })).toMatchObject({ status, body: { error } });
    expect((await exchange(goodExchange(code))).status).toBe(200);
  });

  it('refuses a code issued to another client', async () => {
    const code = google.issueAuthCode({}, { clientId: 'other.apps.googleusercontent.com' });
    expect(await exchange(goodExchange(code))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('accepts client credentials through HTTP Basic', async () => {
    const { client_id, client_secret, ...rest } = goodExchange(google.issueAuthCode());
    const res = await getJson(google.options.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(rest),
    });
    expect(res.status).toBe(200);
  });
});

describe('fake Google request log and sandbox', () => {
  it('records every request', async () => {
    await tokenInfo('abc');
    expect(google.requests).toEqual([{ method: 'GET', path: '/tokeninfo', query: { access_token: 'abc' } }]);
  });

  it('signs in sandbox accounts for the client that asks', async () => {
    const accounts = await getJson(`${google.baseUrl}/sandbox/accounts`);
    expect(accounts.headers.get('access-control-allow-origin')).toBe('*');
    expect(accounts.body.accounts).toHaveLength(3);
    const res = await getJson(`${google.baseUrl}/sandbox/id-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: google.clientId, nonce: 'abc', account: 'alan@example.com' }),
    });
    const jwks = createRemoteJWKSet(new URL(google.options.jwksUri));
    const { payload } = await jwtVerify(String(res.body.credential), jwks, { audience: google.clientId });
    expect(payload).toMatchObject({ name: 'Alan Turing', email_verified: false, nonce: 'abc' });
    const avatar = await fetch(String(payload.picture));
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('hands out sandbox access tokens and codes', async () => {
    const post = (path: string) =>
      getJson(`${google.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: google.clientId, account: '1234567891' }),
      });
    const access = await post('/sandbox/access-token');
    expect((await userInfo(String(access.body.access_token))).body.name).toBe('Grace Hopper');
    const code = await post('/sandbox/code');
    expect((await exchange(goodExchange(String(code.body.code)))).status).toBe(200);
    const unknown = await getJson(`${google.baseUrl}/sandbox/id-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: google.clientId, account: 'nobody' }),
    });
    expect(unknown.status).toBe(400);
  });
});
