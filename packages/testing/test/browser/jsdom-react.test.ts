// @vitest-environment jsdom
import FacebookLogin from '@greatsumini/react-facebook-login';
import { GoogleLogin, GoogleOAuthProvider } from '@react-oauth/google';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { type ComponentProps, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installJsdomStandIns, type JsdomStandIns } from '../../src/browser/index';
import { type FakeProviders, startFakeProviders } from '../../src/kit/index';

let fakes: FakeProviders;
let standIns: JsdomStandIns | undefined;
let root: Root | undefined;

beforeAll(async () => {
  fakes = await startFakeProviders();
});
afterAll(() => fakes.close());
afterEach(() => {
  root?.unmount();
  standIns?.uninstall();
  document.body.innerHTML = '';
});

function render(element: ReturnType<typeof createElement>) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  root.render(element);
}

const button = (name: RegExp) =>
  vi.waitFor(() => {
    const found = [...document.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''));
    if (!found) throw new Error(`no button ${name}`);
    return found;
  });

/** The component assigns fbAsyncInit after the SDK loads; FB.init runs on the next task. */
async function facebookReady() {
  await vi.waitFor(() => expect(typeof window.fbAsyncInit).toBe('function'));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('jsdom stand-ins with the real React libraries', () => {
  it('@react-oauth/google GoogleLogin signs in through the account chooser with our nonce', async () => {
    standIns = installJsdomStandIns(window, { google: fakes.google });
    const onSuccess = vi.fn();
    render(
      createElement(
        GoogleOAuthProvider,
        // children arrive as the third argument; the props type insists on them anyway.
        { clientId: fakes.google.clientId } as ComponentProps<typeof GoogleOAuthProvider>,
        createElement(GoogleLogin, { onSuccess, nonce: 'nonce-from-server' }),
      ),
    );
    (await button(/^Sign in with Google$/)).click();
    const dialog = await vi.waitFor(() => document.querySelector('[role="dialog"]') ?? Promise.reject());
    expect(dialog.getAttribute('aria-label')).toBe('Sign in with Google');
    await vi.waitFor(() => expect(dialog.querySelectorAll('button[data-account-id]')).toHaveLength(3));
    (await button(/Grace Hopper/)).click();
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalledOnce());
    const response = onSuccess.mock.calls[0]?.[0] as {
      credential: string;
      clientId: string;
      select_by: string;
    };
    expect(response).toMatchObject({ clientId: fakes.google.clientId, select_by: 'btn' });
    const jwks = createRemoteJWKSet(new URL(fakes.google.options.jwksUri));
    const { payload } = await jwtVerify(response.credential, jwks, { audience: fakes.google.clientId });
    expect(payload).toMatchObject({ email: 'grace@example.com', nonce: 'nonce-from-server' });
  });

  it('@greatsumini/react-facebook-login completes FB.login and fetches the profile', async () => {
    standIns = installJsdomStandIns(window, { facebook: fakes.facebook, autoSelect: 'alan@example.com' });
    const onSuccess = vi.fn();
    const onProfileSuccess = vi.fn();
    render(createElement(FacebookLogin, { appId: fakes.facebook.appId, onSuccess, onProfileSuccess }));
    await facebookReady();
    (await button(/^Login with Facebook$/)).click();
    await vi.waitFor(() => expect(onProfileSuccess).toHaveBeenCalledOnce());
    const authResponse = onSuccess.mock.calls[0]?.[0] as { accessToken: string; userID: string };
    expect(authResponse.userID).toBe('10000000003');
    expect(onProfileSuccess.mock.calls[0]?.[0]).toMatchObject({
      name: 'Alan Turing',
      email: 'alan@example.com',
    });
    const debug = await fetch(
      `${fakes.facebook.options.graphUrl}/debug_token?input_token=${authResponse.accessToken}&access_token=${encodeURIComponent(fakes.facebook.appToken)}`,
    );
    expect(await debug.json()).toMatchObject({ data: { is_valid: true, app_id: fakes.facebook.appId } });
  });

  it('reports a cancelled Facebook login as loginCancelled', async () => {
    standIns = installJsdomStandIns(window, { facebook: fakes.facebook });
    const onFail = vi.fn();
    render(createElement(FacebookLogin, { appId: fakes.facebook.appId, onFail }));
    await facebookReady();
    (await button(/^Login with Facebook$/)).click();
    (await button(/^Cancel$/)).click();
    await vi.waitFor(() => expect(onFail).toHaveBeenCalledWith({ status: 'loginCancelled' }));
  });
});

declare global {
  interface Window {
    FB?: unknown;
    fbAsyncInit?: () => void;
  }
}
