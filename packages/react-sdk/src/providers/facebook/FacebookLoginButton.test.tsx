import { installJsdomStandIns, type JsdomStandIns } from '@socialkit/testing';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from '../../../test/support/auth-server';
import { answerChooser, facebookReady } from '../../../test/support/sandbox-ui';
import { memoryStorage } from '../../core/storage';
import { useSocialAuth } from '../../hooks/useSocialAuth';
import { SocialAuthProvider } from '../../SocialAuthProvider';
import { FacebookLoginButton } from './FacebookLoginButton';

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
});

function Status() {
  return <output>{useSocialAuth().status}</output>;
}

async function renderButton(autoSelect?: string) {
  standIns = installJsdomStandIns(window, {
    facebook: server.facebook,
    ...(autoSelect ? { autoSelect } : {}),
  });
  render(
    <SocialAuthProvider
      apiUrl={server.apiUrl}
      storage={memoryStorage()}
      providers={{ facebook: { appId: server.facebook.appId } }}
      messages={{
        buttons: { facebook: 'Continuer avec Facebook' },
        signingIn: 'Connexion…',
        errors: { cancelled: 'Annulé.' },
      }}
    >
      <Status />
      <FacebookLoginButton />
    </SocialAuthProvider>,
  );
  await facebookReady();
}

describe('<FacebookLoginButton>', () => {
  it('posts the access token with the user id, busy until the server answers', async () => {
    await renderButton('ada@example.com');
    const button = screen.getByRole('button', { name: 'Continuer avec Facebook' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedOut'));
    const release = server.hold();
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(button.textContent).toBe('Connexion…');
    await waitFor(() => expect(server.count('POST /auth/facebook')).toBe(1));
    release();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(server.lastBody('/auth/facebook')).toEqual({
      accessToken: expect.any(String),
      userID: '10000000001',
    });
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  it('announces a cancelled dialog in the app language', async () => {
    await renderButton();
    fireEvent.click(screen.getByRole('button', { name: 'Continuer avec Facebook' }));
    await answerChooser('Log in with Facebook', /^Cancel$/);
    expect((await screen.findByRole('alert')).textContent).toBe('Annulé.');
    expect(server.count('POST /auth/facebook')).toBe(0);
  });
});
