import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appleButton } from '../src/providers/apple/index';
import { githubButton } from '../src/providers/github/index';
import { googleButton } from '../src/providers/google/index';
import { microsoftButton } from '../src/providers/microsoft/index';
import { oidcButton } from '../src/providers/oidc/index';
import { SocialLogin } from '../src/SocialLogin';
import { fakeAuthServer, renderWithAuth, stubWindowOpen } from './support/popup-harness';

// What a server running all six providers answers on GET /providers (DESIGN.md's public configs).
const PUBLIC_CONFIG = {
  google: { clientId: 'g.apps.googleusercontent.com', flows: ['idToken', 'code'] },
  apple: {
    clientId: 'com.example.web',
    authorizationEndpoint: 'https://appleid.apple.test/auth/authorize',
    flows: ['idToken', 'code'],
  },
  microsoft: {
    clientId: '00000000-0000-0000-0000-00000000c1d0',
    tenant: 'common',
    flows: ['idToken', 'code'],
  },
  github: {
    clientId: 'Ov23liExample',
    authorizationEndpoint: 'https://github.test/login/oauth/authorize',
    flows: ['code', 'accessToken'],
  },
  oidc: {
    id: 'oidc',
    name: 'Acme SSO',
    issuer: 'https://sso.acme.test',
    clientId: 'acme',
    authorizationEndpoint: 'https://sso.acme.test/authorize',
  },
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('<SocialLogin> with the popup buttons', () => {
  it('renders every provider from GET /providers alone, in the order asked, with its brand label', async () => {
    const server = fakeAuthServer(PUBLIC_CONFIG);
    renderWithAuth(
      server,
      [googleButton, appleButton, microsoftButton, githubButton, oidcButton],
      <SocialLogin providers={['google', 'apple', 'microsoft', 'github', 'oidc']} />,
    );
    const group = await screen.findByRole('group');
    await waitFor(() => expect(within(group).getAllByRole('button').length).toBeGreaterThanOrEqual(4));
    const popupLabels = [
      'Sign in with Apple',
      'Sign in with Microsoft',
      'Continue with GitHub',
      'Continue with Acme SSO',
    ];
    const buttons = popupLabels.map(
      (name) => within(group).getByRole('button', { name }) as HTMLButtonElement,
    );
    await waitFor(() =>
      expect(buttons.map((button) => button.disabled)).toEqual([false, false, false, false]),
    );
    const order = [...group.querySelectorAll('[data-provider]')].map((node) =>
      node.getAttribute('data-provider'),
    );
    expect(order).toEqual(['google', 'apple', 'microsoft', 'github', 'oidc']);
    expect(server.fetch.mock.calls.filter(([url]) => String(url).endsWith('/auth/providers'))).toHaveLength(
      1,
    );
  });

  it('leaves out a provider the server does not offer', async () => {
    const { github, oidc } = PUBLIC_CONFIG;
    const server = fakeAuthServer({ github, oidc });
    renderWithAuth(
      server,
      [appleButton, microsoftButton, githubButton, oidcButton],
      <SocialLogin providers={['apple', 'microsoft', 'github', 'oidc']} />,
    );
    await screen.findByRole('button', { name: 'Continue with GitHub' });
    expect(screen.queryByRole('button', { name: 'Sign in with Apple' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign in with Microsoft' })).toBeNull();
  });

  it('links with intent="link": the popup code goes to POST /link/:provider', async () => {
    const server = fakeAuthServer({ github: PUBLIC_CONFIG.github });
    const { popups } = stubWindowOpen();
    const { client } = renderWithAuth(
      server,
      [githubButton],
      <SocialLogin providers={['github']} intent="link" />,
    );
    await act(async () => {
      await client.signIn('google', { idToken: 'any' });
    });
    const button = (await screen.findByRole('button', { name: 'Continue with GitHub' })) as HTMLButtonElement;
    await waitFor(() => expect(button.disabled).toBe(false));
    fireEvent.click(button);
    const popup = popups[0];
    if (!popup) throw new Error('no popup');
    const state = (await popup.authorizeUrl()).searchParams.get('state') ?? '';
    await act(async () => popup.answer({ provider: 'github', state, code: 'link-code' }));
    await waitFor(() => expect(server.bodies.get('/auth/link/github')).toMatchObject({ code: 'link-code' }));
    expect(server.bodies.has('/auth/github')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
