import { describe, expect, it, vi } from 'vitest';
import { facebook, google, SocialAuthConfigError, type SocialAuthOptions, socialAuth } from '../src/index';

const clientId = 'app.apps.googleusercontent.com';
const tokens = { secret: 's'.repeat(32) };
const valid = (): SocialAuthOptions => ({ providers: [google({ clientId })], tokens });

/** The startup error a mistake produces, whether the factory or `socialAuth()` finds it. */
function message(build: () => unknown): string {
  try {
    const auth = build() as { close(): Promise<void> };
    void auth.close();
  } catch (err) {
    expect(err).toBeInstanceOf(SocialAuthConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a SocialAuthConfigError');
}

const options = (value: unknown) => () => socialAuth(value as SocialAuthOptions);
const googleWith = (value: unknown) => () => google(value as Parameters<typeof google>[0]);
const facebookWith = (value: unknown) => () => facebook(value as Parameters<typeof facebook>[0]);

describe('socialAuth() options', () => {
  it('builds with valid options', async () => {
    const auth = socialAuth(valid());
    expect(typeof auth.router).toBe('function');
    await auth.close();
  });

  it.each([
    ['a typo', googleWith({ clientID: 'x' }), 'did you mean `clientId`?'],
    ['a root typo', options({ ...valid(), rateLimt: false }), 'did you mean `rateLimit`?'],
    ['a provider key at the root', options({ ...valid(), google: { clientId } }), 'unknown option `google`'],
    ['no provider', options({ tokens }), 'at least one provider'],
    ['no Google client ID', googleWith({ clientId: [] }), '`google.clientId`'],
    ['a short secret', options({ ...valid(), tokens: { secret: 'short' } }), 'at least 32 bytes'],
    ['no tokens', options({ providers: valid().providers }), '`tokens` is required'],
    ['RS256 without key', options({ ...valid(), tokens: { algorithm: 'RS256' } }), '`tokens.privateKey`'],
    ['a slow provider timeout', options({ ...valid(), providerTimeoutMs: 10_000 }), '≤ 5000'],
    ['a Facebook app without secret', facebookWith({ appId: '123' }), '`facebook.appSecret`'],
    [
      'a Facebook typo',
      facebookWith({ appId: '123', appSecret: 'x'.repeat(16), trustEmails: true }),
      'did you mean `trustEmail`?',
    ],
    ['a bad link policy', options({ ...valid(), users: { linkByEmail: 'always' } }), '`users.linkByEmail`'],
    ['a bad URL', googleWith({ clientId: 'x', jwksUri: 'not a url' }), '`google.jwksUri`'],
    ['an unknown Google flow', googleWith({ clientId, flows: ['implicit'] }), '`google.flows`'],
    [
      'the code flow without a client secret',
      googleWith({ clientId, flows: ['idToken', 'code'] }),
      '`google.clientSecret`',
    ],
    [
      'two providers with one id',
      options({ ...valid(), providers: [google({ clientId }), google({ clientId })] }),
      'two providers have the id `google`',
    ],
    ['a provider that is not one', options({ ...valid(), providers: [{ id: 'x' }] }), '`providers[0]`'],
    [
      'a provider named like a route',
      options({ ...valid(), providers: [{ ...google({ clientId }), id: 'refresh' }] }),
      'not a route name',
    ],
    ['an onError that is not a function', options({ ...valid(), onError: 'log' }), '`onError`'],
    [
      'a foreign allowed origin that is not an origin',
      options({ ...valid(), allowedOrigins: ['app.example.com'] }),
      '`allowedOrigins`',
    ],
  ])('refuses %s with an actionable message', (_name, build, text) => {
    expect(message(build)).toContain(text);
  });

  it('enables the code flow by default only with a client secret', () => {
    expect(google({ clientId }).publicConfig()).toEqual({ clientId, flows: ['idToken'] });
    expect(google({ clientId, clientSecret: 'secret' }).publicConfig()).toEqual({
      clientId,
      flows: ['idToken', 'code'],
    });
  });

  it('closes what providers hold when the app closes', async () => {
    const close = vi.fn(async () => {});
    const auth = socialAuth({ ...valid(), providers: [{ ...google({ clientId }), close }] });
    await auth.close();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
