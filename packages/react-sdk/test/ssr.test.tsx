// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createSocialAuthClient } from '../src/core/index';
import { SocialAuthProvider, SocialLogin, useSocialAuth } from '../src/index';
import { facebookButton } from '../src/providers/facebook/index';
import { googleButton } from '../src/providers/google/index';

function Status() {
  const { status, user } = useSocialAuth();
  return <output>{`status:${status} user:${user?.name ?? 'none'}`}</output>;
}

describe('server rendering', () => {
  it('creates a client and subscribes to it without window, document or storage', () => {
    const client = createSocialAuthClient({ apiUrl: 'http://localhost:1/auth' });
    const unsubscribe = client.subscribe(() => {});
    expect(client.getState()).toMatchObject({ status: 'loading', user: null, token: null });
    unsubscribe();
    client.destroy();
    // Nothing above may have touched or polyfilled a browser global.
    expect(typeof window).toBe('undefined');
    expect(typeof localStorage).toBe('undefined');
  });

  it('renders loading state and every button without touching browser APIs', () => {
    const html = renderToString(
      <SocialAuthProvider
        apiUrl="http://localhost:1/auth"
        providers={{ google: { clientId: 'g' }, facebook: { appId: 'f' } }}
        buttons={[googleButton, facebookButton]}
      >
        <Status />
        <SocialLogin />
      </SocialAuthProvider>,
    );
    expect(html).toContain('status:loading user:none');
    expect(html).toContain('aria-label="Continue with Facebook"');
    expect(html).toContain('aria-label="Sign in with Google"');
    expect(html).toContain('aria-label="Sign in"');
  });

  it('renders the provider list as loading when config comes from the server', () => {
    const html = renderToString(
      <SocialAuthProvider apiUrl="http://localhost:1/auth" messages={{ loadingProviders: 'Chargement…' }}>
        <SocialLogin />
      </SocialAuthProvider>,
    );
    expect(html).toContain('Chargement…');
    expect(html).toContain('aria-busy="true"');
  });
});
