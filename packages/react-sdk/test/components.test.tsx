import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocialAuthProvider, SocialLogin, useSocialAuth } from '../src/index';
import { type AuthServer, startAuthServer } from './support/auth-server';
import { installSdkStandIns } from './support/sdk-stand-ins';

let server: AuthServer;
let uninstall = () => {};
let cancelNext = false;

beforeAll(async () => {
  server = await startAuthServer();
  uninstall = installSdkStandIns(window, {
    // Google signs the nonce our button initialised GIS with into the ID token, as real GIS does.
    googleCredential: async ({ nonce }) =>
      cancelNext
        ? null
        : server.google.mintIdToken({ nonce, sub: 'ui-google', email: 'ui-google@example.com' }),
    facebookLogin: async () =>
      cancelNext
        ? null
        : {
            accessToken: server.facebook.issueUserToken({ id: '10001', email: 'ui-fb@example.com' }),
            userID: '10001',
          },
  }).uninstall;
});
afterAll(async () => {
  uninstall();
  await server?.close();
});
afterEach(() => {
  cleanup();
  window.localStorage.clear();
  cancelNext = false;
});

function Account() {
  const { status, user, signOut } = useSocialAuth();
  if (status === 'loading') return <output>loading</output>;
  if (status === 'signedOut') return <SocialLogin />;
  return (
    <>
      <output>{user?.email}</output>
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </>
  );
}

const renderApp = () =>
  render(
    <SocialAuthProvider apiUrl={server.apiUrl}>
      <Account />
    </SocialAuthProvider>,
  );

describe('components against @socialkit/express', () => {
  it('signs in with Google through the button, stays signed in after a remount, and signs out', async () => {
    const app = renderApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Google' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('ui-google@example.com'));
    expect(server.count('POST /auth/nonce')).toBeGreaterThanOrEqual(1);
    app.unmount();

    renderApp();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('ui-google@example.com'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('group', { name: 'Sign in' });
    await waitFor(() => expect(server.count('POST /auth/logout')).toBe(1));
  });

  it('signs in with Facebook through the button', async () => {
    renderApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Continue with Facebook' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('ui-fb@example.com'));
  });

  it('shows a cancelled provider dialog without calling the server', async () => {
    renderApp();
    cancelNext = true;
    server.resetCounts();
    fireEvent.click(await screen.findByRole('button', { name: 'Continue with Facebook' }));
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('cancelled');
    expect(server.count('POST /auth/facebook')).toBe(0);
  });
});
