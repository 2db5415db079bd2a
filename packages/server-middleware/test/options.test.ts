import { describe, expect, it } from 'vitest';
import { SocialAuthConfigError, type SocialAuthOptions, socialAuth } from './index';

const valid: SocialAuthOptions = {
  google: { clientId: 'app.apps.googleusercontent.com' },
  tokens: { secret: 's'.repeat(32) },
};

function message(options: unknown): string {
  try {
    socialAuth(options as SocialAuthOptions).close();
  } catch (err) {
    expect(err).toBeInstanceOf(SocialAuthConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a SocialAuthConfigError');
}

describe('socialAuth() options', () => {
  it('builds with valid options', async () => {
    const auth = socialAuth(valid);
    expect(typeof auth.router).toBe('function');
    await auth.close();
  });

  it.each([
    ['a typo', { ...valid, google: { clientID: 'x' } }, 'did you mean `clientId`?'],
    ['a root typo', { ...valid, rateLimt: false }, 'did you mean `rateLimit`?'],
    ['no provider', { tokens: valid.tokens }, 'at least one provider'],
    ['no Google client ID', { ...valid, google: { clientId: [] } }, '`google.clientId`'],
    ['a short secret', { ...valid, tokens: { secret: 'short' } }, 'at least 32 bytes'],
    ['no tokens', { google: valid.google }, '`tokens` is required'],
    ['RS256 without key', { ...valid, tokens: { algorithm: 'RS256' } }, '`tokens.privateKey`'],
    ['a slow provider timeout', { ...valid, providerTimeoutMs: 10_000 }, '≤ 5000'],
    ['a Facebook app without secret', { ...valid, facebook: { appId: '123' } }, '`facebook.appSecret`'],
    ['a bad link policy', { ...valid, users: { linkByEmail: 'always' } }, '`users.linkByEmail`'],
    ['a bad URL', { ...valid, google: { clientId: 'x', jwksUri: 'not a url' } }, '`google.jwksUri`'],
  ])('refuses %s with an actionable message', (_name, options, text) => {
    expect(message(options)).toContain(text);
  });
});
