import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeFacebook } from '../../src/facebook/index';

const facebook = createFakeFacebook();
beforeAll(() => facebook.listen());
afterAll(() => facebook.close());
beforeEach(() => facebook.reset());

interface GraphBody {
  data: Record<string, unknown>;
  error: Record<string, unknown>;
  picture: { data: { url: string } };
  [field: string]: unknown;
}

const graph = async (path: string, query: Record<string, string>) => {
  const res = await fetch(`${facebook.options.graphUrl}${path}?${new URLSearchParams(query)}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphBody };
};
const debug = (inputToken: string, appToken = facebook.appToken) =>
  graph('/debug_token', { input_token: inputToken, access_token: appToken });
const me = (token: string, proof: string | undefined = facebook.appSecretProof(token)) =>
  graph('/me', {
    fields: 'id,name,email,picture',
    access_token: token,
    ...(proof ? { appsecret_proof: proof } : {}),
  });

describe('fake Facebook debug_token', () => {
  it('describes a valid user token of this app', async () => {
    const { status, body } = await debug(facebook.issueUserToken());
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      app_id: facebook.appId,
      type: 'USER',
      is_valid: true,
      user_id: '10000000001',
    });
    expect(body.data.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(facebook.options.graphUrl).toMatch(/\/v23\.0$/);
  });

  it('tells the truth about other apps, expiry, invalidation and token type', async () => {
    expect((await debug(facebook.issueUserToken({}, { appId: '999' }))).body.data.app_id).toBe('999');
    expect((await debug(facebook.issueUserToken({}, { expiresIn: -10 }))).body.data.is_valid).toBe(false);
    expect((await debug(facebook.issueUserToken({}, { isValid: false }))).body.data.is_valid).toBe(false);
    const page = (await debug(facebook.issueUserToken({}, { type: 'PAGE' }))).body.data;
    expect(page).toMatchObject({ type: 'PAGE', is_valid: true });
    const token = facebook.issueUserToken();
    facebook.invalidate(token);
    expect((await debug(token)).body.data.is_valid).toBe(false);
  });

  it('answers is_valid false for a token it never issued', async () => {
    const { status, body } = await debug('EAAnonsense');
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ is_valid: false, error: { code: 190 } });
  });

  it('requires the app access token', async () => {
    const token = facebook.issueUserToken();
    const wrong = await debug(token, `${facebook.appId}|wrong-secret`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ type: 'OAuthException', code: 190 });
    expect(wrong.body.error.fbtrace_id).toEqual(expect.any(String));
    const missing = await graph('/debug_token', { input_token: token });
    expect(missing.body.error.code).toBe(104);
  });
});

describe('fake Facebook /me', () => {
  it('returns the profile with a correct appsecret_proof', async () => {
    const { status, body } = await me(
      facebook.issueUserToken({ name: 'Grace Hopper', email: 'grace@example.com' }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: '10000000001', name: 'Grace Hopper', email: 'grace@example.com' });
    expect(body.picture.data.url).toMatch(/^https:\/\//);
  });

  it('omits the email of a user who has none', async () => {
    const { body } = await me(facebook.issueUserToken({ email: undefined }));
    expect(body).not.toHaveProperty('email');
    expect(body.id).toBe('10000000001');
  });

  it('refuses a missing or wrong appsecret_proof', async () => {
    const token = facebook.issueUserToken();
    const missing = await me(token, '');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      code: 100,
      message: expect.stringContaining('appsecret_proof'),
    });
    const wrong = await me(token, 'ab'.repeat(32));
    expect(wrong.body.error).toMatchObject({
      code: 100,
      message: expect.stringContaining('Invalid appsecret_proof'),
    });
  });

  it("refuses another app's token even with a proof made with our secret", async () => {
    const { status, body } = await me(facebook.issueUserToken({}, { appId: '999' }));
    expect(status).toBe(400);
    expect(body.error.code).toBe(100);
  });

  it('refuses expired, invalidated and unknown tokens with code 190', async () => {
    for (const token of [
      facebook.issueUserToken({}, { expiresIn: -5 }),
      facebook.issueUserToken({}, { isValid: false }),
      'EAAnonsense',
    ]) {
      const { status, headers, body } = await me(token);
      expect(status).toBe(400);
      expect(body.error.code).toBe(190);
      expect(headers.get('www-authenticate')).toContain('invalid_token');
    }
  });

  it('refuses unknown fields like Graph does', async () => {
    const token = facebook.issueUserToken();
    const res = await graph('/me', {
      fields: 'id,password',
      access_token: token,
      appsecret_proof: facebook.appSecretProof(token),
    });
    expect(res.body.error.message).toContain('nonexisting field (password)');
  });

  it('records every request with its query', async () => {
    await me('EAAx', 'p');
    expect(facebook.requests).toEqual([
      {
        method: 'GET',
        path: '/v23.0/me',
        query: { fields: 'id,name,email,picture', access_token: 'EAAx', appsecret_proof: 'p' },
      },
    ]);
  });
});

describe('fake Facebook with tokens in the Authorization header', () => {
  it('takes the app token and the user token as Bearer, like a server keeping tokens out of URLs', async () => {
    const token = facebook.issueUserToken();
    const base = facebook.options.graphUrl;
    const debugRes = await fetch(`${base}/debug_token?input_token=${token}`, {
      headers: { authorization: `Bearer ${facebook.appToken}` },
    });
    expect(await debugRes.json()).toMatchObject({ data: { is_valid: true, type: 'USER' } });
    const proof = facebook.appSecretProof(token);
    const meRes = await fetch(
      `${base}/me?fields=id,name,email,picture.type(large)&appsecret_proof=${proof}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const body = (await meRes.json()) as GraphBody;
    expect(body).toMatchObject({ id: '10000000001', email: 'ada@example.com' });
    expect(body.picture.data).toMatchObject({ width: 200, height: 200 });
  });
});

describe('fake Facebook sandbox login', () => {
  it('issues a token for the asking app that debug_token and the browser Graph call accept', async () => {
    const accounts = await (await fetch(`${facebook.baseUrl}/sandbox/accounts`)).json();
    expect(accounts.accounts.map((a: { name: string }) => a.name)).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
      'Alan Turing',
    ]);
    const res = await fetch(`${facebook.baseUrl}/sandbox/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: facebook.appId, account: 'grace@example.com' }),
    });
    const login = (await res.json()) as {
      accessToken: string;
      userID: string;
      expiresIn: number;
      signedRequest: string;
    };
    expect(login).toMatchObject({ userID: '10000000002', expiresIn: expect.any(Number) });
    expect((await debug(login.accessToken)).body.data).toMatchObject({
      is_valid: true,
      user_id: '10000000002',
    });
    const browserMe = await fetch(
      `${facebook.baseUrl}/sandbox/graph/me?fields=name&access_token=${login.accessToken}`,
    );
    expect(await browserMe.json()).toEqual({ id: '10000000002', name: 'Grace Hopper' });
  });
});
