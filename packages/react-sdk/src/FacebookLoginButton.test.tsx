import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractFetch } from '../test/support/contract-fetch';
import { installSdkStandIns } from '../test/support/sdk-stand-ins';
import { memoryStorage } from './core/storage';
import { FacebookLoginButton } from './FacebookLoginButton';
import { useSocialAuth } from './hooks/useSocialAuth';
import { SocialAuthProvider } from './SocialAuthProvider';

let uninstall = () => {};
afterEach(() => {
  cleanup();
  uninstall();
});

function Status() {
  return <output>{useSocialAuth().status}</output>;
}

function renderButton(login: { accessToken: string; userID: string } | null) {
  const server = createContractFetch();
  uninstall = installSdkStandIns(window, {
    googleCredential: async () => null,
    facebookLogin: async () => login,
  }).uninstall;
  render(
    <SocialAuthProvider
      apiUrl="http://auth.test/auth"
      storage={memoryStorage()}
      fetch={server.fetch}
      facebook={{ appId: 'fb-app' }}
      messages={{
        facebookButton: 'Continuer avec Facebook',
        signingIn: 'Connexion…',
        errors: { cancelled: 'Annulé.' },
      }}
    >
      <Status />
      <FacebookLoginButton />
    </SocialAuthProvider>,
  );
  return server;
}

describe('<FacebookLoginButton>', () => {
  it('posts the access token with the user id, busy until the server answers', async () => {
    const server = renderButton({ accessToken: 'fb-good', userID: '42' });
    const button = screen.getByRole('button', { name: 'Continuer avec Facebook' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedOut'));
    const release = server.hold();
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(button.textContent).toBe('Connexion…');
    release();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/facebook')).toEqual({ accessToken: 'fb-good', userID: '42' });
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  it('announces a cancelled dialog in the app language', async () => {
    const server = renderButton(null);
    fireEvent.click(screen.getByRole('button', { name: 'Continuer avec Facebook' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Annulé.');
    expect(server.count('/auth/facebook')).toBe(0);
  });
});
