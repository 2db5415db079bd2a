import { randomBytes } from 'node:crypto';
import {
  createFakeApple,
  createFakeGitHub,
  createFakeMicrosoft,
  type FakeApple,
  type FakeGitHub,
  type FakeMicrosoft,
} from '@socialkit/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apple, github, microsoft } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { APP_HOST, callbackUrl, nonceOf, pkce, post, providerApp } from './support/provider-app';

// The popup code flow as the browser runs it, over HTTP: the provider's authorize page (the fakes
// pick the account without a chooser), its redirect or form_post to the router's callback page,
// then the SDK's POST with the code.
let h: Harness;
let fakeApple: FakeApple;
let fakeMicrosoft: FakeMicrosoft;
let fakeGitHub: FakeGitHub;

beforeAll(async () => {
  h = await startHarness();
  fakeApple = createFakeApple({ autoSelect: 'ada@example.com' });
  fakeMicrosoft = createFakeMicrosoft({ autoSelect: 'ada@example.com' });
  fakeGitHub = createFakeGitHub();
  await Promise.all([fakeApple.listen(), fakeMicrosoft.listen(), fakeGitHub.listen()]);
  fakeGitHub.autoSelect = fakeGitHub.accounts[0]?.id;
});
afterAll(async () => {
  await Promise.all([fakeApple.close(), fakeMicrosoft.close(), fakeGitHub.close()]);
  await h.close();
});
beforeEach(() => h.clear());

const appOf = () =>
  providerApp(h, [apple(fakeApple.options), microsoft(fakeMicrosoft.options), github(fakeGitHub.options)]);

/** Follows the authorize page's 302 to our callback URL and returns its query. */
async function redirectFrom(url: string, redirectUri: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location') ?? '';
  await response.body?.cancel();
  expect(response.status).toBe(302);
  expect(location.startsWith(redirectUri)).toBe(true);
  return new URL(location).searchParams;
}

const unescapeHtml = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields of an auto-posting form_post page. */
function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1] as string)] = unescapeHtml(match[2] as string);
  }
  return fields;
}

describe('popup code flow end to end', () => {
  it('Microsoft: authorize (PKCE, state, server nonce) → callback page → POST /microsoft', async () => {
    const { app } = appOf();
    const { verifier, challenge } = pkce();
    const state = randomBytes(12).toString('base64url');
    const redirectUri = callbackUrl('microsoft');
    const query = new URLSearchParams({
      client_id: fakeMicrosoft.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state,
      nonce: await nonceOf(app),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const callback = await redirectFrom(
      `${fakeMicrosoft.url}/common/oauth2/v2.0/authorize?${query}`,
      redirectUri,
    );
    expect(callback.get('state')).toBe(state);
    await request(app).get(`/auth/callback/microsoft?${callback}`).set('Host', APP_HOST).expect(200);
    const res = await post(app, 'microsoft', {
      code: callback.get('code'),
      codeVerifier: verifier,
      redirectUri,
    });
    expect(res.status).toBe(200);
    expect(res.body.user.providers).toEqual(['microsoft']);
  });

  it('GitHub: authorize (PKCE, state) → callback page → POST /github', async () => {
    const { app } = appOf();
    const { verifier, challenge } = pkce();
    const state = randomBytes(12).toString('base64url');
    const redirectUri = callbackUrl('github');
    const query = new URLSearchParams({
      client_id: fakeGitHub.clientId,
      redirect_uri: redirectUri,
      scope: 'read:user user:email',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const callback = await redirectFrom(
      `${fakeGitHub.options.oauthUrl}/login/oauth/authorize?${query}`,
      redirectUri,
    );
    expect(callback.get('state')).toBe(state);
    await request(app).get(`/auth/callback/github?${callback}`).set('Host', APP_HOST).expect(200);
    const res = await post(app, 'github', {
      code: callback.get('code'),
      codeVerifier: verifier,
      redirectUri,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ providers: ['github'], emailVerified: true });
  });

  it('Apple: authorize with form_post → POST /callback/apple → POST /apple with the code and first-consent user', async () => {
    const { app } = appOf();
    const state = randomBytes(12).toString('base64url');
    const redirectUri = callbackUrl('apple');
    const query = new URLSearchParams({
      client_id: fakeApple.clientId,
      redirect_uri: redirectUri,
      response_type: 'code id_token',
      response_mode: 'form_post',
      scope: 'name email',
      state,
      nonce: await nonceOf(app),
    });
    const page = await fetch(`${fakeApple.url}/auth/authorize?${query}`);
    const fields = formFields(await page.text());
    expect(fields.state).toBe(state);
    expect(JSON.parse(fields.user as string)).toMatchObject({ name: { firstName: 'Ada' } });
    await request(app)
      .post('/auth/callback/apple')
      .set('Host', APP_HOST)
      .type('form')
      .send(fields)
      .expect(200);
    const res = await post(app, 'apple', { code: fields.code, redirectUri, user: fields.user });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      emailVerified: true,
    });
  });
});
