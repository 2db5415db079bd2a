import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractFetch } from '../../test/support/contract-fetch';
import { createSocialAuthClient } from '../core/client';
import { memoryStorage } from '../core/storage';
import { SocialAuthProvider } from '../SocialAuthProvider';
import { useSocialAuth } from './useSocialAuth';

afterEach(cleanup);

function Account() {
  const { status, user, error, signIn, signOut } = useSocialAuth();
  return (
    <div>
      <output>{status}</output>
      <span>{user?.email}</span>
      {error ? <p role="alert">{error.code}</p> : null}
      <button type="button" onClick={() => signIn('acme', { idToken: 'good' })}>
        in
      </button>
      <button type="button" onClick={() => signIn('acme', { idToken: 'bad' }).catch(() => undefined)}>
        bad
      </button>
      <button type="button" onClick={() => signOut()}>
        out
      </button>
    </div>
  );
}

function Devices() {
  const { sessions, user, link, unlink } = useSocialAuth();
  return (
    <div>
      <output>{`${sessions.status}:${sessions.sessions.map((s) => (s.current ? 'this' : s.id)).join(',')}`}</output>
      <span>{user?.providers.join('+')}</span>
      <button type="button" onClick={() => sessions.load()}>
        load
      </button>
      <button type="button" onClick={() => link('beta', { accessToken: 'beta-ada' })}>
        link
      </button>
      <button type="button" onClick={() => unlink('beta', 'beta-1')}>
        unlink
      </button>
    </div>
  );
}

describe('useSocialAuth', () => {
  it('moves from loading to signed in, keeps the session across a remount, and signs out', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const props = {
      apiUrl: 'http://auth.test/auth',
      storage,
      fetch: server.fetch,
      providers: { acme: { clientId: 'a' } },
    };
    const first = render(
      <SocialAuthProvider {...props}>
        <Account />
      </SocialAuthProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('loading');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedOut'));
    await act(() => screen.getByText('in').click());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    expect(screen.getByText('ada@example.com')).toBeTruthy();
    first.unmount();

    render(
      <SocialAuthProvider {...props}>
        <Account />
      </SocialAuthProvider>,
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn'));
    await act(() => screen.getByText('out').click());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedOut'));
    expect(server.count('/auth/logout')).toBe(1);
  });

  it('exposes the server error code', async () => {
    const server = createContractFetch();
    const client = createSocialAuthClient({
      apiUrl: 'http://auth.test/auth',
      storage: 'memory',
      fetch: server.fetch,
    });
    render(
      <SocialAuthProvider client={client}>
        <Account />
      </SocialAuthProvider>,
    );
    await act(() => screen.getByText('bad').click());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('invalid_token'));
  });

  it('gives the signed-in devices and link/unlink, re-rendering as they change', async () => {
    const server = createContractFetch();
    const client = createSocialAuthClient({
      apiUrl: 'http://auth.test/auth',
      storage: 'memory',
      fetch: server.fetch,
    });
    await client.signIn('acme', { idToken: 'good' });
    render(
      <SocialAuthProvider client={client}>
        <Devices />
      </SocialAuthProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('idle:');
    await act(() => screen.getByText('load').click());
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('ready:this'));
    await act(() => screen.getByText('link').click());
    await waitFor(() => expect(screen.getByText('acme+beta')).toBeTruthy());
    await act(() => screen.getByText('unlink').click());
    await waitFor(() => expect(screen.getByText('acme')).toBeTruthy());
  });

  it('explains a missing provider', () => {
    expect(() => render(<Account />)).toThrow(/SocialAuthProvider/);
  });
});
