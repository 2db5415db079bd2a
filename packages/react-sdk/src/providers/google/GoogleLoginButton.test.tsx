import { installJsdomStandIns, type JsdomStandIns } from '@socialkit/testing';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AuthServer, startAuthServer } from '../../../test/support/auth-server';
import { answerChooser, googleButton } from '../../../test/support/sandbox-ui';
import { memoryStorage } from '../../core/storage';
import { useSocialAuth } from '../../hooks/useSocialAuth';
import { SocialAuthProvider } from '../../SocialAuthProvider';
import { GoogleLoginButton } from './GoogleLoginButton';

let server: AuthServer;
let standIns: JsdomStandIns | undefined;

beforeAll(async () => {
  server = await startAuthServer();
});
afterAll(() => server?.close());
afterEach(() => {
  cleanup();
  standIns?.uninstall();
  server.resetCounts();
  server.google.reset();
});

function Status() {
  return <output>{useSocialAuth().status}</output>;
}

interface Setup {
  /** Sign in as this account without the chooser. */
  autoSelect?: string;
  /** The client ID the page asks Google for. @default the server's */
  clientId?: string;
}

function renderButton(props: Parameters<typeof GoogleLoginButton>[0], setup: Setup = {}) {
  standIns = installJsdomStandIns(window, {
    google: server.google,
    ...(setup.autoSelect ? { autoSelect: setup.autoSelect } : {}),
  });
  const onSuccess = vi.fn();
  const onError = vi.fn();
  render(
    <SocialAuthProvider
      apiUrl={server.apiUrl}
      storage={memoryStorage()}
      providers={{ google: { clientId: setup.clientId ?? server.google.clientId } }}
    >
      <Status />
      <GoogleLoginButton onSuccess={onSuccess} onError={onError} {...props} />
    </SocialAuthProvider>,
  );
  return { onSuccess, onError };
}

/** The nonce inside the ID token the button posted, as Google signed it. */
function postedNonce(): unknown {
  const { idToken } = server.lastBody('/auth/google') as { idToken: string };
  return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')).nonce;
}

describe('<GoogleLoginButton>', () => {
  it('initialises Google with a server nonce, signs in, then takes a fresh nonce', async () => {
    const { onSuccess } = renderButton({}, { autoSelect: 'ada@example.com' });
    expect(screen.getByLabelText('Sign in with Google')).toBeTruthy();
    fireEvent.click(await googleButton());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/google')).toEqual({ idToken: expect.any(String) });
    const firstNonce = postedNonce();
    expect(firstNonce).toEqual(expect.any(String));
    expect(onSuccess).toHaveBeenCalledWith({
      user: expect.objectContaining({ email: 'ada@example.com' }),
      isNewUser: true,
    });
    await waitFor(() => expect(server.count('POST /auth/nonce')).toBe(2));

    // The server accepts each nonce once, so a second sign-in only succeeds with the fresh one.
    fireEvent.click(await googleButton());
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(2));
    expect(postedNonce()).not.toBe(firstNonce);
    expect(onSuccess).toHaveBeenLastCalledWith({ user: expect.anything(), isNewUser: false });
  });

  it('is busy while the server verifies, and announces a refused token', async () => {
    // A page configured with another app's client ID gets tokens our server must refuse.
    const { onError } = renderButton({}, { autoSelect: 'ada@example.com', clientId: 'someone-else' });
    const button = await googleButton();
    const release = server.hold();
    fireEvent.click(button);
    await waitFor(() =>
      expect(
        screen.getByLabelText('Sign in with Google').closest('[aria-busy]')?.getAttribute('aria-busy'),
      ).toBe('true'),
    );
    expect(screen.getByText('Signing in…')).toBeTruthy();
    release();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The provider sign-in could not be verified. Please try again.');
    expect(alert.dataset.errorCode).toBe('invalid_token');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_token' }));
    expect(screen.getByRole('status').textContent).toBe('signedOut');
  });

  it('a dismissed Google chooser calls neither Google nor the server, and the button works again', async () => {
    renderButton({});
    fireEvent.click(await googleButton());
    await answerChooser('Sign in with Google', /^Cancel$/);
    expect(server.google.requests.filter((r) => r.path === '/sandbox/id-token')).toEqual([]);
    expect(server.count('POST /auth/google')).toBe(0);
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.click(await googleButton());
    await answerChooser('Sign in with Google', /Grace Hopper/);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
  });

  it('flow="code" renders our own labelled button and posts the code', async () => {
    renderButton({ flow: 'code', label: 'Google', className: 'brand' }, { autoSelect: 'grace@example.com' });
    const button = await screen.findByRole('button', { name: 'Google' });
    expect(button.className).toBe('brand');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/google')).toEqual({ code: expect.any(String) });
    expect(server.google.requests.some((r) => r.method === 'POST' && r.path === '/token')).toBe(true);
  });

  it('flow="code" reports a closed popup and becomes usable again', async () => {
    renderButton({ flow: 'code' });
    const button = await screen.findByRole('button', { name: 'Sign in with Google' });
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);
    await answerChooser('Sign in with Google', /^Cancel$/);
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.errorCode).toBe('popup_closed');
    expect(
      within(alert.parentElement as HTMLElement)
        .getByRole('button')
        .hasAttribute('disabled'),
    ).toBe(false);
    expect(server.count('POST /auth/google')).toBe(0);
  });
});
