import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractFetch } from '../test/support/contract-fetch';
import { memoryStorage } from './core/storage';
import { SocialAuthProvider } from './SocialAuthProvider';
import { SocialLogin } from './SocialLogin';

afterEach(cleanup);

describe('<SocialLogin>', () => {
  it('loads the config from the server and shows only the providers it offers', async () => {
    const server = createContractFetch();
    render(
      <SocialAuthProvider apiUrl="http://auth.test/auth" storage={memoryStorage()} fetch={server.fetch}>
        <SocialLogin providers={['facebook', 'google']} />
      </SocialAuthProvider>,
    );
    const group = screen.getByRole('group', { name: 'Sign in' });
    expect(group.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(screen.getByLabelText('Sign in with Google')).toBeTruthy());
    expect(screen.queryByLabelText('Continue with Facebook')).toBeNull();
    expect(server.count('/auth/providers')).toBe(1);
  });

  it('announces that the config could not be loaded', async () => {
    const server = createContractFetch();
    server.setDown(true);
    render(
      <SocialAuthProvider apiUrl="http://auth.test/auth" storage={memoryStorage()} fetch={server.fetch}>
        <SocialLogin />
      </SocialAuthProvider>,
    );
    expect((await screen.findByRole('alert')).dataset.errorCode).toBe('network_error');
  });
});
