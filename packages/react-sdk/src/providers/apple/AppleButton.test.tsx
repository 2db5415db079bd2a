import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeAuthServer, renderWithAuth, stubWindowOpen } from '../../../test/support/popup-harness';
import type { AppleIdAuth } from './apple-js';
import { AppleButton, appleButton } from './index';

const CONFIG = {
  apple: {
    clientId: 'com.example.web',
    authorizationEndpoint: 'https://apple.test/auth/authorize',
    flows: ['idToken', 'code'],
  },
};
const USER = { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ignored@example.com' };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  delete (globalThis as { AppleID?: unknown }).AppleID;
});

async function enabledButton(name: string) {
  const button = (await screen.findByRole('button', { name })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

describe('AppleButton', () => {
  it("without Apple JS: Apple's page in our popup with form_post and a server nonce; posts the code and user", async () => {
    const server = fakeAuthServer(CONFIG);
    const { popups } = stubWindowOpen();
    renderWithAuth(server, [appleButton], <AppleButton />);
    const button = await enabledButton('Sign in with Apple');
    expect(button.style.background).toBe('rgb(0, 0, 0)');
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: 'com.example.web',
      response_type: 'code id_token',
      response_mode: 'form_post',
      scope: 'name email',
      nonce: 'server-nonce-1',
      redirect_uri: `${window.location.origin}/auth/callback/apple`,
    });
    // Apple has no PKCE: the server nonce binds the code instead.
    expect(query.code_challenge).toBeUndefined();
    const user = JSON.stringify(USER);
    await act(async () =>
      popup.answer({
        provider: 'apple',
        state: query.state ?? '',
        code: 'apple-code',
        idToken: 'apple-id-token',
        user,
      }),
    );
    await waitFor(() =>
      expect(server.bodies.get('/auth/apple')).toEqual({
        code: 'apple-code',
        redirectUri: query.redirect_uri,
        user,
      }),
    );
  });

  it('with Apple JS loaded: its popup with the prefetched server nonce, and the ID token posted', async () => {
    const init = vi.fn<AppleIdAuth['init']>();
    const signIn = vi.fn(async () => ({
      authorization: { code: 'c', id_token: 'apple-js-id-token', state: init.mock.calls[0]?.[0].state },
      user: USER,
    }));
    (globalThis as { AppleID?: unknown }).AppleID = { auth: { init, signIn } };
    const server = fakeAuthServer(CONFIG);
    const { open } = stubWindowOpen();
    renderWithAuth(server, [appleButton], <AppleButton title="continue" theme="white-outline" />);
    const button = await enabledButton('Continue with Apple');
    await waitFor(() => expect(server.nonceCount()).toBe(1));
    fireEvent.click(button);
    expect(init).toHaveBeenCalledWith(
      expect.objectContaining({
        clientId: 'com.example.web',
        nonce: 'server-nonce-1',
        usePopup: true,
        redirectURI: `${window.location.origin}/auth/callback/apple`,
      }),
    );
    expect(signIn).toHaveBeenCalledTimes(1);
    expect(open).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(server.bodies.get('/auth/apple')).toEqual({
        idToken: 'apple-js-id-token',
        user: JSON.stringify({ name: { firstName: 'Ada', lastName: 'Lovelace' } }),
      }),
    );
    // The nonce is single use: the next click gets a fresh one.
    await waitFor(() => expect(server.nonceCount()).toBe(2));
  });

  it("refuses an Apple JS answer whose state is not this attempt's, and maps Apple's cancel", async () => {
    const signIn = vi
      .fn()
      .mockResolvedValueOnce({ authorization: { code: 'c', id_token: 't', state: 'forged' } })
      .mockRejectedValueOnce({ error: 'popup_closed_by_user' });
    (globalThis as { AppleID?: unknown }).AppleID = { auth: { init: vi.fn(), signIn } };
    const server = fakeAuthServer(CONFIG);
    renderWithAuth(server, [appleButton], <AppleButton />);
    const button = await enabledButton('Sign in with Apple');
    await waitFor(() => expect(server.nonceCount()).toBe(1));
    fireEvent.click(button);
    await waitFor(async () =>
      expect((await screen.findByRole('alert')).dataset.errorCode).toBe('state_mismatch'),
    );
    await waitFor(() => expect(server.nonceCount()).toBe(2));
    fireEvent.click(button);
    await waitFor(async () =>
      expect((await screen.findByRole('alert')).dataset.errorCode).toBe('popup_closed'),
    );
    expect(server.bodies.size).toBe(0);
  });
});
