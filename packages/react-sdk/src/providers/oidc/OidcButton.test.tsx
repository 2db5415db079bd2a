import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeAuthServer, renderWithAuth, stubWindowOpen } from '../../../test/support/popup-harness';
import { defineOidcButton, OidcButton, oidcButton } from './index';

const ISSUER = 'https://id.acme.test/realms/staff';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('OidcButton', () => {
  it("is labelled with the issuer's name from GET /providers and runs the discovered endpoint with a nonce", async () => {
    const server = fakeAuthServer({
      oidc: {
        name: 'Acme SSO',
        issuer: ISSUER,
        clientId: 'acme-web',
        authorizationEndpoint: `${ISSUER}/protocol/openid-connect/auth`,
      },
    });
    const { popups } = stubWindowOpen();
    renderWithAuth(server, [oidcButton], <OidcButton />);
    const button = (await screen.findByRole('button', {
      name: 'Continue with Acme SSO',
    })) as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/protocol/openid-connect/auth`);
    const state = url.searchParams.get('state') ?? '';
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'acme-web',
      scope: 'openid email profile',
      nonce: 'server-nonce-1',
      redirect_uri: `${window.location.origin}/auth/callback/oidc`,
    });

    // A callback for another attempt is refused and nothing is posted.
    await act(async () => popup.answer({ provider: 'oidc', state: `${state}x`, code: 'stolen' }));
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('state_mismatch');
    expect(server.bodies.size).toBe(0);
  });

  it('serves another id through defineOidcButton, and needs an authorization endpoint', async () => {
    const okta = defineOidcButton('okta', 'Okta');
    expect(okta).toMatchObject({ id: 'okta', name: 'Okta' });
    const server = fakeAuthServer({
      okta: {
        name: 'Okta',
        clientId: 'okta-web',
        authorizationEndpoint: 'https://acme.okta.test/oauth2/v1/authorize',
      },
      oidc: { name: 'Broken', clientId: 'x' },
    });
    const { popups } = stubWindowOpen();
    renderWithAuth(
      server,
      [okta, oidcButton],
      <>
        <okta.Button />
        <OidcButton />
      </>,
    );
    const broken = (await screen.findByRole('button', { name: 'Continue with Broken' })) as HTMLButtonElement;
    expect(broken.disabled).toBe(true);
    const button = (await screen.findByRole('button', { name: 'Continue with Okta' })) as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    expect(url.searchParams.get('redirect_uri')).toBe(`${window.location.origin}/auth/callback/okta`);
    await act(async () =>
      popup.answer({ provider: 'okta', state: url.searchParams.get('state') ?? '', code: 'okta-code' }),
    );
    await waitFor(() => expect(server.bodies.get('/auth/okta')).toMatchObject({ code: 'okta-code' }));
  });
});
