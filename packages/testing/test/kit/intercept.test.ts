import { createRemoteJWKSet, jwtVerify } from 'jose';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeApple } from '../../src/apple/index';
import { createFakeFacebook } from '../../src/facebook/index';
import { createFakeGitHub } from '../../src/github/index';
import { createFakeGoogle } from '../../src/google/index';
import type { Interception } from '../../src/kit/index';

const google = createFakeGoogle();
const facebook = createFakeFacebook();
// Their base URLs are the real origins, which the ID tokens' endpoints and the page links name.
const apple = createFakeApple({ baseUrl: 'https://appleid.apple.com' });
const github = createFakeGitHub({ baseUrl: 'https://github.com' });
const interceptions: Interception[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  interceptions.push(
    await google.intercept(),
    await facebook.intercept(),
    await apple.intercept(),
    await github.intercept(),
  );
});
afterAll(() => {
  for (const interception of interceptions) interception.restore();
  nock.enableNetConnect();
});

describe('nock mode', () => {
  it('answers the real Apple and GitHub origins with the fakes', async () => {
    const jwks = createRemoteJWKSet(new URL('https://appleid.apple.com/auth/keys'));
    const { payload } = await jwtVerify(await apple.mintIdToken(), jwks, {
      issuer: 'https://appleid.apple.com',
    });
    expect(payload.aud).toBe(apple.clientId);
    const token = github.issueAccessToken({ account: 'grace@example.com' });
    const user = await fetch('https://api.github.com/user', {
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'socialkit-test' },
    });
    expect(await user.json()).toMatchObject({ id: 583232, login: 'grace-hopper' });
    const exchange = await fetch('https://github.com/login/oauth/access_token', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: github.clientId, client_secret: 'wrong', code: 'x' }),
    });
    expect([exchange.status, ((await exchange.json()) as { error: string }).error]).toEqual([
      200,
      'incorrect_client_credentials',
    ]);
  });

  it('answers the real Google URLs with the fake', async () => {
    const jwks = createRemoteJWKSet(new URL('https://www.googleapis.com/oauth2/v3/certs'));
    const { payload } = await jwtVerify(await google.mintIdToken(), jwks, { audience: google.clientId });
    expect(payload.email).toBe('ada@example.com');
    const token = google.issueAccessToken();
    const info = await fetch(`https://oauth2.googleapis.com/tokeninfo?access_token=${token}`);
    expect(await info.json()).toMatchObject({ aud: google.clientId });
    const user = await fetch('https://openidconnect.googleapis.com/v1/userinfo', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await user.json()).toMatchObject({ sub: '1234567890' });
    const exchanged = await fetch('https://oauth2.googleapis.com/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        code: google.issueAuthCode(),
        client_id: google.clientId,
        client_secret: google.clientSecret,
        redirect_uri: 'postmessage',
        grant_type: 'authorization_code',
      }),
    });
    expect(exchanged.status).toBe(200);
    expect(google.requests.map((r) => r.path)).toEqual([
      '/oauth2/v3/certs',
      '/tokeninfo',
      '/v1/userinfo',
      '/token',
    ]);
  });

  it('answers graph.facebook.com with the fake, appsecret_proof included', async () => {
    const token = facebook.issueUserToken();
    const debug = await fetch(
      `https://graph.facebook.com/v23.0/debug_token?input_token=${token}&access_token=${encodeURIComponent(facebook.appToken)}`,
    );
    expect(await debug.json()).toMatchObject({ data: { is_valid: true, app_id: facebook.appId } });
    const me = await fetch(`https://graph.facebook.com/v23.0/me?fields=id,email&access_token=${token}`);
    expect(me.status).toBe(400);
    const proof = facebook.appSecretProof(token);
    const proven = await fetch(
      `https://graph.facebook.com/v23.0/me?fields=id,email&access_token=${token}&appsecret_proof=${proof}`,
    );
    expect(await proven.json()).toEqual({ id: '10000000001', email: 'ada@example.com' });
  });

  it('plays faults in nock mode too', async () => {
    facebook.faults.set({ status: 502, body: 'Bad Gateway' });
    const res = await fetch('https://graph.facebook.com/v23.0/me');
    expect(res.status).toBe(502);
    facebook.faults.clear();
  });
});
