// @vitest-environment jsdom
import {
  GoogleLogin,
  GoogleOAuthProvider,
  googleLogout,
  type GoogleOAuthProvider as Provider,
  useGoogleLogin,
} from '@react-oauth/google';
import { type ComponentProps, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installJsdomStandIns, type JsdomStandIns } from '../../src/browser/index';
import { createFakeGoogle } from '../../src/google/index';

const google = createFakeGoogle();
let standIns: JsdomStandIns | undefined;
let root: Root | undefined;

beforeAll(() => google.listen());
afterAll(() => google.close());
afterEach(() => {
  root?.unmount();
  standIns?.uninstall();
  document.body.innerHTML = '';
});

function LoginButton(props: { flow: 'implicit' | 'auth-code'; onSuccess: (response: unknown) => void }) {
  const login = useGoogleLogin({ flow: props.flow, onSuccess: props.onSuccess } as Parameters<
    typeof useGoogleLogin
  >[0]);
  return createElement('button', { type: 'button', onClick: () => login() }, `Continue (${props.flow})`);
}

async function renderAndClick(flow: 'implicit' | 'auth-code', onSuccess: (response: unknown) => void) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  root.render(
    createElement(
      GoogleOAuthProvider,
      { clientId: google.clientId } as ComponentProps<typeof Provider>,
      createElement(LoginButton, { flow, onSuccess }),
    ),
  );
  // The token/code client exists once the stand-in has loaded and the hook's effect has run.
  await vi.waitFor(() => expect(window.google?.accounts).toBeDefined());
  await new Promise((resolve) => setTimeout(resolve, 0));
  const button = await vi.waitFor(() => document.querySelector('button') ?? Promise.reject());
  button.click();
}

describe('useGoogleLogin with the GIS stand-in', () => {
  it('implicit flow yields an access token that tokeninfo describes for our client', async () => {
    standIns = installJsdomStandIns(window, { google, autoSelect: 'grace@example.com' });
    const onSuccess = vi.fn();
    await renderAndClick('implicit', onSuccess);
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    const response = onSuccess.mock.calls[0]?.[0] as {
      access_token: string;
      token_type: string;
      scope: string;
    };
    expect(response).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining('openid') });
    const info = await fetch(`${google.options.tokenInfoUrl}?access_token=${response.access_token}`);
    expect(await info.json()).toMatchObject({ aud: google.clientId, email: 'grace@example.com' });
  });

  it('auth-code flow yields a code the token endpoint exchanges with redirect_uri=postmessage', async () => {
    standIns = installJsdomStandIns(window, { google, chooser: false });
    const onSuccess = vi.fn();
    await renderAndClick('auth-code', onSuccess);
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    const response = onSuccess.mock.lastCall?.[0] as { code: string };
    const { code } = response;
    const res = await fetch(google.options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        code,
        client_id: google.clientId,
        client_secret: google.clientSecret,
        redirect_uri: 'postmessage',
        grant_type: 'authorization_code',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id_token: expect.any(String), token_type: 'Bearer' });
  });
});

describe('One Tap with the GIS stand-in', () => {
  it('auto-selects on prompt, and asks again after googleLogout()', async () => {
    standIns = installJsdomStandIns(window, { google, autoSelect: 'ada@example.com' });
    const onSuccess = vi.fn();
    const container = document.createElement('div');
    document.body.appendChild(container);
    root = createRoot(container);
    root.render(
      createElement(
        GoogleOAuthProvider,
        { clientId: google.clientId } as ComponentProps<typeof Provider>,
        createElement(GoogleLogin, { onSuccess, useOneTap: true }),
      ),
    );
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    expect(onSuccess.mock.lastCall?.[0]).toMatchObject({ select_by: 'auto', clientId: google.clientId });
    googleLogout();
    const accounts = window.google?.accounts as { id: { prompt(): void } };
    accounts.id.prompt();
    const dialog = await vi.waitFor(() => document.querySelector('[role="dialog"]') ?? Promise.reject());
    expect(dialog.getAttribute('aria-label')).toBe('Sign in with Google');
  });
});

declare global {
  interface Window {
    google?: { accounts?: unknown };
  }
}
