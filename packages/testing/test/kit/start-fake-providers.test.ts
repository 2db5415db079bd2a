import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProviders, startFakeProviders } from '../../src/kit/index';
import { chooserButtons } from '../support/oauth';

let fakes: FakeProviders;
beforeAll(async () => {
  fakes = await startFakeProviders();
});
afterAll(() => fakes.close());

describe('startFakeProviders', () => {
  it('starts every fake on its own port, with provider options pointing at it', () => {
    const urls = [fakes.google, fakes.facebook, fakes.apple, fakes.microsoft, fakes.github, fakes.oidc].map(
      (f) => f.url,
    );
    expect(new Set(urls).size).toBe(6);
    expect(fakes.providers.apple.jwksUri).toBe(`${fakes.apple.url}/auth/keys`);
    expect(fakes.providers.microsoft.authority).toBe(fakes.microsoft.url);
    expect(fakes.providers.github.apiUrl).toBe(`${fakes.github.url}/api`);
    expect(fakes.providers.oidc.issuer).toBe(fakes.oidc.url);
  });

  it('serves an account chooser on every authorize page', async () => {
    const common = {
      redirect_uri: 'http://127.0.0.1:3000/auth/callback/x',
      response_type: 'code',
      scope: 'openid',
      state: 's',
    };
    const pages = [
      `${fakes.apple.url}/auth/authorize?${new URLSearchParams({ ...common, client_id: fakes.apple.clientId, scope: '' })}`,
      `${fakes.microsoft.url}/common/oauth2/v2.0/authorize?${new URLSearchParams({ ...common, client_id: fakes.microsoft.clientId })}`,
      `${fakes.github.url}/login/oauth/authorize?${new URLSearchParams({ ...common, client_id: fakes.github.clientId })}`,
      `${fakes.oidc.url}/authorize?${new URLSearchParams({ ...common, client_id: fakes.oidc.clientId, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
    ];
    for (const page of pages) {
      const res = await fetch(page);
      expect(res.status).toBe(200);
      const buttons = chooserButtons(await res.text());
      expect(buttons.some((label) => label.startsWith('Grace Hopper '))).toBe(true);
    }
  });

  it('reset() clears every fake’s faults and request log', async () => {
    fakes.github.faults.set({ status: 500 });
    await fetch(`${fakes.github.url}/api/user`);
    fakes.reset();
    expect(fakes.github.requests).toEqual([]);
    expect(fakes.github.faults.current('/api/user')).toBeUndefined();
  });
});
