import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeAuthServer, renderWithAuth, stubWindowOpen } from '../../../test/support/popup-harness';
import { GitHubButton, githubButton } from './index';

const CONFIG = {
  github: {
    clientId: 'gh-client',
    authorizationEndpoint: 'https://github.test/login/oauth/authorize',
    flows: ['code'],
  },
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('GitHubButton', () => {
  it('opens the popup in the click itself, then posts code, verifier and redirectUri and signs in', async () => {
    const server = fakeAuthServer(CONFIG);
    const { popups, open } = stubWindowOpen();
    const onSuccess = vi.fn();
    const { client } = renderWithAuth(server, [githubButton], <GitHubButton onSuccess={onSuccess} />);
    const button = await screen.findByRole('button', { name: 'Continue with GitHub' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    expect(button.querySelector('svg[aria-hidden="true"]')).not.toBeNull();

    fireEvent.click(button);
    expect(open).toHaveBeenCalledTimes(1);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    expect(`${url.origin}${url.pathname}`).toBe('https://github.test/login/oauth/authorize');
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: 'gh-client',
      scope: 'read:user user:email',
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${window.location.origin}/auth/callback/github`,
    });
    // GitHub issues no ID token, so no nonce is spent on it.
    expect(query.nonce).toBeUndefined();
    expect(server.nonceCount()).toBe(0);

    await act(async () => popup.answer({ provider: 'github', state: query.state ?? '', code: 'gh-code' }));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    expect(server.bodies.get('/auth/github')).toEqual({
      code: 'gh-code',
      codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      redirectUri: `${window.location.origin}/auth/callback/github`,
    });
    expect(client.getState()).toMatchObject({ status: 'signedIn', user: { id: 'u1' } });
  });

  it('shows popup_blocked and posts nothing when the browser blocks the window', async () => {
    const server = fakeAuthServer(CONFIG);
    stubWindowOpen(true);
    const onError = vi.fn();
    renderWithAuth(server, [githubButton], <GitHubButton onError={onError} />);
    const button = await screen.findByRole('button', { name: 'Continue with GitHub' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.errorCode).toBe('popup_blocked');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'popup_blocked' }));
    expect(server.bodies.size).toBe(0);
  });

  it('is disabled when the server does not enable the code flow', async () => {
    const server = fakeAuthServer({ github: { clientId: 'gh-client', flows: ['accessToken'] } });
    const { open } = stubWindowOpen();
    renderWithAuth(server, [githubButton], <GitHubButton />);
    const button = await screen.findByRole('button', { name: 'Continue with GitHub' });
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('false'));
    expect((button as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(button);
    expect(open).not.toHaveBeenCalled();
  });

  it('takes the light theme and a translated label', async () => {
    const server = fakeAuthServer(CONFIG);
    renderWithAuth(server, [githubButton], <GitHubButton theme="light" label="Weiter mit GitHub" />);
    const button = await screen.findByRole('button', { name: 'Weiter mit GitHub' });
    expect(button.style.background).toBe('rgb(246, 248, 250)');
  });
});
