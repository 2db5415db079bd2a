import { installJsdomStandIns, type JsdomStandIns } from '@socialkit/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SocialAuthProvider, SocialLogin, useSocialAuth } from '../src/index';
import { facebookButton } from '../src/providers/facebook/index';
import { googleButton as googleLoginButton } from '../src/providers/google/index';
import { type AuthServer, startAuthServer } from './support/auth-server';
import { answerChooser, facebookReady, googleButton } from './support/sandbox-ui';

let server: AuthServer;
let standIns: JsdomStandIns | undefined;

beforeAll(async () => {
  server = await startAuthServer();
  // The kit's Google and Facebook SDK stand-ins, backed by the server's fake providers: each
  // sign-in shows their account chooser, and Google signs the nonce our button passed into the ID token.
  standIns = installJsdomStandIns(window, { google: server.google, facebook: server.facebook });
});
afterAll(async () => {
  standIns?.uninstall();
  await server?.close();
});
afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

function Account() {
  const { status, user, signOut } = useSocialAuth();
  if (status === 'loading') return <output>loading</output>;
  if (status === 'signedOut') return <SocialLogin />;
  return (
    <>
      <output>{`${user?.name} <${user?.email ?? 'no email'}>`}</output>
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </>
  );
}

const renderApp = () =>
  render(
    <SocialAuthProvider apiUrl={server.apiUrl} buttons={[googleLoginButton, facebookButton]}>
      <Account />
    </SocialAuthProvider>,
  );

describe('components against @socialkit/express', () => {
  it('signs in with Google through the button, stays signed in after a remount, and signs out', async () => {
    const app = renderApp();
    fireEvent.click(await googleButton());
    await answerChooser('Sign in with Google', /Grace Hopper/);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Grace Hopper <grace@example.com>'),
    );
    expect(server.count('POST /auth/nonce')).toBeGreaterThanOrEqual(1);
    app.unmount();

    renderApp();
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Grace Hopper <grace@example.com>'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('group', { name: 'Sign in' });
    await waitFor(() => expect(server.count('POST /auth/logout')).toBe(1));
  });

  it('signs in with Facebook through the button', async () => {
    renderApp();
    await screen.findByRole('button', { name: 'Continue with Facebook' });
    await facebookReady();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with Facebook' }));
    await answerChooser('Log in with Facebook', /Alan Turing/);
    // Facebook does not vouch for emails (trustEmail is off by default): the account has none.
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Alan Turing <no email>'));
  });

  it('shows a cancelled provider dialog without calling the server', async () => {
    renderApp();
    server.resetCounts();
    await screen.findByRole('button', { name: 'Continue with Facebook' });
    await facebookReady();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with Facebook' }));
    await answerChooser('Log in with Facebook', /^Cancel$/);
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('cancelled');
    expect(server.count('POST /auth/facebook')).toBe(0);
  });
});

describe('pending link against @socialkit/express', () => {
  it('Facebook onto a Google account prompts for Google, and continuing with Google links both', async () => {
    // Grace's Google account exists (first test); her Facebook login carries the same address.
    renderApp();
    await screen.findByRole('button', { name: 'Continue with Facebook' });
    await facebookReady();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with Facebook' }));
    await answerChooser('Log in with Facebook', /Grace Hopper/);

    const prompt = await screen.findByText(/You already have an account/);
    expect(prompt.textContent).toContain(
      'You already have an account that signs in with Google. Continue with Google to add Facebook.',
    );
    expect(screen.queryByRole('button', { name: 'Continue with Facebook' })).toBeNull();

    fireEvent.click(await googleButton());
    await answerChooser('Sign in with Google', /Grace Hopper/);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Grace Hopper <grace@example.com>'),
    );
    expect(server.lastBody('/auth/google')).toEqual({
      idToken: expect.any(String),
      linkToken: expect.any(String),
    });
    expect(screen.queryByText(/You already have an account/)).toBeNull();

    // Facebook now signs in to the same account.
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Continue with Facebook' });
    await facebookReady();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with Facebook' }));
    await answerChooser('Log in with Facebook', /Grace Hopper/);
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Grace Hopper <grace@example.com>'),
    );
  });
});
