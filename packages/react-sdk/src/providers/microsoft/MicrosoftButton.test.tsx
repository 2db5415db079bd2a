import { CALLBACK_CHANNEL } from '@socialkit/contract';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeAuthServer, renderWithAuth, stubWindowOpen } from '../../../test/support/popup-harness';
import { MicrosoftButton, microsoftButton } from './index';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function enabledButton(name: string) {
  const button = (await screen.findByRole('button', { name })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

describe('MicrosoftButton', () => {
  it("sends a server nonce to the tenant's v2.0 endpoint and completes over the channel when the window is cut off", async () => {
    const server = fakeAuthServer({
      microsoft: {
        clientId: 'ms-client',
        tenant: TENANT,
        authority: 'https://login.microsoft.test',
        flows: ['idToken', 'code'],
      },
    });
    const { popups } = stubWindowOpen();
    const onSuccess = vi.fn();
    renderWithAuth(server, [microsoftButton], <MicrosoftButton onSuccess={onSuccess} />);
    const button = await enabledButton('Sign in with Microsoft');
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    expect(`${url.origin}${url.pathname}`).toBe(
      `https://login.microsoft.test/${TENANT}/oauth2/v2.0/authorize`,
    );
    const query = Object.fromEntries(url.searchParams);
    expect(query).toMatchObject({
      client_id: 'ms-client',
      scope: 'openid profile email',
      nonce: 'server-nonce-1',
      prompt: 'select_account',
      code_challenge_method: 'S256',
      redirect_uri: `${window.location.origin}/auth/callback/microsoft`,
    });

    // Entra's COOP severs the popup: it reads as closed, and only the channel carries the answer.
    popup.closed = true;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(onSuccess).not.toHaveBeenCalled();
    const callbackPage = new BroadcastChannel(CALLBACK_CHANNEL);
    await act(async () => {
      callbackPage.postMessage({
        type: 'socialkit:callback',
        provider: 'microsoft',
        state: query.state,
        code: 'ms-code',
      });
    });
    callbackPage.close();
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    expect(server.bodies.get('/auth/microsoft')).toMatchObject({
      code: 'ms-code',
      redirectUri: query.redirect_uri,
    });
  });

  it('uses the endpoint the server names, the dark theme, and reports access_denied', async () => {
    const server = fakeAuthServer({
      microsoft: {
        clientId: 'ms-client',
        tenant: 'common',
        authorizationEndpoint: 'https://fake.test/common/authorize',
      },
    });
    const { popups } = stubWindowOpen();
    renderWithAuth(server, [microsoftButton], <MicrosoftButton theme="dark" />);
    const button = await enabledButton('Sign in with Microsoft');
    expect(button.style.background).toBe('rgb(47, 47, 47)');
    expect(button.querySelectorAll('svg rect')).toHaveLength(4);
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const url = await popup.authorizeUrl();
    expect(`${url.origin}${url.pathname}`).toBe('https://fake.test/common/authorize');
    await act(async () =>
      popup.answer({
        provider: 'microsoft',
        state: url.searchParams.get('state') ?? '',
        error: 'access_denied',
      }),
    );
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('access_denied');
    expect(server.bodies.size).toBe(0);
  });
});
