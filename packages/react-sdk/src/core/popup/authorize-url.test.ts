import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, callbackUrl } from './authorize-url';
import { isCallbackMessage } from './wait-for-callback';

describe('buildAuthorizeUrl', () => {
  it("keeps the endpoint's own parameters and never lets extra params replace the protocol fields", () => {
    const url = new URL(
      buildAuthorizeUrl({
        authorizationEndpoint: 'https://login.example.test/authorize?p=B2C_1_signin',
        clientId: 'client',
        redirectUri: 'https://app.test/auth/callback/x',
        scope: 'openid',
        state: 'the-state',
        codeChallenge: 'the-challenge',
        nonce: 'the-nonce',
        params: {
          state: 'forced',
          code_challenge_method: 'plain',
          redirect_uri: 'https://evil.test',
          prompt: 'login',
        },
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      p: 'B2C_1_signin',
      prompt: 'login',
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://app.test/auth/callback/x',
      scope: 'openid',
      state: 'the-state',
      code_challenge: 'the-challenge',
      code_challenge_method: 'S256',
      nonce: 'the-nonce',
    });
  });
});

describe('callbackUrl', () => {
  it('resolves a relative apiUrl against the page and encodes the provider id', () => {
    expect(callbackUrl('/auth', 'acme sso', 'https://app.test/some/page?x=1')).toBe(
      'https://app.test/auth/callback/acme%20sso',
    );
    expect(callbackUrl('https://app.test/api/auth///', 'github', 'https://app.test/')).toBe(
      'https://app.test/api/auth/callback/github',
    );
  });
});

describe('isCallbackMessage', () => {
  it('accepts the callback page message and refuses look-alikes', () => {
    expect(isCallbackMessage({ type: 'socialkit:callback', provider: 'github', state: 's', code: 'c' })).toBe(
      true,
    );
    expect(
      isCallbackMessage({ type: 'socialkit:callback', provider: 'github', state: 's', code: null }),
    ).toBe(true);
    expect(
      isCallbackMessage({ type: 'socialkit:callback', provider: 'github', state: 's', code: ['c'] }),
    ).toBe(false);
    expect(isCallbackMessage({ type: 'socialkit:callback', provider: 'github', code: 'c' })).toBe(false);
    expect(isCallbackMessage({ type: 'other', provider: 'github', state: 's', code: 'c' })).toBe(false);
    expect(isCallbackMessage('socialkit:callback')).toBe(false);
    expect(isCallbackMessage(null)).toBe(false);
  });
});
