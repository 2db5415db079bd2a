import { describe, expect, it } from 'vitest';
import { InvalidRequestError, InvalidTokenError } from '../errors';
import { checkAudiences, isTrue } from './id-token-claims';
import { basicAuth, checkedRedirectUri, providerError, requirePkce } from './oauth-code';
import type { VerifyContext } from './plugin';
import { secureUrl } from './provider-options';

const context = { callbackUrl: 'https://app.example/auth/callback/x' } as VerifyContext;

describe('requirePkce', () => {
  it('accepts 43–128 unreserved characters (RFC 7636 §4.1)', () => {
    expect(requirePkce({ codeVerifier: 'a'.repeat(43) })).toBe('a'.repeat(43));
    expect(requirePkce({ codeVerifier: `${'A-._~'.repeat(25)}abc` })).toHaveLength(128);
  });
  it.each([undefined, 'a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(43)} `, `${'a'.repeat(43)}+`])(
    'refuses %j with 401',
    (codeVerifier) => {
      expect(() => requirePkce({ codeVerifier })).toThrow(InvalidTokenError);
    },
  );
});

describe('checkedRedirectUri', () => {
  it('accepts the router callback and listed URIs, exactly', () => {
    expect(checkedRedirectUri({ redirectUri: context.callbackUrl }, context, [])).toBe(context.callbackUrl);
    expect(checkedRedirectUri({ redirectUri: 'app://done' }, context, ['app://done'])).toBe('app://done');
  });
  it.each([
    undefined,
    `${context.callbackUrl}/`,
    `${context.callbackUrl}?x=1`,
    'https://evil.example/auth/callback/x',
  ])('refuses %j with 400', (redirectUri) => {
    expect(() => checkedRedirectUri({ redirectUri }, context, ['app://done'])).toThrow(InvalidRequestError);
  });
});

describe('basicAuth', () => {
  it('form-encodes both parts before Base64 (RFC 6749 §2.3.1)', () => {
    const header = basicAuth('client:id', 'p@ss word');
    expect(Buffer.from(header.replace('Basic ', ''), 'base64').toString()).toBe('client%3Aid:p%40ss+word');
  });
});

describe('providerError', () => {
  it('keeps the error code and description only, bounded', () => {
    const text = providerError({
      error: 'invalid_grant',
      error_description: 'x'.repeat(1000),
      access_token: 'tok',
    });
    expect(text).toMatch(/^invalid_grant \(x{300}\)$/);
    expect(providerError({ access_token: 'tok' })).toBe('no error code');
  });
});

describe('isTrue', () => {
  it.each([
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
    [1, false],
    ['1', false],
    ['TRUE', false],
    [undefined, false],
  ])('%j → %s', (value, expected) => {
    expect(isTrue(value)).toBe(expected);
  });
});

describe('checkAudiences (OIDC Core §3.1.3.7 steps 3–5)', () => {
  it.each([
    [{ aud: 'web' }, true],
    [{ aud: ['web'] }, true],
    [{ aud: ['web', 'ios'], azp: 'web' }, true],
    [{ aud: ['web', 'ios'] }, false],
    [{ aud: ['web', 'other'], azp: 'web' }, false],
    [{ aud: 'web', azp: 'other' }, false],
    [{ aud: [] }, false],
    [{ aud: 42 }, false],
  ])('%j → accepted %s', (claims, accepted) => {
    const check = () => checkAudiences(claims, ['web', 'ios']);
    if (accepted) expect(check).not.toThrow();
    else expect(check).toThrow(InvalidTokenError);
  });
});

describe('secureUrl', () => {
  it.each(['https://x.example', 'http://localhost:3000', 'http://127.0.0.1:8080/x', 'http://[::1]:9000'])(
    'accepts %s',
    (url) => {
      expect(secureUrl(url, 'u')).toBe(url);
    },
  );
  it.each([
    'http://x.example',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io',
    'ftp://x.example',
    'nope',
  ])('refuses %s', (url) => {
    expect(() => secureUrl(url, 'u')).toThrow(/https|absolute/);
  });
});
