import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractFetch } from '../test/support/contract-fetch';
import { defineSocialButton, type SocialButtonProps } from './buttons/registry';
import { createSocialAuthClient } from './core/client';
import { memoryStorage } from './core/storage';
import { useProviderConfig } from './hooks/useProviderConfig';
import { useSignInAttempt } from './hooks/useSignInAttempt';
import { useSocialAuth } from './hooks/useSocialAuth';
import { SignInError } from './SignInError';
import { SocialAuthProvider } from './SocialAuthProvider';
import { SocialLogin } from './SocialLogin';

afterEach(cleanup);

interface FakeButtonProps extends SocialButtonProps {
  id: string;
  name: string;
  credential: Record<string, string>;
  suffix?: string;
}

/** A button an app writes itself: it only knows its provider id and the exported hooks. */
function FakeButton({ id, name, credential, suffix, ...props }: FakeButtonProps) {
  const { config } = useProviderConfig(id);
  const attempt = useSignInAttempt(id, props);
  return (
    <div data-provider={id}>
      <button
        type="button"
        disabled={!config || attempt.busy}
        onClick={() => {
          attempt.begin();
          void attempt.complete(credential);
        }}
      >
        {props.label ?? `${name} button${suffix ?? ''}`}
      </button>
      <SignInError error={attempt.error} />
    </div>
  );
}

const acme = defineSocialButton({
  id: 'acme',
  name: 'Acme',
  Button: (props: SocialButtonProps) => (
    <FakeButton {...props} id="acme" name="Acme" credential={{ idToken: 'good' }} />
  ),
});
const beta = defineSocialButton({
  id: 'beta',
  name: 'Beta',
  Button: (props: SocialButtonProps) => (
    <FakeButton {...props} id="beta" name="Beta" credential={{ accessToken: 'beta-ada' }} />
  ),
});
const unconfigured = defineSocialButton({
  id: 'gamma',
  name: 'Gamma',
  Button: (props: SocialButtonProps) => <FakeButton {...props} id="gamma" name="Gamma" credential={{}} />,
});

function Status() {
  const { status, user } = useSocialAuth();
  return <output>{`${status} ${user?.providers.join('+') ?? ''}`}</output>;
}

describe('<SocialLogin>', () => {
  it('loads the config from the server and shows the registered buttons it offers, in the asked order', async () => {
    const server = createContractFetch();
    render(
      <SocialAuthProvider
        apiUrl="http://auth.test/auth"
        storage={memoryStorage()}
        fetch={server.fetch}
        buttons={[acme, beta, unconfigured]}
      >
        <SocialLogin
          providers={['gamma', 'beta', 'acme', 'unregistered']}
          buttonProps={{ beta: { suffix: '!' } }}
        />
      </SocialAuthProvider>,
    );
    const group = screen.getByRole('group', { name: 'Sign in' });
    expect(group.getAttribute('aria-busy')).toBe('true');
    await screen.findByText('Acme button');
    expect(
      within(group)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Beta button!', 'Acme button']);
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

  it('on account_exists prompts with only the proving providers, then links by signing in with one', async () => {
    const server = createContractFetch();
    render(
      <SocialAuthProvider
        apiUrl="http://auth.test/auth"
        storage={memoryStorage()}
        fetch={server.fetch}
        buttons={[acme, beta]}
        messages={{ providerNames: { beta: 'Beta Social' } }}
      >
        <Status />
        <SocialLogin />
      </SocialAuthProvider>,
    );
    fireEvent.click(await screen.findByText('Beta button'));
    const prompt = await screen.findByText(/You already have an account/);
    expect(prompt.textContent).toBe(
      'You already have an account that signs in with Acme. Continue with Acme to add Beta Social. Cancel',
    );
    expect(screen.queryByText('Beta button')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();

    await act(async () => fireEvent.click(screen.getByText('Acme button')));
    await waitFor(() => expect(screen.getAllByRole('status')[0]?.textContent).toBe('signedIn acme+beta'));
    expect(server.lastBody('/auth/acme')).toEqual({ idToken: 'good', linkToken: 'lt-1' });
    expect(screen.queryByText(/You already have an account/)).toBeNull();
  });

  it('a cancelled prompt shows every button again and the next sign-in sends no link token', async () => {
    const server = createContractFetch();
    const client = createSocialAuthClient({
      apiUrl: 'http://auth.test/auth',
      storage: 'memory',
      fetch: server.fetch,
    });
    render(
      <SocialAuthProvider
        client={client}
        buttons={[acme, beta]}
        messages={{
          pendingLink: 'Compte existant : {existing}. Continuez avec {existing} pour ajouter {pending}.',
          cancelLink: 'Annuler',
        }}
      >
        <SocialLogin />
      </SocialAuthProvider>,
    );
    fireEvent.click(await screen.findByText('Beta button'));
    await screen.findByText(/Compte existant : Acme\. Continuez avec Acme pour ajouter Beta\./);
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    await screen.findByText('Beta button');
    expect(client.getState().pendingLink).toBeNull();
    await act(async () => fireEvent.click(screen.getByText('Acme button')));
    await waitFor(() => expect(client.getState().status).toBe('signedIn'));
    expect(server.lastBody('/auth/acme')).toEqual({ idToken: 'good' });
    expect(server.providersOf('ada')).toEqual(['acme']);
  });

  it('intent="link" adds the provider to the signed-in user', async () => {
    const server = createContractFetch();
    const client = createSocialAuthClient({
      apiUrl: 'http://auth.test/auth',
      storage: 'memory',
      fetch: server.fetch,
    });
    await client.signIn('acme', { idToken: 'good' });
    render(
      <SocialAuthProvider client={client} buttons={[acme, beta]}>
        <Status />
        <SocialLogin providers={['beta']} intent="link" />
      </SocialAuthProvider>,
    );
    await act(async () => fireEvent.click(await screen.findByText('Beta button')));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('signedIn acme+beta'));
    expect(server.count('/auth/link/beta')).toBe(1);
    expect(server.count('/auth/beta')).toBe(0);
  });
});
