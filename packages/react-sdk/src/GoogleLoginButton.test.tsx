import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractFetch } from '../test/support/contract-fetch';
import { installSdkStandIns } from '../test/support/sdk-stand-ins';
import { memoryStorage } from './core/storage';
import { GoogleLoginButton } from './GoogleLoginButton';
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

function renderButton(props: Parameters<typeof GoogleLoginButton>[0], credential: string | null = 'good') {
  const server = createContractFetch();
  const standIns = installSdkStandIns(window, {
    googleCredential: async () => credential,
    googleCode: async () => (credential ? 'good-code' : null),
  });
  uninstall = standIns.uninstall;
  const onSuccess = vi.fn();
  const onError = vi.fn();
  render(
    <SocialAuthProvider
      apiUrl="http://auth.test/auth"
      storage={memoryStorage()}
      fetch={server.fetch}
      google={{ clientId: 'g' }}
    >
      <Status />
      <GoogleLoginButton onSuccess={onSuccess} onError={onError} {...props} />
    </SocialAuthProvider>,
  );
  return { server, standIns, onSuccess, onError };
}

describe('<GoogleLoginButton>', () => {
  it('initialises Google with a server nonce, signs in, then takes a fresh nonce', async () => {
    const { server, standIns, onSuccess } = renderButton({});
    const googleButton = await screen.findByRole('button', { name: 'Google' });
    expect(screen.getByLabelText('Sign in with Google')).toBeTruthy();
    const firstNonce = standIns.initialized.at(-1)?.nonce;
    expect(firstNonce).toMatch(/^nonce-/);

    fireEvent.click(googleButton);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/google')).toEqual({ idToken: 'good' });
    expect(onSuccess).toHaveBeenCalledWith({
      user: expect.objectContaining({ id: 'ada' }),
      isNewUser: false,
    });
    await waitFor(() => expect(standIns.initialized.at(-1)?.nonce).not.toBe(firstNonce));
    expect(server.count('/auth/nonce')).toBe(2);
  });

  it('is busy while the server verifies, and announces a refused token', async () => {
    const { server, onError } = renderButton({}, 'forged');
    const googleButton = await screen.findByRole('button', { name: 'Google' });
    const hold = server.hold();
    fireEvent.click(googleButton);
    await waitFor(() =>
      expect(
        screen.getByLabelText('Sign in with Google').closest('[aria-busy]')?.getAttribute('aria-busy'),
      ).toBe('true'),
    );
    expect(screen.getByText('Signing in…')).toBeTruthy();
    hold();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The provider sign-in could not be verified. Please try again.');
    expect(alert.dataset.errorCode).toBe('invalid_token');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_token' }));
  });

  it('reports a dismissed Google prompt as cancelled without calling the server', async () => {
    const { server } = renderButton({}, null);
    fireEvent.click(await screen.findByRole('button', { name: 'Google' }));
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('cancelled');
    expect(server.count('/auth/google')).toBe(0);
  });

  it('flow="code" renders our own labelled button and posts the code', async () => {
    const { server } = renderButton({ flow: 'code', label: 'Google', className: 'brand' });
    const button = await screen.findByRole('button', { name: 'Google' });
    expect(button.className).toBe('brand');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/google')).toEqual({ code: 'good-code' });
  });

  it('flow="code" reports a closed popup and becomes usable again', async () => {
    renderButton({ flow: 'code' }, null);
    const button = await screen.findByRole('button', { name: 'Sign in with Google' });
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.errorCode).toBe('popup_closed');
    expect(
      within(alert.parentElement as HTMLElement)
        .getByRole('button')
        .hasAttribute('disabled'),
    ).toBe(false);
  });
});
